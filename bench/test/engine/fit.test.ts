import { DomainError, ShapeError, UsageError } from '@dualtape/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitPowerLaw } from '../../src/engine/fit.js';
import { EXACT_FIT_TOLERANCE, MIN_COVERAGE, PROPERTY_RUNS, SEED, seededRandom } from '../helpers.js';

const SIZES = [16, 32, 64, 128, 256, 512, 1024, 2048];

/** A standard normal deviate (Box–Muller) from a uniform generator. */
function normal(random: () => number): number {
  const u = Math.max(random(), 1e-300);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

describe('fitPowerLaw', () => {
  it('recovers the exponent of an exact power law to rounding, with a zero-width interval', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -2, max: 3, noNaN: true }),
        fc.double({ min: 1e-6, max: 1e3, noNaN: true }),
        (exponent, constant) => {
          const fit = fitPowerLaw(
            SIZES,
            SIZES.map((n) => constant * n ** exponent),
          );
          expect(Math.abs(fit.exponent - exponent)).toBeLessThan(EXACT_FIT_TOLERANCE);
          expect(Math.abs(fit.intercept - Math.log(constant))).toBeLessThan(EXACT_FIT_TOLERANCE * 10);
          expect(fit.confidenceInterval[1] - fit.confidenceInterval[0]).toBeLessThan(EXACT_FIT_TOLERANCE);
          // R² compares with the spread of the values: meaningless for a flat line.
          if (Math.abs(exponent) >= 0.1) expect(fit.rSquared).toBeGreaterThan(1 - 1e-12);
        },
      ),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('recovers known exponents under 10% multiplicative noise, the 95% interval covering them ~95% of the time', () => {
    const random = seededRandom(SEED);
    const trials = 300;
    let covered = 0;
    for (let trial = 0; trial < trials; trial++) {
      const exponent = [0, 0.5, 1, 2][trial % 4]!;
      const values = SIZES.map((n) => 3e-4 * n ** exponent * Math.exp(0.1 * normal(random)));
      const fit = fitPowerLaw(SIZES, values);
      // Noise of 10% on 8 points spread over 7 octaves moves the slope by a few hundredths.
      expect(Math.abs(fit.exponent - exponent)).toBeLessThan(0.15);
      expect(fit.confidenceInterval[0]).toBeLessThan(fit.exponent);
      expect(fit.confidenceInterval[1]).toBeGreaterThan(fit.exponent);
      if (fit.confidenceInterval[0] <= exponent && exponent <= fit.confidenceInterval[1]) covered++;
    }
    expect(covered / trials).toBeGreaterThan(MIN_COVERAGE);
    expect(covered / trials).toBeLessThanOrEqual(1);
  });

  it('widens the interval with fewer points and more noise (t with n − 2 degrees of freedom)', () => {
    const noisy = [1.0, 2.3, 3.6, 8.9];
    const sizes = [1, 2, 4, 8];
    const fit = fitPowerLaw(sizes, noisy);
    // By hand: x = ln sizes, y = ln noisy; t(0.975, 2) = 4.303 multiplies the slope's standard error.
    const xs = sizes.map(Math.log);
    const ys = noisy.map(Math.log);
    const mx = xs.reduce((a, b) => a + b) / 4;
    const my = ys.reduce((a, b) => a + b) / 4;
    const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
    const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0) / sxx;
    const residual = xs.reduce((a, x, i) => a + (ys[i]! - (my + slope * (x - mx))) ** 2, 0);
    const se = Math.sqrt(residual / 2 / sxx);
    expect(fit.exponent).toBeCloseTo(slope, 12);
    expect(fit.standardError).toBeCloseTo(se, 12);
    expect(fit.confidenceInterval[1] - fit.exponent).toBeCloseTo(4.303 * se, 2);
  });

  it('fits a flat series with exponent 0, a zero-width interval and an undefined R²', () => {
    const fit = fitPowerLaw([16, 64, 256, 1024], [1048576, 1048576, 1048576, 1048576]);
    expect(fit.exponent).toBe(0);
    expect(fit.confidenceInterval[1] - fit.confidenceInterval[0]).toBe(0);
    expect(fit.rSquared).toBeNaN();
  });

  it('gives an infinite interval for two points', () => {
    const fit = fitPowerLaw([10, 100], [1, 10]);
    expect(fit.exponent).toBeCloseTo(1, 12);
    expect(fit.standardError).toBe(Number.POSITIVE_INFINITY);
    expect(fit.confidenceInterval).toEqual([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]);
  });

  it('refuses bad input with named errors', () => {
    expect(() => fitPowerLaw([1, 2], [1])).toThrow(ShapeError);
    expect(() => fitPowerLaw([1], [1])).toThrow(UsageError);
    expect(() => fitPowerLaw([4, 4, 4], [1, 2, 3])).toThrow(/distinct/);
    expect(() => fitPowerLaw([1, 2, 4], [1, 0, 3])).toThrow(DomainError);
    expect(() => fitPowerLaw([1, 2, 4], [1, Number.NaN, 3])).toThrow(/value #1/);
    expect(() => fitPowerLaw([1, -2, 4], [1, 2, 3])).toThrow(/size #1/);
    expect(() => fitPowerLaw([1, 2, 4], [1, 2, 3], { confidenceLevel: 1 })).toThrow(UsageError);
  });
});
