/**
 * `hessian`: the N×N matrix of second derivatives of f: R^N → R.
 *
 * - The stencil schemes use the tensor product of the first-derivative stencil with itself:
 *   ∂²f/∂xᵢ∂xⱼ ≈ Σₐ Σ_b wₐ w_b f(x + oₐhᵢeᵢ + o_b hⱼeⱼ) / (hᵢhⱼ), of the stencil's order (central:
 *   the classic 4-point mixed difference and the 3-point second difference at step 2h).
 * - 'richardson' extrapolates the central form over shrinking steps (Ridders' tableau).
 * - 'complex-step' takes the central difference, across coordinate j, of the complex-step derivative
 *   along coordinate i, and averages (i, j) with (j, i): about 1e-11 relative instead of 1e-8.
 * Only the upper triangle is computed for the real schemes; the result is exactly symmetric.
 */
import { checkFunction, checkPoint, type ScalarFunction } from '@dualtape/core';
import { DEFAULT_STEPS, ERROR_ESTIMATE, MACHINE_EPSILON, type Scheme } from './defaults.js';
import { flagNonFinite } from './internal/estimate.js';
import { Evaluator } from './internal/evaluator.js';
import { powerOfTwoNear } from './internal/line.js';
import { measureNoise, noiseLevel } from './internal/noise.js';
import { count, resolveOptions } from './internal/validate.js';
import { richardsonExtrapolate } from './richardson.js';
import { STENCILS, type Stencil } from './stencils.js';
import type { HessianEstimate, NumericOptions } from './types.js';

/**
 * The Hessian of f at x (N rows of length N, symmetric) by the chosen scheme (default central: 2N² + 1
 * evaluations, step ε^(1/4)·max(1, |x|)). NaN/Infinity is returned.
 * @throws ShapeError if x is empty or f returns an array; DomainError naming the index of a non-finite x.
 */
export function hessian(f: ScalarFunction, x: ArrayLike<number>, options?: NumericOptions): Float64Array[] {
  return run('hessian', f, x, options, false).value;
}

/**
 * The Hessian with an error bound per entry and the number of evaluations (see `Estimate`).
 * @throws ShapeError if x is empty or f returns an array; DomainError naming the index of a non-finite x.
 */
export function hessianWithError(
  f: ScalarFunction,
  x: ArrayLike<number>,
  options?: NumericOptions,
): HessianEstimate {
  return run('hessianWithError', f, x, options, true);
}

/** Entries (i, j) of the upper triangle, in row order. */
interface Pair {
  readonly i: number;
  readonly j: number;
}

function run(
  call: string,
  f: ScalarFunction,
  x: ArrayLike<number>,
  options: NumericOptions | undefined,
  withError: boolean,
): HessianEstimate {
  checkFunction(call, f);
  const point = checkPoint(call, x);
  const resolved = resolveOptions(call, options, 2);
  const evaluator = new Evaluator(call, f, 'scalar', resolved.detectAnomaly);
  const n = point.length;
  try {
    let value: Float64Array[];
    let error: Float64Array[];
    if (resolved.scheme === 'complex-step') {
      ({ value, error } = complexStepHessian(evaluator, point, resolved.step, withError));
    } else {
      const pairs: Pair[] = [];
      for (let i = 0; i < n; i++) for (let j = i; j < n; j++) pairs.push({ i, j });
      const noise = withError ? measureNoise(evaluator, point) : undefined;
      const sampler = new PairSampler(evaluator, point, noise);
      const scales = Array.from(point, (xi) => Math.max(1, Math.abs(xi)));
      const estimate =
        resolved.scheme === 'richardson'
          ? richardsonExtrapolate(
              (relative) =>
                sampler.secondDifferences(
                  pairs,
                  STENCILS.central,
                  scales.map((scale, k) => point[k]! + relative * scale - point[k]!),
                ),
              resolved.step,
            )
          : stencilHessian(sampler, pairs, STENCILS[resolved.scheme], resolved.step, scales, withError);
      value = Array.from({ length: n }, () => new Float64Array(n));
      error = Array.from({ length: n }, () => new Float64Array(n));
      pairs.forEach(({ i, j }, p) => {
        value[i]![j] = value[j]![i] = estimate.value[p]!;
        error[i]![j] = error[j]![i] = estimate.error[p]!;
      });
    }
    let nonFinite = 0;
    if (withError) for (const [i, row] of value.entries()) nonFinite += flagNonFinite(row, error[i]!);
    else error = value.map((row) => new Float64Array(row.length));
    return { value, error, evaluations: evaluator.evaluations, nonFinite, scheme: resolved.scheme };
  } finally {
    count(resolved.counters, evaluator.evaluations);
  }
}

/** The tensor-product stencil at steps hᵢ and at 2hᵢ (for the truncation estimate). */
function stencilHessian(
  sampler: PairSampler,
  pairs: readonly Pair[],
  stencil: Stencil,
  relativeStep: number,
  scales: readonly number[],
  withError: boolean,
): { value: Float64Array; error: Float64Array } {
  const steps = scales.map((scale) => powerOfTwoNear(relativeStep * scale));
  const fine = sampler.secondDifferences(pairs, stencil, steps);
  const error = new Float64Array(pairs.length);
  if (!withError) return { value: fine.value, error };
  const coarse = sampler.secondDifferences(
    pairs,
    stencil,
    steps.map((h) => 2 * h),
  );
  // As for first derivatives (stencils.ts): never less than the observed change between the two steps.
  const truncationFactor = Math.max(1, ERROR_ESTIMATE.truncationSafety / (2 ** stencil.order - 1));
  for (let p = 0; p < pairs.length; p++) {
    const truncation = truncationFactor * Math.abs(coarse.value[p]! - fine.value[p]!);
    error[p] = truncation + fine.rounding[p]!;
  }
  return { value: fine.value, error };
}

