import { zooEntry } from '@dualtape/zoo';
import { describe, expect, it } from 'vitest';
import { loadTfjsPeer } from '../../../src/experiments/peers/tfjs.js';
import { expectFloat32Close, SEED, seededRandom } from '../../helpers.js';

// A file of its own: TensorFlow.js runs one backend per process (tfjs.test.ts holds the cpu backend's tests).
describe('the TensorFlow.js peer on its WebAssembly backend', () => {
  it('starts from the binaries inside the npm package and says how it runs', async () => {
    const peer = await loadTfjsPeer('wasm');
    expect(peer.backend).toBe('wasm');
    expect(peer.dtype).toBe('float32');
    expect(typeof peer.wasm?.simd).toBe('boolean');
    expect(typeof peer.wasm?.threads).toBe('boolean');
  });

  it('computes the same Rosenbrock value and gradient as the zoo, to float32 accuracy', async () => {
    const peer = await loadTfjsPeer('wasm');
    const instance = zooEntry('rosenbrock').instantiate(12);
    if (instance.kind !== 'scalar') throw new Error('rosenbrock is scalar');
    const x = instance.sample(seededRandom(SEED));
    const analytic = new Float64Array(12);
    const value = instance.analyticGradient!(x, analytic);
    expectFloat32Close(peer.rosenbrockValue(x)() as Float32Array, [value], 1);
    const scale = Math.max(...Array.from(analytic, Math.abs));
    expectFloat32Close(peer.rosenbrockGradient(x)() as Float32Array, analytic, scale);
  });
});
