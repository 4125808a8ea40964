/**
 * What forward's tests share: the tolerance table (from @dualtape/testing, re-exported so every test
 * names its row from one place), run counts for the properties, zoo sizes, and small hand-derived oracles.
 */
import type { Scalar } from '@dualtape/core';

export {
  expectAllClose,
  expectClose,
  oracleDerivative,
  oracleGradient,
  oracleJacobian,
  seededRandom,
  TOLERANCES,
  uniformIn,
} from '@dualtape/testing';

/** Runs of each fast-check property: enough to hit awkward points, small enough for a fast suite. */
export const PROPERTY_RUNS = 40;

/** Sample points per zoo function and size. */
export const POINTS_PER_SIZE = 3;

/** Sizes at which every zoo function is checked (clamped to the entry's minimum). */
export const ZOO_SIZES = [2, 5, 13] as const;

/** Fixed seed so failures reproduce. */
export const SEED = 20261125;

/** The exact Float64 bits of a number, to tell +0 from -0 and compare NaNs, as text. */
export function bits(value: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  return view.getBigUint64(0).toString(16);
}

/** The bits of `value` with -0 read as +0: equal entries up to the sign of an exact zero. */
export function bitsUpToZeroSign(value: number): string {
  return bits(value === 0 ? 0 : value);
}

/**
 * The analytic Hessian of the extended Rosenbrock function Σ_{i<n-1} 100 (x_{i+1} − x_i²)² + (1 − x_i)²,
 * derived by hand: tridiagonal, with
 *   ∂²/∂x_i² = [i < n−1] (1200 x_i² − 400 x_{i+1} + 2) + [i > 0] 200,
 *   ∂²/∂x_i∂x_{i+1} = −400 x_i.
 */
export function rosenbrockHessian(x: ArrayLike<number>): Float64Array[] {
  const n = x.length;
  const rows = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    let diagonal = 0;
    if (i < n - 1) diagonal += 1200 * x[i]! * x[i]! - 400 * x[i + 1]! + 2;
    if (i > 0) diagonal += 200;
    rows[i]![i] = diagonal;
    if (i < n - 1) {
      rows[i]![i + 1] = -400 * x[i]!;
      rows[i + 1]![i] = -400 * x[i]!;
    }
  }
  return rows;
}

/** An array of `Scalar`s, for calling the nesting overloads with plain numbers. */
export function scalars(values: readonly number[]): Scalar[] {
  return [...values];
}
