import { zooEntry } from '@dualtape/zoo';
import { describe, expect, it } from 'vitest';
import { checkGradient } from '../../../src/experiments/peers/calls.js';
import { installRuntimeStandIns, loadJaxPeer } from '../../../src/experiments/peers/jax.js';
import { expectAllClose, SEED, seededRandom, TOLERANCES } from '../../helpers.js';

function rosenbrockPoint(n: number) {
  const instance = zooEntry('rosenbrock').instantiate(n);
  if (instance.kind !== 'scalar') throw new Error('rosenbrock is scalar');
  const x = instance.sample(seededRandom(SEED));
  const analytic = new Float64Array(n);
  const value = instance.analyticGradient!(x, analytic);
  return { x, value, analytic };
}

describe('the jax-js peer', () => {
  it('loads on the wasm device in float64, with the Node 20 stand-ins in place', async () => {
    const peer = await loadJaxPeer();
    expect(peer.device).toBe('wasm');
    expect(peer.dtype).toBe('float64');
    expect(peer.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(typeof (globalThis as { navigator?: { userAgent?: unknown } }).navigator?.userAgent).toBe(
      'string',
    );
  });

  it('computes Rosenbrock and its gradient in float64: the zoo’s values to rounding', async () => {
    const peer = await loadJaxPeer();
    for (const n of [2, 13, 1000]) {
      const { x, value, analytic } = rosenbrockPoint(n);
      const y = peer.rosenbrockValue(x)() as Float64Array;
      expect(y).toBeInstanceOf(Float64Array);
      expectAllClose(y, [value], TOLERANCES.exact, `value at N = ${n}`);
      const call = peer.rosenbrockGradient(x);
      const gradient = call() as Float64Array;
      expect(gradient).toBeInstanceOf(Float64Array);
      expectAllClose(gradient, analytic, TOLERANCES.exact, `gradient at N = ${n}`);
      // The input outlives a call: a second call gives the same gradient.
      expect(Array.from(call() as Float64Array)).toEqual(Array.from(gradient));
      expect(() => checkGradient('jax-js', gradient, analytic)).not.toThrow();
    }
  });

  it('the stand-ins keep a runtime’s own globals, and the Float16Array stand-in refuses to be built', () => {
    const global = globalThis as { navigator?: unknown; Float16Array?: unknown };
    const before = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    const own = { userAgent: 'a runtime of its own' };
    Object.defineProperty(globalThis, 'navigator', { value: own, configurable: true, writable: true });
    try {
      installRuntimeStandIns();
      expect(global.navigator).toBe(own);
    } finally {
      if (before === undefined) delete global.navigator;
      else Object.defineProperty(globalThis, 'navigator', before);
    }
    const Half = global.Float16Array as new () => unknown;
    if (Half.toString().includes('stand-in')) {
      expect(() => new Half()).toThrow(/Float16Array is a stand-in on this runtime/);
      expect(new Float64Array(1) instanceof Half).toBe(false);
    }
  });
});

describe('checkGradient', () => {
  it('names the worst entry of a wrong gradient, and a NaN entry whatever the others are', () => {
    expect(() => checkGradient('peer', [1, 2.5, 3], [1, 2, 3])).toThrow(
      /peer: gradient entry 1 is 2.5, expected 2 \(relative error 1\.67e-1/,
    );
    expect(() => checkGradient('peer', [1, Number.NaN, 3], [1, 2, 3])).toThrow(/gradient entry 1 is NaN/);
    expect(() => checkGradient('peer', [1, 2], [1, 2, 3])).toThrow(/2 gradient entries, expected 3/);
    expect(() => checkGradient('peer', [1, 2, 3 + 1e-15], [1, 2, 3])).not.toThrow();
  });
});
