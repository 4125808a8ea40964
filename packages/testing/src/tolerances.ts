/**
 * The one table of test tolerances. A comparison passes when |actual − expected| <= atol + rtol·|expected|.
 * Tests name the row they use; nobody loosens a row to make a test pass.
 */
import { expect } from 'vitest';

/** An absolute and a relative tolerance. */
export interface Tolerance {
  readonly atol: number;
  readonly rtol: number;
}

/** Tolerances by what is being compared. */
export const TOLERANCES = {
  /** Two AD modes, or an AD mode and a hand-derived formula: same rules, different summation order. */
  exact: { atol: 1e-13, rtol: 1e-12 },
  /** Generated tangent code against the dual numbers (same rules, same order: agreement to rounding). */
  tangentCode: { atol: 1e-14, rtol: 1e-13 },
  /** Generated adjoint code against the tape (same rules, sums possibly in another order). */
  adjointCode: { atol: 1e-14, rtol: 1e-12 },
  /** Any AD result against the 9-point oracle stencil. */
  oracle: { atol: 1e-8, rtol: 1e-7 },
  /** Central differences (second order) against the truth. */
  central: { atol: 1e-7, rtol: 1e-6 },
} as const satisfies Record<string, Tolerance>;

/** How far `actual` is from `expected`, in units of the allowed error (<= 1 passes). */
export function closeness(actual: number, expected: number, { atol, rtol }: Tolerance): number {
  if (Number.isNaN(expected) || Number.isNaN(actual))
    return Number.isNaN(expected) && Number.isNaN(actual) ? 0 : Infinity;
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / (atol + rtol * Math.abs(expected));
}

/** Asserts one value is within tolerance, with a message naming `what`. */
export function expectClose(actual: number, expected: number, tolerance: Tolerance, what = 'value'): void {
  const score = closeness(actual, expected, tolerance);
  if (!(score <= 1)) {
    expect.fail(
      `${what}: got ${actual}, expected ${expected} (error ${Math.abs(actual - expected)}, ${score.toFixed(2)}× the tolerance)`,
    );
  }
}

/** Asserts every element is within tolerance, naming the first element that is not. */
export function expectAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: Tolerance,
  what = 'array',
): void {
  if (actual.length !== expected.length) {
    expect.fail(`${what}: length ${actual.length}, expected ${expected.length}`);
  }
  for (let i = 0; i < expected.length; i++) expectClose(actual[i]!, expected[i]!, tolerance, `${what}[${i}]`);
}
