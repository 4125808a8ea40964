import { DomainError } from '@dualtape/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logGamma, regularizedBeta, studentTCdf, studentTQuantile } from '../../src/engine/student-t.js';
import { PROPERTY_RUNS, T_ROUND_TRIP_TOLERANCE, T_TABLE_TOLERANCE } from '../helpers.js';

// Two-sided 95% critical values t(0.975, df) as printed in standard statistical tables.
const TABLE_975: readonly (readonly [number, number])[] = [
  [1, 12.706],
  [2, 4.303],
  [3, 3.182],
  [4, 2.776],
  [5, 2.571],
  [8, 2.306],
  [10, 2.228],
  [20, 2.086],
  [30, 2.042],
  [120, 1.98],
];

describe('Student t quantile', () => {
  it('matches printed tables of t(0.975, df)', () => {
    for (const [df, expected] of TABLE_975) {
      const got = studentTQuantile(0.975, df);
      expect(Math.abs(got - expected) / expected, `df = ${df}: got ${got}, table ${expected}`).toBeLessThan(
        T_TABLE_TOLERANCE,
      );
    }
  });

  it('approaches the normal quantile 1.95996 for large df', () => {
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.959964, 4);
  });

  it('is the Cauchy quantile tan(π(p − 1/2)) for df = 1', () => {
    for (const p of [0.6, 0.9, 0.99, 0.999]) {
      const exact = Math.tan(Math.PI * (p - 0.5));
      expect(Math.abs(studentTQuantile(p, 1) - exact) / exact).toBeLessThan(T_ROUND_TRIP_TOLERANCE);
    }
  });

  it('inverts the CDF and is antisymmetric', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.integer({ min: 1, max: 200 }),
        (p, df) => {
          const t = studentTQuantile(p, df);
          expect(Math.abs(studentTCdf(t, df) - p)).toBeLessThan(T_ROUND_TRIP_TOLERANCE);
          expect(studentTQuantile(1 - p, df)).toBeCloseTo(-t, 8);
        },
      ),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('refuses probabilities outside (0, 1) and non-positive degrees of freedom', () => {
    expect(() => studentTQuantile(0, 3)).toThrow(DomainError);
    expect(() => studentTQuantile(1, 3)).toThrow(DomainError);
    expect(() => studentTQuantile(0.5, 0)).toThrow(/degrees of freedom/);
  });
});

describe('special functions', () => {
  it('logGamma matches factorials and Γ(1/2) = √π', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 10);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });

  it('regularizedBeta has the closed forms I_x(1, 1) = x and I_x(a, 1) = x^a', () => {
    for (const x of [0.1, 0.35, 0.8]) {
      expect(regularizedBeta(x, 1, 1)).toBeCloseTo(x, 12);
      expect(regularizedBeta(x, 3, 1)).toBeCloseTo(x ** 3, 12);
    }
    expect(regularizedBeta(0, 2, 3)).toBe(0);
    expect(regularizedBeta(1, 2, 3)).toBe(1);
  });
});
