import {
  DomainError,
  mul,
  newCounters,
  type ScalarFunction,
  ShapeError,
  sin,
  square,
  UsageError,
} from '@dualtape/core';
import { describe, expect, it } from 'vitest';
import { hvp, hvpWithError } from '../src/hvp.js';

/** x²·sin(y) and its Hessian, by hand. */
const curved: ScalarFunction = ([x, y]) => mul(square(x!), sin(y!));
function curvedHvp([x, y]: readonly number[], [a, b]: readonly number[]): number[] {
  return [
    2 * Math.sin(y!) * a! + 2 * x! * Math.cos(y!) * b!,
    2 * x! * Math.cos(y!) * a! - x! * x! * Math.sin(y!) * b!,
  ];
}

describe('hvp (mixed central differences)', () => {
  it('agrees with the hand-derived Hessian times v within its own error estimate, which is small', () => {
    for (const [point, direction] of [
      [
        [0.7, -1.2],
        [1, 0.5],
      ],
      [
        [3, 2],
        [-2, 4],
      ],
      [
        [-0.1, 0.3],
        [1e-3, 0],
      ],
    ] as const) {
      const estimate = hvpWithError(curved, point, direction);
      const exact = curvedHvp(point, direction);
      estimate.value.forEach((value, i) => {
        expect(Math.abs(value - exact[i]!)).toBeLessThanOrEqual(estimate.error[i]!);
        expect(estimate.error[i]!).toBeLessThan(1e-5 * Math.max(1, Math.abs(exact[i]!)));
      });
      expect(estimate.nonFinite).toBe(0);
    }
  });

  it('needs 4N evaluations (the plain call)', () => {
    const counters = newCounters();
    hvp(curved, [1, 2], [1, 1], { counters });
    expect(counters.evaluations).toBe(8);
  });

  it('refuses a bad direction and the schemes it does not have', () => {
    expect(() => hvp(curved, [1, 2], [1])).toThrow(ShapeError);
    expect(() => hvp(curved, [1, 2], [1])).toThrow('hvp: v has length 1 but x has length 2; they must match');
    expect(() => hvp(curved, [1, 2], [Number.NaN, 1])).toThrow(DomainError);
    expect(() => hvp(curved, [1, 2], [1, 1], { scheme: 'five-point' })).toThrow(UsageError);
    expect(() => hvp(curved, [1, 2], [1, 1], { scheme: 'five-point' })).toThrow(/only|not available/);
  });
});
