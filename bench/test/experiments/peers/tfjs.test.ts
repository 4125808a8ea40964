import { zooEntry } from '@dualtape/zoo';
import { describe, expect, it } from 'vitest';
import { tensorLossData } from '../../../src/experiments/peers/tensor-loss.js';
import { loadTfjsPeer } from '../../../src/experiments/peers/tfjs.js';
import { expectFloat32Close, oracleGradient, SEED, seededRandom } from '../../helpers.js';

describe('the TensorFlow.js peer', () => {
  it('loads tfjs-core on the cpu backend in float32', async () => {
    const peer = await loadTfjsPeer();
    expect(peer.backend).toBe('cpu');
    expect(peer.wasm).toBeUndefined();
    expect(peer.dtype).toBe('float32');
    expect(peer.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('refuses a second backend in the same process, naming both', async () => {
    await loadTfjsPeer('cpu');
    expect(() => loadTfjsPeer('wasm')).toThrow(
      /this process runs the cpu backend; the wasm backend needs a process of its own/,
    );
  });

  it('computes the same Rosenbrock value and gradient as the zoo, to float32 accuracy', async () => {
    const peer = await loadTfjsPeer();
    const instance = zooEntry('rosenbrock').instantiate(12);
    if (instance.kind !== 'scalar') throw new Error('rosenbrock is scalar');
    const x = instance.sample(seededRandom(SEED));
    const analytic = new Float64Array(12);
    const value = instance.analyticGradient!(x, analytic);
    const peerValue = peer.rosenbrockValue(x)() as Float32Array;
    expectFloat32Close(peerValue, [value], 1);
    const peerGradient = peer.rosenbrockGradient(x)() as Float32Array;
    const scale = Math.max(...Array.from(analytic, Math.abs));
    expectFloat32Close(peerGradient, analytic, scale);
  });

  it('differentiates mean(tanh(W·X)²) with respect to W like a float64 reference', async () => {
    const peer = await loadTfjsPeer();
    const data = tensorLossData(4, SEED);
    const loss = (weights: ArrayLike<number>): number => {
      let total = 0;
      for (let i = 0; i < data.side; i++) {
        for (let j = 0; j < data.columns; j++) {
          let sum = 0;
          for (let k = 0; k < data.side; k++)
            sum += weights[i * data.side + k]! * data.batch[k * data.columns + j]!;
          total += Math.tanh(sum) ** 2;
        }
      }
      return total / (data.side * data.columns);
    };
    const reference = oracleGradient((w) => loss(w), data.weights);
    expectFloat32Close(peer.tensorLossValue(data)() as Float32Array, [loss(data.weights)], 1);
    const gradient = peer.tensorLossGradient(data)() as Float32Array;
    expectFloat32Close(gradient, reference, Math.max(...Array.from(reference, Math.abs)));
  });
});
