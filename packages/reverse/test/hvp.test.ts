import { add, DomainError, mul, newCounters, type ScalarFunction, ShapeError, square } from '@dualtape/core';
import { hessian, hvp } from '@dualtape/reverse';
import { describe, expect, it } from 'vitest';
import { expectAllClose, rosenbrock, rosenbrockHessian, TOLERANCES } from './helpers.js';

function timesVector(rows: readonly Float64Array[], v: ArrayLike<number>): Float64Array {
  return Float64Array.from(rows, (row) => row.reduce((total, entry, j) => total + entry * v[j]!, 0));
}

describe('hvp (reverse over reverse)', () => {
  it('by hand: x²·y at (1, 2) along (0, 1) is the second Hessian column [2, 0]', () => {
    expect(Array.from(hvp(([x, y]) => mul(square(x!), y!), [1, 2], [0, 1]))).toEqual([2, 0]);
  });

  it("is Rosenbrock's hand-derived Hessian times v in one sweep, whatever N", () => {
    for (const n of [2, 5, 40]) {
      const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
      const v = Float64Array.from({ length: n }, (_, i) => Math.cos(2 * i));
      const counters = newCounters();
      const product = hvp(rosenbrock, x, v, { counters });
      expectAllClose(product, timesVector(rosenbrockHessian(x), v), TOLERANCES.exact, `N = ${n}`);
      expectAllClose(
        product,
        timesVector(hessian(rosenbrock, x), v),
        TOLERANCES.exact,
        `hessian·v, N = ${n}`,
      );
      expect(counters.sweeps).toBe(1);
    }
  });

  it('is zero for a function linear in x (nothing to sweep) and for v = 0', () => {
    const linear: ScalarFunction = ([a, b]) => add(mul(3, a!), b!);
    expect(Array.from(hvp(linear, [1, 2], [1, 1]))).toEqual([0, 0]);
    expect(Array.from(hvp(rosenbrock, [1, 2], [0, 0]))).toEqual([0, 0]);
  });

  it('refuses a direction of the wrong length or with a non-finite entry', () => {
    expect(() => hvp(rosenbrock, [1, 2], [1, 2, 3])).toThrow(ShapeError);
    expect(() => hvp(rosenbrock, [1, 2], [1, 2, 3])).toThrow(
      'hvp: v has length 3 but x has length 2; they must match',
    );
    expect(() => hvp(rosenbrock, [1, 2], [Number.POSITIVE_INFINITY, 0])).toThrow(DomainError);
  });
});
