import { noGrad, tensor } from '@dualtape/reverse';
import { describe, expect, it } from 'vitest';
import { tensorLoss, tensorLossData } from '../../../src/experiments/peers/tensor-loss.js';
import { expectAllClose, oracleGradient, SEED, TOLERANCES } from '../../helpers.js';

/** mean(tanh(W·X)²) on plain numbers, written out here as the reference. */
function plainLoss(weights: ArrayLike<number>, batch: Float64Array, side: number, columns: number): number {
  let total = 0;
  for (let i = 0; i < side; i++) {
    for (let j = 0; j < columns; j++) {
      let sum = 0;
      for (let k = 0; k < side; k++) sum += weights[i * side + k]! * batch[k * columns + j]!;
      total += Math.tanh(sum) ** 2;
    }
  }
  return total / (side * columns);
}

describe('the tensor program', () => {
  it('has seeded data of the documented shapes', () => {
    const data = tensorLossData(8, SEED);
    expect(data.columns).toBe(2);
    expect(data.weights).toHaveLength(64);
    expect(data.batch).toHaveLength(16);
    expect(Array.from(tensorLossData(8, SEED).weights)).toEqual(Array.from(data.weights));
  });

  it('evaluates to the plain loss, and reverse mode differentiates it like the oracle', () => {
    const data = tensorLossData(8, SEED);
    const weights = tensor(data.weights, { shape: [8, 8], requiresGrad: true });
    const batch = tensor(data.batch, { shape: [8, 2] });
    const expected = plainLoss(data.weights, data.batch, 8, 2);
    expect(noGrad(() => tensorLoss(weights, batch).item())).toBeCloseTo(expected, 14);
    tensorLoss(weights, batch).backward();
    const oracle = oracleGradient((w) => plainLoss(w, data.batch, 8, 2), data.weights);
    expectAllClose(weights.grad!.data, oracle, TOLERANCES.oracle, 'dL/dW');
  });
});
