/** An anomaly in a function source transformation reads names the source statement it came from. */
import {
  AnomalyError,
  log,
  mul,
  type Scalar,
  type ScalarFunction,
  sqrt,
  type UnivariateFunction,
  type VectorFunction,
} from '@dualtape/core';
import { describe, expect, it } from 'vitest';
import { derivative, findAnomaly, gradient, jacobian, vjp } from '../../src/index.js';

function anomalyOf(call: () => unknown): AnomalyError {
  try {
    call();
  } catch (error) {
    if (error instanceof AnomalyError) return error;
    throw error;
  }
  throw new Error('expected an AnomalyError');
}

// Plain JavaScript, written over several lines so that each statement has a line of its own.
const overflow = function overflow(x: number[]) {
  const scaled = 2 * x[0]!;
  const big = Math.exp(scaled);
  return Math.log1p(big) + x[1]!;
} as unknown as ScalarFunction;

// sqrt(x0²) at 0: forward mode sees a zero tangent (strong zero), reverse mode an infinite adjoint.
const kink = function kink(x: number[]) {
  const square = x[0]! * x[0]!;
  const root = Math.sqrt(square);
  return root + x[1]!;
} as unknown as ScalarFunction;

describe('the source statement of an anomaly', () => {
  it('forward mode: the statement whose operation overflowed', () => {
    const error = anomalyOf(() => gradient(overflow, [500, 1], { mode: 'forward', detectAnomaly: true }));
    expect(error.anomaly.operation).toBe('exp');
    expect(error.message).toContain('in overflow, line 3: const big = Math.exp(scaled);');
  });

  it('reverse mode: an adjoint anomaly, found on the tape after the sweep, still names its statement', () => {
    expect(gradient(kink, [0, 1], { mode: 'forward', detectAnomaly: true })).toEqual(Float64Array.of(0, 1));
    const error = anomalyOf(() => gradient(kink, [0, 1], { mode: 'reverse', detectAnomaly: true }));
    expect(error.anomaly.quantity).toBe('adjoint');
    expect(error.anomaly.operation).toBe('sqrt');
    expect(error.message).toContain('in kink, line 3: const root = Math.sqrt(square);');
  });

  it('every call: derivative, jacobian and a pullback, in both modes', () => {
    const g = ((t: number) => Math.log(t - 1)) as unknown as UnivariateFunction;
    for (const mode of ['forward', 'reverse'] as const) {
      const inDerivative = anomalyOf(() => derivative(g, 1, { mode, detectAnomaly: true }));
      expect(inDerivative.message, mode).toContain('line 1: Math.log(t - 1)');
      const h = ((x: number[]) => [Math.log(x[0]!), x[1]!]) as unknown as VectorFunction;
      const inJacobian = anomalyOf(() => jacobian(h, [0, 1], { mode, detectAnomaly: true }));
      expect(inJacobian.message, mode).toContain('line 1: [Math.log(x[0]), x[1]]');
      const inPullback = anomalyOf(() => vjp(h, [0, 1], { mode, detectAnomaly: true }).pullback([1, 1]));
      expect(inPullback.message, mode).toContain('line 1: [Math.log(x[0]), x[1]]');
    }
  });

  it('inside a helper: the helper and its line', () => {
    const withHelper = function withHelper(x: number[]) {
      function grow(v: number) {
        return Math.exp(v);
      }
      return grow(x[0]!) * 0 + x[1]!;
    } as unknown as ScalarFunction;
    const error = anomalyOf(() => gradient(withHelper, [800, 1], { mode: 'forward', detectAnomaly: true }));
    expect(error.message).toContain('in grow, line 3: return Math.exp(v);');
  });

  it("dualtape's dialect transforms too, so its statements are named", () => {
    const dialect = function dialect<T extends Scalar>([x]: readonly T[]) {
      const root = sqrt(mul(x!, x!));
      return log(root);
    } as unknown as ScalarFunction;
    const error = anomalyOf(() => gradient(dialect, [0], { mode: 'forward', detectAnomaly: true }));
    expect(error.anomaly.operation).toBe('log');
    // (vitest rewrites the imported `log` in the function's text; the line is the same)
    expect(error.message).toMatch(/in dialect, line 3: return .*log.*\(root\);/);
  });

  it('findAnomaly carries the statement and its source line with a caret', () => {
    const found = findAnomaly('gradient', overflow, [500, 1]);
    expect(found?.statement).toMatchObject({ functionName: 'overflow', line: 3 });
    const [source = '', caret = ''] = found?.caret?.split('\n') ?? [];
    expect(source.trim()).toBe('const big = Math.exp(scaled);');
    expect(caret.indexOf('^')).toBe(source.indexOf('const'));
    expect(found?.caret).toBe(found?.statement?.excerpt);
  });

  it('a function the transform cannot read keeps the anomaly as the mode found it', () => {
    const box = { scale: 2 };
    const unreadable = ((x: Scalar[]) => log(mul(x[0]!, box.scale))) as unknown as ScalarFunction;
    const error = anomalyOf(() => gradient(unreadable, [0], { mode: 'forward', detectAnomaly: true }));
    expect(error.anomaly.operation).toBe('log');
    expect(error.message).not.toContain(' line ');
    expect(findAnomaly('gradient', unreadable, [0])?.statement).toBeUndefined();
  });
});
