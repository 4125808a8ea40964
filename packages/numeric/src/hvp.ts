/**
 * `hvp`: the Hessian-vector product ∇²f(x)·v of f: R^N → R by finite differences of f alone, without
 * forming the Hessian: component i is the mixed central difference across coordinate i and along v,
 *   (∇²f·v)ᵢ ≈ [f(x + hᵢeᵢ + t·v) − f(x + hᵢeᵢ − t·v) − f(x − hᵢeᵢ + t·v) + f(x − hᵢeᵢ − t·v)] / (4hᵢt),
 * second order in hᵢ and t: 4N evaluations (8N + the noise probe with the error estimate, which repeats
 * the difference at doubled steps as `hessianWithError`'s stencils do).
 */
import { checkDirection, checkFunction, checkPoint, type ScalarFunction, UsageError } from '@dualtape/core';
import { ERROR_ESTIMATE, type Scheme } from './defaults.js';
import { flagNonFinite } from './internal/estimate.js';
import { Evaluator } from './internal/evaluator.js';
import { infinityNorm, powerOfTwoNear } from './internal/line.js';
import { measureNoise, noiseLevel } from './internal/noise.js';
import { count, resolveOptions } from './internal/validate.js';
import type { GradientEstimate, NumericOptions } from './types.js';

/** The one scheme `hvp` has: the mixed central difference of the module comment. */
const HVP_SCHEME: Scheme = 'central';

/**
 * ∇²f(x)·v by 4N evaluations of f (steps ε^(1/4)·max(1, |xᵢ|) across coordinate i and ε^(1/4)·max(1,
 * ‖x‖∞)/‖v‖∞ along v, overridable by `step`). NaN/Infinity is returned.
 * @throws ShapeError if x is empty, v's length differs from x's or f returns an array; DomainError naming
 *   the index of a non-finite x or v; UsageError for a scheme other than 'central'.
 */
export function hvp(
  f: ScalarFunction,
  x: ArrayLike<number>,
  v: ArrayLike<number>,
  options?: NumericOptions,
): Float64Array {
  return run('hvp', f, x, v, options, false).value;
}

/**
 * ∇²f(x)·v with an error bound per component (truncation from the doubled steps plus rounding from f's
 * measured noise) and the number of evaluations (see `Estimate`).
 * @throws as `hvp`.
 */
export function hvpWithError(
  f: ScalarFunction,
  x: ArrayLike<number>,
  v: ArrayLike<number>,
  options?: NumericOptions,
): GradientEstimate {
  return run('hvpWithError', f, x, v, options, true);
}

function run(
  call: string,
  f: ScalarFunction,
  x: ArrayLike<number>,
  v: ArrayLike<number>,
  options: NumericOptions | undefined,
  withError: boolean,
): GradientEstimate {
  checkFunction(call, f);
  const point = checkPoint(call, x);
  const direction = checkDirection(call, v, point.length);
  const resolved = resolveOptions(call, options, 2, HVP_SCHEME);
  if (resolved.scheme !== HVP_SCHEME) {
    throw new UsageError(
      `${call}: scheme '${resolved.scheme}' is not available; hvp takes the mixed central difference ('central')`,
    );
  }
  const evaluator = new Evaluator(call, f, 'scalar', resolved.detectAnomaly);
  const n = point.length;
  try {
    const value = new Float64Array(n);
    const error = new Float64Array(n);
    const along = infinityNorm(direction);
    if (along === 0) return { value, error, evaluations: 0, nonFinite: 0, scheme: HVP_SCHEME };
    const noise = withError ? measureNoise(evaluator, point) : undefined;
    const acrossSteps = Array.from(point, (xi) => powerOfTwoNear(resolved.step * Math.max(1, Math.abs(xi))));
    const alongStep = powerOfTwoNear((resolved.step * Math.max(1, infinityNorm(point))) / along);
    const fine = mixedDifferences(evaluator, point, direction, acrossSteps, alongStep, noise);
    value.set(fine.value);
    if (withError) {
      const coarse = mixedDifferences(
        evaluator,
        point,
        direction,
        acrossSteps.map((h) => 2 * h),
        2 * alongStep,
        noise,
      );
      // Second order: the truncation at h is about |D(2h) − D(h)| / 3; reported with the stencils' safety.
      const truncationFactor = Math.max(1, ERROR_ESTIMATE.truncationSafety / 3);
      for (let i = 0; i < n; i++) {
        error[i] = truncationFactor * Math.abs(coarse.value[i]! - fine.value[i]!) + fine.rounding[i]!;
      }
    }
    const nonFinite = withError ? flagNonFinite(value, error) : 0;
    return { value, error, evaluations: evaluator.evaluations, nonFinite, scheme: HVP_SCHEME };
  } finally {
    count(resolved.counters, evaluator.evaluations);
  }
}

/** The mixed differences of every component at steps `across` (per coordinate) and `along`. */
function mixedDifferences(
  evaluator: Evaluator,
  x: Float64Array,
  v: Float64Array,
  across: readonly number[],
  along: number,
  noise: Float64Array | undefined,
): { value: Float64Array; rounding: Float64Array } {
  const n = x.length;
  const value = new Float64Array(n);
  const rounding = new Float64Array(n);
  const at = (i: number, di: number, dv: number): number => {
    const displaced = Array.from(x, (xj, j) => xj + dv * v[j]!);
    displaced[i] = displaced[i]! + di;
    return evaluator.real(displaced)[0]!;
  };
  for (let i = 0; i < n; i++) {
    const h = across[i]!;
    const corners = [at(i, h, along), at(i, h, -along), at(i, -h, along), at(i, -h, -along)];
    value[i] = (corners[0]! - corners[1]! - corners[2]! + corners[3]!) / (4 * h * along);
    const largest = Math.max(...corners.map(Math.abs));
    rounding[i] = (4 * noiseLevel(noise, 0, largest)) / (4 * h * along);
  }
  return { value, rounding };
}
