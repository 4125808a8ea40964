import { expectClose, seededRandom } from '@dualtape/testing';
import { describe, expect, it } from 'vitest';
import { MLP_FEATURES } from '../src/fitting.js';
import { EXACT_TOLERANCE, scalarInstance } from './helpers.js';

describe('least-squares', () => {
  it('is a quadratic: its second difference along any line is constant', () => {
    const instance = scalarInstance('least-squares', 4);
    const w = Float64Array.of(0.1, -0.3, 0.5, 0.2);
    const d = Float64Array.of(1, 2, -1, 0.5);
    const along = (t: number) => instance.plain(w.map((wi, i) => wi + t * d[i]!));
    const second = (t: number) => along(t + 1) - 2 * along(t) + along(t - 1);
    expectClose(second(0), second(3), { atol: 1e-10, rtol: 1e-10 });
    expect(second(0)).toBeGreaterThan(0);
  });

  it('is ‖y‖² > 0 at w = 0 and never negative', () => {
    const instance = scalarInstance('least-squares', 3);
    const random = seededRandom(5);
    expect(instance.plain(new Float64Array(3))).toBeGreaterThan(0);
    for (let i = 0; i < 20; i++) expect(instance.plain(instance.sample(random))).toBeGreaterThanOrEqual(0);
  });

  it('each size is its own fixed problem', () => {
    const small = scalarInstance('least-squares', 2);
    const again = scalarInstance('least-squares', 2);
    const w = Float64Array.of(0.3, 0.7);
    expect(again.plain(w)).toBe(small.plain(w));
    expect(scalarInstance('least-squares', 3).plain(Float64Array.of(0.3, 0.7, 0))).not.toBe(small.plain(w));
  });
});

describe('mlp-loss', () => {
  it('takes H·(features + 2) + 1 weights', () => {
    expect(scalarInstance('mlp-loss', 8).inputSize).toBe(8 * (MLP_FEATURES + 2) + 1);
    expect(scalarInstance('mlp-loss', 1).inputSize).toBe(MLP_FEATURES + 3);
  });

  it('with zero output weights predicts the output bias everywhere: loss = mean((b - t)²)', () => {
    const instance = scalarInstance('mlp-loss', 2);
    const random = seededRandom(6);
    const weights = instance.sample(random);
    const outputWeights = 2 * MLP_FEATURES + 2;
    weights[outputWeights] = 0;
    weights[outputWeights + 1] = 0;
    // The loss is then a quadratic in the bias b alone: mean(t²) - 2 b mean(t) + b², whatever the other weights.
    const lossAt = (bias: number) => {
      weights[weights.length - 1] = bias;
      return instance.plain(weights);
    };
    const [l0, l1, l2] = [lossAt(0), lossAt(1), lossAt(2)];
    expectClose(l2 - 2 * l1 + l0, 2, EXACT_TOLERANCE);
    const other = instance.sample(random);
    other[outputWeights] = 0;
    other[outputWeights + 1] = 0;
    other[other.length - 1] = 0;
    expectClose(instance.plain(other), l0, EXACT_TOLERANCE);
  });
});