/** Evaluates f at x displaced along at most two coordinates, remembering every point it has seen. */
class PairSampler {
  private readonly base: number[];
  private readonly cache = new Map<string, number>();

  constructor(
    private readonly evaluator: Evaluator,
    private readonly x: Float64Array,
    private readonly noise: Float64Array | undefined,
  ) {
    this.base = Array.from(x);
  }

  /** f(x + dᵢ·eᵢ + dⱼ·eⱼ). */
  at(i: number, di: number, j: number, dj: number): number {
    if (i === j) {
      di += dj;
      dj = 0;
    }
    const key = di === 0 ? (dj === 0 ? '' : `${j}:${dj}`) : dj === 0 ? `${i}:${di}` : `${i}:${di},${j}:${dj}`;
    let value = this.cache.get(key);
    if (value === undefined) {
      const point = this.base.slice();
      point[i] = this.x[i]! + di;
      if (j !== i) point[j] = this.x[j]! + dj;
      value = this.evaluator.real(point)[0]!;
      this.cache.set(key, value);
    }
    return value;
  }

  /** The tensor-product stencil for every pair at steps `steps`, with the rounding error of each. */
  secondDifferences(
    pairs: readonly Pair[],
    stencil: Stencil,
    steps: readonly number[],
  ): { value: Float64Array; rounding: Float64Array } {
    const { offsets, weights } = stencil;
    const weightSum = weights.reduce((total, w) => total + Math.abs(w), 0);
    const value = new Float64Array(pairs.length);
    const rounding = new Float64Array(pairs.length);
    pairs.forEach(({ i, j }, p) => {
      const hi = steps[i]!;
      const hj = steps[j]!;
      let total = 0;
      let largest = 0;
      for (let a = 0; a < offsets.length; a++) {
        for (let b = 0; b < offsets.length; b++) {
          const fx = this.at(i, offsets[a]! * hi, j, offsets[b]! * hj);
          total += weights[a]! * weights[b]! * fx;
          largest = Math.max(largest, Math.abs(fx));
        }
      }
      value[p] = total / (hi * hj);
      rounding[p] = (noiseLevel(this.noise, 0, largest) * weightSum * weightSum) / (hi * hj);
    });
    return { value, rounding };
  }
}

/**
 * Eᵢⱼ = Im[f(x + i·hᵢeᵢ + kⱼeⱼ) − f(x + i·hᵢeᵢ − kⱼeⱼ)] / (2hᵢkⱼ), averaged with Eⱼᵢ. The error adds the
 * truncation measured at 2k, the rounding of the difference, and half the asymmetry |Eᵢⱼ − Eⱼᵢ|.
 */
function complexStepHessian(
  evaluator: Evaluator,
  x: Float64Array,
  relativeStep: number,
  withError: boolean,
): { value: Float64Array[]; error: Float64Array[] } {
  const n = x.length;
  const scales = Array.from(x, (xi) => Math.max(1, Math.abs(xi)));
  const imaginarySteps = scales.map((scale) => DEFAULT_STEPS['complex-step' satisfies Scheme] * scale);
  const realSteps = scales.map((scale) => powerOfTwoNear(relativeStep * scale));
  const base = Array.from(x);
  // One-sided entries E[i][j] (and their rounding) at real steps k and 2k.
  const entries = (multiple: number) => {
    const estimate = Array.from({ length: n }, () => new Float64Array(n));
    const rounding = Array.from({ length: n }, () => new Float64Array(n));
    for (let i = 0; i < n; i++) {
      const h = imaginarySteps[i]!;
      const imaginary = new Array<number>(n).fill(0);
      imaginary[i] = h;
      for (let j = 0; j < n; j++) {
        const k = multiple * realSteps[j]!;
        const ahead = base.slice();
        const behind = base.slice();
        ahead[j] = x[j]! + k;
        behind[j] = x[j]! - k;
        const up = evaluator.complex(ahead, imaginary).im[0]! / h;
        const down = evaluator.complex(behind, imaginary).im[0]! / h;
        estimate[i]![j] = (up - down) / (2 * k);
        rounding[i]![j] =
          (ERROR_ESTIMATE.complexStepUlps * MACHINE_EPSILON * Math.max(Math.abs(up), Math.abs(down))) / k;
      }
    }
    return { estimate, rounding };
  };
  const fine = entries(1);
  // The coarse pass only feeds the truncation estimate; skip its 2N² evaluations when no error is wanted.
  const coarse = withError ? entries(2) : fine;
  const value = Array.from({ length: n }, () => new Float64Array(n));
  const error = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const symmetric = 0.5 * (fine.estimate[i]![j]! + fine.estimate[j]![i]!);
      const coarseSymmetric = 0.5 * (coarse.estimate[i]![j]! + coarse.estimate[j]![i]!);
      const truncation =
        Math.max(1, ERROR_ESTIMATE.truncationSafety / 3) * Math.abs(coarseSymmetric - symmetric);
      const asymmetry = 0.5 * Math.abs(fine.estimate[i]![j]! - fine.estimate[j]![i]!);
      const rounding = Math.max(fine.rounding[i]![j]!, fine.rounding[j]![i]!);
      value[i]![j] = value[j]![i] = symmetric;
      error[i]![j] = error[j]![i] = truncation + asymmetry + rounding;
    }
  }
  return { value, error };
}
