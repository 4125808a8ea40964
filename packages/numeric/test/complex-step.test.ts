import {
  abs,
  add,
  max,
  mul,
  type Real,
  type Scalar,
  type ScalarFunction,
  sqrt,
  square,
  sub,
  UsageError,
} from '@dualtape/core';
import { describe, expect, it } from 'vitest';
import { derivative, derivativeWithError } from '../src/derivative.js';
import { gradient, gradientWithError } from '../src/gradient.js';

describe('the complex step', () => {
  it('is exact where central differences lose half their digits: a steep function at a large x', () => {
    const steep = <T extends Scalar>(x: T) => mul(square(x), sqrt(x));
    const x = 1e4;
    const truth = 2.5 * x * Math.sqrt(x);
    expect(Math.abs(derivative(steep, x, { scheme: 'complex-step' }) - truth) / truth).toBeLessThan(1e-15);
    const estimate = derivativeWithError(steep, x, { scheme: 'complex-step' });
    expect(Math.abs(estimate.value - truth)).toBeLessThanOrEqual(estimate.error);
    expect(estimate.evaluations).toBe(1);
  });

  it('follows the non-analytic conventions: |x| has slope ±1 and 0 at 0; max takes the larger branch', () => {
    expect(derivative(abs, -3, { scheme: 'complex-step' })).toBe(-1);
    expect(derivative(abs, 0, { scheme: 'complex-step' })).toBe(0);
    const relu: ScalarFunction = <T extends Scalar>([x]: readonly T[]) => max(x!, 0) as T;
    expect(Array.from(gradient(relu, [2], { scheme: 'complex-step' }))).toEqual([1]);
    expect(Array.from(gradient(relu, [-2], { scheme: 'complex-step' }))).toEqual([0]);
  });

  it('bounds a derivative that is 0 by cancellation by the scale of f, not by 0', () => {
    const cancelling: ScalarFunction = <T extends Scalar>([x]: readonly T[]) => sub(add(x!, 1), x!) as T;
    const estimate = gradientWithError(cancelling, [3], { scheme: 'complex-step' });
    expect(Array.from(estimate.value)).toEqual([0]);
    // A few ulps of |f| / max(1, |x|) = 1/3.
    expect(estimate.error[0]).toBeGreaterThan(Number.EPSILON / 3);
    expect(estimate.error[0]).toBeLessThan(1e-13);
  });

  it('refuses a function that returns another number type', () => {
    const foreign = { primal: 1 } as unknown as Real;
    const leaky: ScalarFunction = (() => foreign) as unknown as ScalarFunction;
    expect(() => gradient(leaky, [1], { scheme: 'complex-step' })).toThrow(UsageError);
    expect(() => gradient(leaky, [1], { scheme: 'complex-step' })).toThrow(
      /gradient: f returned an object, not a number or a Complex \(the complex step/,
    );
  });
});
