/**
 * Shared by numeric's tests: the one table of tolerances (each row says what it is for and what was
 * measured), the zoo cases with their ground truth, and the error measure every accuracy test uses.
 */

import { ORACLE_STEP, oracleJacobian, seededRandom } from '@dualtape/testing';
import { ZOO, type ZooInstance, type ZooScalarInstance, type ZooVectorInstance } from '@dualtape/zoo';

/**
 * Accuracy each scheme promises on smooth functions, as the largest error relative to the derivative's
 * natural scale (see `naturalScaleError`). Measured on the zoo at minSize and size 4, 50 points each:
 * central worst 1.3e-8 (median ~1e-10), Richardson worst 1.5e-12 (median ~1e-14), complex step worst
 * 8e-16 against analytic gradients.
 */
export const ACCURACY = {
  /** Central differences against the truth ("~1e-8"). */
  central: 5e-8,
  /** Richardson extrapolation against the truth ("~1e-11 or better"). */
  richardson: 1e-11,
  /** The complex step against analytic gradients ("~1e-14"). */
  complexStep: 1e-14,
  /** The complex step against the 9-point oracle, whose own accuracy is ~1e-10 (measured ~1e-13 here). */
  oracle: 1e-10,
} as const;

/** Fraction of sampled points at which an error bound must hold. */
export const MINIMUM_COVERAGE = 0.99;

/**
 * A complex-step derivative against the rule table's partial on plain numbers. Both are accurate to a few
 * ulps, except where the partial itself cancels: tanh' = 1 − tanh² loses ~50 ulps at |x| = 3.
 */
export const RULE_AGREEMENT = { atol: 1e-15, rtol: 1e-13 } as const;

/**
 * The real part of f(x + ih) against f(x): a few ulps, plus an absolute 1e-30 for the true O(h²) term
 * (x² at x = 0 has real part −h² = −1e-40).
 */
export const REAL_PART = { ulps: 4, atol: 1e-30 } as const;

/** Complex values against Python's cmath reference values (principal branches), relative. */
export const COMPLEX_VALUE_RTOL = 1e-14;

/**
 * Hessians relative to their largest entry: against Rosenbrock's analytic Hessian (measured: central
 * 4e-8, Richardson 4e-14, complex step 8e-11), and the allowance for the oracle's own error when the
 * reference is the oracle Jacobian of an analytic gradient (~1e-10).
 */
export const HESSIAN_ACCURACY = {
  central: 1e-6,
  richardson: 1e-11,
  complexStep: 1e-9,
  oracle: 1e-9,
} as const;

/** The size of the deliberate bug gradcheck must catch: one component off by this, relative. */
export const GRADCHECK_BUG = 1e-4;

/** A correct JVP/VJP pair of a dense matrix satisfies the dot-product identity to rounding. */
export const MATRIX_DOT_PRODUCT_RTOL = 1e-13;

/** Seeded uniform generator for test points (reproducible; fast-check supplies the seeds). */
export { seededRandom };

/** The zoo sizes every accuracy test runs: the smallest and a small multivariate one. */
export function zooSizes(minSize: number): number[] {
  return [...new Set([minSize, Math.max(minSize, 4)])];
}

/** Every zoo instance at the test sizes. */
export function zooInstances(): ZooInstance[] {
  return ZOO.flatMap((entry) => zooSizes(entry.minSize).map((size) => entry.instantiate(size)));
}

/**
 * Whether the 9-point oracle's stencil (±4·ORACLE_STEP) at x reaches a point where the function is not
 * smooth, so the oracle itself is wrong there. In the zoo only Ackley has such a point: its
 * sqrt(mean(x²)) has a kink at the origin (|x| in one dimension). The samplers keep ReLU points 0.1 away
 * from their kinks and sqrt-cubic above 0.1.
 */
export function oracleCrossesKink(instance: ZooInstance, x: ArrayLike<number>): boolean {
  let largest = 0;
  for (let i = 0; i < x.length; i++) largest = Math.max(largest, Math.abs(x[i]!));
  return instance.name === 'ackley' && largest < 4 * ORACLE_STEP;
}

/** The 9-point oracle's Jacobian (rows) of an instance at x, from its plain-number version. */
export function oracleOf(instance: ZooInstance, x: Float64Array): Float64Array[] {
  if (instance.kind === 'scalar') {
    const scalar = instance as ZooScalarInstance;
    return oracleJacobian((xs) => [scalar.plain(Float64Array.from(xs))], x);
  }
  const vector = instance as ZooVectorInstance;
  return oracleJacobian((xs) => Array.from(vector.plain(Float64Array.from(xs))), x);
}

/** The true Jacobian (rows) and value of an instance: analytic where the zoo has it, else the oracle. */
export function truthOf(
  instance: ZooInstance,
  x: Float64Array,
): { jacobian: Float64Array[]; value: Float64Array; source: 'analytic' | 'oracle' } {
  if (instance.kind === 'scalar') {
    const scalar = instance as ZooScalarInstance;
    if (scalar.analyticGradient !== undefined) {
      const gradient = new Float64Array(x.length);
      const value = scalar.analyticGradient(x, gradient);
      return { jacobian: [gradient], value: Float64Array.of(value), source: 'analytic' };
    }
    return { jacobian: oracleOf(instance, x), value: Float64Array.of(scalar.plain(x)), source: 'oracle' };
  }
  return {
    jacobian: oracleOf(instance, x),
    value: (instance as ZooVectorInstance).plain(x),
    source: 'oracle',
  };
}

/**
 * The natural scale of row m's derivatives: max(‖row‖∞, |f_m| / max(1, ‖x‖∞)). The second term is what
 * rounding in f is relative to, so a gradient that is 0 by cancellation is measured against it.
 */
export function naturalScale(row: ArrayLike<number>, value: number, x: ArrayLike<number>): number {
  let rowNorm = 0;
  for (let i = 0; i < row.length; i++) rowNorm = Math.max(rowNorm, Math.abs(row[i]!));
  let xNorm = 1;
  for (let i = 0; i < x.length; i++) xNorm = Math.max(xNorm, Math.abs(x[i]!));
  return Math.max(rowNorm, Math.abs(value) / xNorm);
}

/** max over entries of |estimate − truth| / natural scale of its row (0 when both are exactly equal). */
export function naturalScaleError(
  estimate: readonly ArrayLike<number>[],
  truth: readonly ArrayLike<number>[],
  value: ArrayLike<number>,
  x: ArrayLike<number>,
): number {
  let worst = 0;
  truth.forEach((row, m) => {
    const scale = naturalScale(row, value[m]!, x);
    for (let i = 0; i < row.length; i++) {
      const difference = Math.abs(estimate[m]![i]! - row[i]!);
      if (difference === 0) continue;
      worst = Math.max(worst, scale === 0 ? Number.POSITIVE_INFINITY : difference / scale);
    }
  });
  return worst;
}
