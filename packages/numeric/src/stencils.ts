/**
 * Finite-difference stencils for first derivatives: one-sided (forward, backward), central, and the
 * 5- and 7-point central stencils of orders 4 and 6. An estimate's error bound is its truncation error,
 * measured by repeating the stencil at twice the step (the difference of the two is (2^p − 1)·C·h^p),
 * plus the rounding error of the function values divided by the step.
 */
import { ERROR_ESTIMATE, MACHINE_EPSILON, type Scheme } from './defaults.js';
import type { LineEstimate } from './internal/estimate.js';
import { type Line, powerOfTwoNear } from './internal/line.js';
import { noiseLevel } from './internal/noise.js';

/** The schemes that are a fixed stencil (everything except Richardson and the complex step). */
export type StencilScheme = Extract<
  Scheme,
  'forward' | 'backward' | 'central' | 'five-point' | 'seven-point'
>;

/** A first-derivative stencil: f'(x) ≈ Σ weights[k]·f(x + offsets[k]·h) / h, with error O(h^order). */
export interface Stencil {
  /** Sample points, in units of the step. */
  readonly offsets: readonly number[];
  /** Weight of each sample point. */
  readonly weights: readonly number[];
  /** Order of the truncation error. */
  readonly order: number;
}

/** The stencils by scheme name (Fornberg's weights for equispaced points). */
export const STENCILS: Readonly<Record<StencilScheme, Stencil>> = {
  forward: { offsets: [0, 1], weights: [-1, 1], order: 1 },
  backward: { offsets: [-1, 0], weights: [-1, 1], order: 1 },
  central: { offsets: [-1, 1], weights: [-1 / 2, 1 / 2], order: 2 },
  'five-point': { offsets: [-2, -1, 1, 2], weights: [1 / 12, -8 / 12, 8 / 12, -1 / 12], order: 4 },
  'seven-point': {
    offsets: [-3, -2, -1, 1, 2, 3],
    weights: [-1 / 60, 9 / 60, -45 / 60, 45 / 60, -9 / 60, 1 / 60],
    order: 6,
  },
};

/** True for the schemes that `STENCILS` lists. */
export function isStencilScheme(scheme: Scheme): scheme is StencilScheme {
  return Object.hasOwn(STENCILS, scheme);
}

/**
 * d/dt f(x + t·d) at 0 by `stencil` with step `relativeStep · line.scale` (rounded to a power of two so
 * every sample point is exact along a coordinate). With `withError`, the stencil is repeated at twice
 * the step to measure the truncation error.
 */
export function stencilDerivative(
  line: Line,
  stencil: Stencil,
  relativeStep: number,
  withError: boolean,
): LineEstimate {
  const h = line.exactStep(powerOfTwoNear(relativeStep * line.scale));
  const fine = apply(line, stencil, h);
  if (!withError) return { value: fine.derivative, error: undefined };
  const coarse = apply(line, stencil, 2 * h);
  const { truncationSafety } = ERROR_ESTIMATE;
  // Asymptotically the two estimates differ by (2^p − 1) times the fine one's truncation error; outside
  // the asymptotic regime (a kink or a sharp feature within a few steps) the observed change itself is
  // the only honest measure, so the bound never drops below it.
  const truncationFactor = Math.max(1, truncationSafety / (2 ** stencil.order - 1));
  const weightSum = stencil.weights.reduce((total, w) => total + Math.abs(w), 0);
  const error = new Float64Array(fine.derivative.length);
  for (let m = 0; m < error.length; m++) {
    const derivative = fine.derivative[m]!;
    const truncation = truncationFactor * Math.abs(coarse.derivative[m]! - derivative);
    const rounding =
      (weightSum *
        (noiseLevel(line.noise, m, fine.largest[m]!) +
          MACHINE_EPSILON * line.pointRounding * Math.abs(derivative))) /
      h;
    error[m] = truncation + rounding;
  }
  return { value: fine.derivative, error };
}

/** The stencil's quotient at step h, and the largest |f| among its samples (for the rounding estimate). */
function apply(line: Line, stencil: Stencil, h: number): { derivative: Float64Array; largest: Float64Array } {
  let derivative: Float64Array | undefined;
  let largest: Float64Array | undefined;
  for (let k = 0; k < stencil.offsets.length; k++) {
    const values = line.at(stencil.offsets[k]! * h);
    derivative ??= new Float64Array(values.length);
    largest ??= new Float64Array(values.length);
    const weight = stencil.weights[k]!;
    for (let m = 0; m < values.length; m++) {
      derivative[m]! += weight * values[m]!;
      largest[m] = Math.max(largest[m]!, Math.abs(values[m]!));
    }
  }
  for (let m = 0; m < derivative!.length; m++) derivative![m]! /= h;
  return { derivative: derivative!, largest: largest! };
}
