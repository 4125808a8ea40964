/**
 * The tensor program of the peer comparison: the mean squared tanh activation of one dense layer,
 * loss(W) = mean(tanh(W·X)²) with W side×side and a fixed batch X of side×(side/4) columns, written
 * once against core's `TensorLike` so the reverse `Tensor` runs it with and without gradients. The
 * matrix product dominates (2·side³/4 flops), which is what tensor-level reverse mode is for: its
 * gradient needs two more products of the same size, so the cheap-gradient ratio should be about 3.
 */
import type { TensorLike } from '@dualtape/core';
import { seededRandom } from '@dualtape/core';

/** mean(tanh(W·X)²), generic over the tensor type. */
export function tensorLoss<T extends TensorLike<T>>(weights: T, batch: T): T {
  return weights.matmul(batch).tanh().square().mean();
}

/** The program's data at one size, row-major. */
export interface TensorLossData {
  /** W's side. */
  readonly side: number;
  /** X's columns (side / 4, at least 1). */
  readonly columns: number;
  /** W, side×side, uniform in [-1, 1)/√side. */
  readonly weights: Float64Array;
  /** X, side×columns, uniform in [-1, 1). */
  readonly batch: Float64Array;
}

/** Seeded data for `tensorLoss` with a side×side weight matrix. */
export function tensorLossData(side: number, seed: number): TensorLossData {
  const random = seededRandom(seed);
  const columns = Math.max(1, Math.floor(side / 4));
  const scale = 1 / Math.sqrt(side);
  const weights = new Float64Array(side * side);
  for (let k = 0; k < weights.length; k++) weights[k] = (2 * random() - 1) * scale;
  const batch = new Float64Array(side * columns);
  for (let k = 0; k < batch.length; k++) batch[k] = 2 * random() - 1;
  return { side, columns, weights, batch };
}
