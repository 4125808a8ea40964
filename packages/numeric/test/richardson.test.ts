import { exp, mul, type Scalar, sin, type UnivariateFunction } from '@dualtape/core';
import { describe, expect, it } from 'vitest';
import { NOISE, RICHARDSON } from '../src/defaults.js';
import { derivativeWithError } from '../src/derivative.js';
import { richardsonExtrapolate } from '../src/richardson.js';
import { ACCURACY } from './helpers.js';

describe('richardsonExtrapolate', () => {
  it('removes an error series in even powers of h exactly (Neville tableau)', () => {
    const limit = [Math.PI, -2];
    const result = richardsonExtrapolate(
      (h) => ({
        value: Float64Array.of(limit[0]! + 3 * h * h - 7 * h ** 4, limit[1]! + 0.5 * h * h + h ** 6),
        rounding: Float64Array.of(0, 0),
      }),
      0.1,
    );
    expect(Math.abs(result.value[0]! - limit[0]!)).toBeLessThan(1e-14);
    expect(Math.abs(result.value[1]! - limit[1]!)).toBeLessThan(1e-14);
    expect(Math.abs(result.value[0]! - limit[0]!)).toBeLessThanOrEqual(result.error[0]!);
  });

  it('gives an infinite error when the sequence is NaN', () => {
    const result = richardsonExtrapolate(
      () => ({ value: Float64Array.of(Number.NaN), rounding: Float64Array.of(0) }),
      0.1,
    );
    expect(Number.isNaN(result.value[0]!)).toBe(true);
    expect(result.error[0]).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('Richardson through derivativeWithError', () => {
  it("exp'(0) = 1 to ~1e-14, inside its error bound", () => {
    const estimate = derivativeWithError(exp, 0, { scheme: 'richardson' });
    expect(Math.abs(estimate.value - 1)).toBeLessThanOrEqual(estimate.error);
    expect(Math.abs(estimate.value - 1)).toBeLessThan(ACCURACY.richardson);
    expect(estimate.error).toBeLessThan(1e-11);
  });

  it('restarts from smaller steps when a feature is smaller than the first step (sin 50x)', () => {
    const fast: UnivariateFunction = <T extends Scalar>(x: T) => sin(mul(50, x));
    const x = 0.3;
    const truth = 50 * Math.cos(15);
    const estimate = derivativeWithError(fast, x, { scheme: 'richardson' });
    expect(Math.abs(estimate.value - truth)).toBeLessThanOrEqual(estimate.error);
    expect(Math.abs(estimate.value - truth) / 50).toBeLessThan(ACCURACY.richardson);
    // Three sequences of at most 10 levels, 2 evaluations each, and the noise measurement.
    expect(estimate.evaluations).toBeLessThanOrEqual(3 * RICHARDSON.levels * 2 + NOISE.points);
  });
});
