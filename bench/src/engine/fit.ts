/**
 * Growth exponents: a least-squares line through (log size, log value), whose slope is the exponent p of
 * value ≈ c·size^p, with a confidence interval from Student's t on the slope's standard error. This is how
 * a sweep's numbers become "reverse mode is O(N)" with an honest error bar.
 */
import { DomainError, ShapeError, UsageError } from '@dualtape/core';
import { CONFIDENCE_LEVEL } from '../defaults.js';
import { studentTQuantile } from './student-t.js';

/** Spread of log values (per point) below which a series counts as flat: rounding, not data. */
const FLAT = 1e-20;

/** A fitted power law value ≈ e^intercept · size^exponent. */
export interface ExponentFit {
  /** The fitted exponent p (slope of log value against log size). */
  readonly exponent: number;
  /** The fitted intercept, natural log of the constant c. */
  readonly intercept: number;
  /** Standard error of the exponent; `Infinity` with only two points (no residual to estimate it from). */
  readonly standardError: number;
  /** Lower and upper end of the confidence interval of the exponent. */
  readonly confidenceInterval: readonly [number, number];
  /** Confidence level of the interval, e.g. 0.95. */
  readonly confidenceLevel: number;
  /** Number of points fitted. */
  readonly points: number;
  /**
   * Coefficient of determination of the log-log line (1 = a perfect power law); NaN when the values do
   * not vary at all, where it is undefined (a flat series, e.g. memory at the measurement's floor).
   */
  readonly rSquared: number;
  /** Smallest and largest size fitted. */
  readonly sizeRange: readonly [number, number];
}

/** Options of {@link fitPowerLaw}. */
export interface FitOptions {
  /** Confidence level of the interval. @default 0.95 */
  readonly confidenceLevel?: number;
}

/**
 * Fits value ≈ c·size^p by least squares on logarithms. Needs at least two distinct sizes; every size and
 * value must be finite and positive (a logarithm is taken). With n points the interval uses Student's t
 * with n − 2 degrees of freedom.
 */
export function fitPowerLaw(
  sizes: readonly number[],
  values: readonly number[],
  options: FitOptions = {},
): ExponentFit {
  const confidenceLevel = options.confidenceLevel ?? CONFIDENCE_LEVEL;
  if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
    throw new UsageError(`fitPowerLaw: confidenceLevel must be in (0, 1), got ${confidenceLevel}`);
  }
  if (sizes.length !== values.length) {
    throw new ShapeError('fitPowerLaw', `${sizes.length} sizes but ${values.length} values`);
  }
  const n = sizes.length;
  if (n < 2) throw new UsageError(`fitPowerLaw: needs at least 2 points, got ${n}`);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const size = sizes[i]!;
    const value = values[i]!;
    if (!(size > 0 && Number.isFinite(size))) {
      throw new DomainError('fitPowerLaw', `size #${i} must be finite and > 0, got ${size}`);
    }
    if (!(value > 0 && Number.isFinite(value))) {
      throw new DomainError('fitPowerLaw', `value #${i} (size ${size}) must be finite and > 0, got ${value}`);
    }
    xs[i] = Math.log(size);
    ys[i] = Math.log(value);
  }
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < n; i++) {
    meanX += xs[i]!;
    meanY += ys[i]!;
  }
  meanX /= n;
  meanY /= n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - meanX;
    const dy = ys[i]! - meanY;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) throw new UsageError('fitPowerLaw: needs at least 2 distinct sizes');
  const exponent = sxy / sxx;
  const intercept = meanY - exponent * meanX;
  let residualSquares = 0;
  for (let i = 0; i < n; i++) {
    const residual = ys[i]! - (intercept + exponent * xs[i]!);
    residualSquares += residual * residual;
  }
  const degreesOfFreedom = n - 2;
  const standardError =
    degreesOfFreedom > 0 ? Math.sqrt(residualSquares / degreesOfFreedom / sxx) : Number.POSITIVE_INFINITY;
  const halfWidth =
    degreesOfFreedom > 0
      ? studentTQuantile(0.5 + confidenceLevel / 2, degreesOfFreedom) * standardError
      : Number.POSITIVE_INFINITY;
  // Identical values leave only rounding in syy: R² would be noise divided by noise.
  const rSquared = syy <= FLAT * n ? Number.NaN : 1 - residualSquares / syy;
  let smallest = sizes[0]!;
  let largest = sizes[0]!;
  for (const size of sizes) {
    smallest = Math.min(smallest, size);
    largest = Math.max(largest, size);
  }
  return {
    exponent,
    intercept,
    standardError,
    confidenceInterval: [exponent - halfWidth, exponent + halfWidth],
    confidenceLevel,
    points: n,
    rSquared,
    sizeRange: [smallest, largest],
  };
}
