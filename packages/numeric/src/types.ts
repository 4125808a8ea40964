/**
 * The options and result shapes shared by numeric's calls. Plain results have the same types as forward
 * and reverse mode's; the `...WithError` results add an error bound of the same shape and the cost.
 */
import type { DifferentiationOptions } from '@dualtape/core';
import type { Scheme } from './defaults.js';

/**
 * Options of `derivative`, `gradient`, `jacobian`, `hessian`, `jvp` and their `...WithError` forms. An
 * unknown option is a `UsageError` naming it. With `detectAnomaly` (core's), the first evaluation of f
 * whose output is NaN or ±Infinity throws `AnomalyError`: the evaluation point, and the operation that
 * produced it (f is evaluated once more on `Complex` numbers, operation by operation, to find it; a
 * function that cannot run on them is named as `f`).
 */
export interface NumericOptions extends DifferentiationOptions {
  /**
   * The finite-difference scheme (see `SCHEMES`). 'complex-step' evaluates f on `Complex` numbers, so f
   * must compute only with core's operations on the numbers it is given.
   * @default 'central' (`DEFAULT_SCHEME`)
   */
  readonly scheme?: Scheme;
  /**
   * Relative step: the step at coordinate x is `step · max(1, |x|)` (rounded to a power of two for the
   * stencils). For 'richardson' it is the first (largest) step; for 'complex-step' the imaginary step; for
   * `hessian` with 'complex-step' the real step across the complex-step gradient.
   * @default `DEFAULT_STEPS[scheme]` for first derivatives, `DEFAULT_HESSIAN_STEPS[scheme]` for `hessian`
   */
  readonly step?: number;
}

/** What every `...WithError` call returns, for a value of type `T` (a number, a vector, or rows). */
export interface Estimate<T> {
  /** The estimate, of the same shape as the plain call's result. */
  readonly value: T;
  /**
   * A bound on |value − true value| for each entry: truncation measured from a second step size plus
   * rounding (stencils), the tableau's disagreement (Richardson), or a few ulps (complex step).
   * +Infinity wherever the value or its bound is not finite (f returned NaN or ±Infinity nearby).
   */
  readonly error: T;
  /** How many times f was evaluated. */
  readonly evaluations: number;
  /** How many entries are flagged as not finite (value NaN/±Infinity, error +Infinity); 0 when all are. */
  readonly nonFinite: number;
  /** The scheme that produced the estimate. */
  readonly scheme: Scheme;
}

/** `derivativeWithError`'s result. */
export type DerivativeEstimate = Estimate<number>;
/** `gradientWithError`'s result. */
export type GradientEstimate = Estimate<Float64Array>;
/** `jacobianWithError`'s result (M rows of length N). */
export type JacobianEstimate = Estimate<Float64Array[]>;
/** `hessianWithError`'s result (N rows of length N). */
export type HessianEstimate = Estimate<Float64Array[]>;

/** `jvp`'s result: f(x) and the directional derivative J·v. */
export interface JvpResult {
  readonly value: Float64Array;
  readonly tangent: Float64Array;
}

/** `jvpWithError`'s result: f(x), J·v, and a bound on the error of J·v. */
export interface JvpEstimate extends JvpResult {
  readonly error: Float64Array;
  readonly evaluations: number;
  readonly nonFinite: number;
  readonly scheme: Scheme;
}
