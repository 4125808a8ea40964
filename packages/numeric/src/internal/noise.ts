/**
 * How noisy f is near x, measured rather than assumed (see `NOISE` in defaults.ts): the rounding term of
 * an error bound is only as good as its noise level, and a value computed through a cancellation carries
 * far more than the few ulps of its own size.
 */

import { seededRandom } from '@dualtape/core';
import { ERROR_ESTIMATE, MACHINE_EPSILON, NOISE } from '../defaults.js';
import type { Evaluator } from './evaluator.js';

/** Measured noise σ per output of f near x (0 where it could not be measured). */
export function measureNoise(evaluator: Evaluator, x: Float64Array): Float64Array {
  const random = seededRandom(NOISE.seed);
  const direction = Array.from(
    x,
    (xi) => (random() < 0.5 ? -1 : 1) * (0.5 + 0.5 * random()) * Math.max(1, Math.abs(xi)),
  );
  const middle = (NOISE.points - 1) / 2;
  const samples: Float64Array[] = [];
  for (let k = 0; k < NOISE.points; k++) {
    const t = (k - middle) * NOISE.spacing;
    samples.push(evaluator.real(Array.from(x, (xi, i) => xi + t * direction[i]!)));
  }
  const outputs = samples[0]!.length;
  const noise = new Float64Array(outputs);
  for (let m = 0; m < outputs; m++) {
    let differences = samples.map((values) => values[m]!);
    if (!differences.every(Number.isFinite)) continue;
    let sigma = 0;
    for (let order = 1; order < NOISE.points; order++) {
      differences = differences.slice(1).map((value, k) => value - differences[k]!);
      if (order < NOISE.minimumOrder) continue;
      const meanSquare = differences.reduce((total, d) => total + d * d, 0) / differences.length;
      sigma = Math.max(sigma, Math.sqrt(meanSquare / centralBinomial(order)));
    }
    noise[m] = sigma;
  }
  return noise;
}

/** C(2k, k): the variance of the k-th difference of independent unit noise. */
function centralBinomial(k: number): number {
  let value = 1;
  for (let i = 1; i <= k; i++) value = (value * (k + i)) / i;
  return value;
}

/**
 * The absolute rounding error to assume for one value of output m whose magnitude is about `largest`:
 * the measured noise (times a safety factor) or `functionNoise` ulps of the value, whichever is larger.
 */
export function noiseLevel(measured: Float64Array | undefined, m: number, largest: number): number {
  const assumed = ERROR_ESTIMATE.functionNoise * MACHINE_EPSILON * largest;
  return measured === undefined ? assumed : Math.max(assumed, NOISE.safety * measured[m]!);
}
