/**
 * One place for input and output checks: the umbrella and each mode package refuse a bad function, a
 * vector output where one value is needed, and a bad cotangent with the same error and the same words,
 * whichever mode (and implementation) runs.
 */
import { type ScalarFunction, ShapeError, UsageError, type VectorFunction } from '@dualtape/core';
import * as forward from '@dualtape/forward';
import * as numeric from '@dualtape/numeric';
import * as reverse from '@dualtape/reverse';
import { describe, expect, it } from 'vitest';
import { gradient, hessian, type Mode, vjp } from '../../src/index.js';

const MODES: readonly Mode[] = ['forward', 'reverse', 'numeric', 'auto'];

/** The error `run` throws, as `Name: message` (the test fails if it returns). */
function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
  throw new Error('expected a refusal');
}

describe('one check, one message, in every mode', () => {
  it('refuses something that is not a function before calling it', () => {
    const notAFunction = 42 as unknown as ScalarFunction;
    const expected = 'UsageError: gradient: f must be a function, got 42';
    for (const mode of MODES)
      expect(
        refusal(() => gradient(notAFunction, [1], { mode })),
        mode,
      ).toBe(expected);
    expect(refusal(() => forward.gradient(notAFunction, [1]))).toBe(expected);
    expect(refusal(() => reverse.gradient(notAFunction, [1]))).toBe(expected);
    expect(refusal(() => numeric.gradient(notAFunction, [1]))).toBe(expected);
    for (const call of [
      () => reverse.valueAndGradient(notAFunction, [1]),
      () => reverse.jacobian(notAFunction as unknown as VectorFunction, [1]),
      () => reverse.vjp(notAFunction as unknown as VectorFunction, [1]),
      () => reverse.hessian(notAFunction, [1]),
      () => reverse.derivative(notAFunction as never, 1),
      () => reverse.record(notAFunction, [1]),
      () => reverse.compileGradient(notAFunction, [1]),
    ]) {
      expect(call).toThrow(UsageError);
      expect(call).toThrow(/f must be a function, got 42$/);
    }
    expect(() => reverse.checkpoint(3 as never, [1])).toThrow(
      'checkpoint: segment must be a function, got 3',
    );
  });

  it('refuses a vector output where one value is needed with the same ShapeError', () => {
    const vector = ((x: readonly number[]) => [x[0], x[0]]) as unknown as ScalarFunction;
    const expected =
      'ShapeError: hessian: f returned an array of length 2; hessian needs a function with one output (use ' +
      'jacobian or vjp for a vector function)';
    for (const mode of MODES)
      expect(
        refusal(() => hessian(vector, [1], { mode })),
        mode,
      ).toBe(expected);
    expect(refusal(() => forward.hessian(vector, [1]))).toBe(expected);
    expect(refusal(() => reverse.hessian(vector, [1]))).toBe(expected);
    expect(refusal(() => numeric.hessian(vector, [1]))).toBe(expected);
    expect(() => gradient(vector, [1], { mode: 'reverse', implementation: 'transform' })).toThrow(ShapeError);
  });

  it("checks a pullback's cotangent with core's checkDirection in every mode", () => {
    const f = ((x: readonly number[]) => [x[0]]) as unknown as VectorFunction;
    const short = "ShapeError: vjp pullback: u has length 2 but f's output has length 1; they must match";
    const nan = 'DomainError: vjp pullback: u[0] is NaN; it must be a finite number';
    for (const mode of MODES) {
      expect(
        refusal(() => vjp(f, [1], { mode }).pullback([1, 2])),
        mode,
      ).toBe(short);
      expect(
        refusal(() => vjp(f, [1], { mode }).pullback([Number.NaN])),
        mode,
      ).toBe(nan);
    }
    expect(refusal(() => reverse.vjp(f, [1]).pullback([1, 2]))).toBe(short);
  });
});
