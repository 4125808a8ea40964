import { newCounters, UsageError } from '@dualtape/core';
import { type ZooScalarInstance, zooEntry } from '@dualtape/zoo';
import { describe, expect, it } from 'vitest';
import { denseDirection, GRADIENT_MODES, MODE_LABELS, prepareScalarCall } from '../src/modes.js';
import { expectAllClose, SEED, seededRandom, TOLERANCES } from './helpers.js';

function rosenbrock(size: number): { instance: ZooScalarInstance; x: Float64Array } {
  const instance = zooEntry('rosenbrock').instantiate(size);
  if (instance.kind !== 'scalar') throw new Error('rosenbrock is scalar');
  return { instance, x: instance.sample(seededRandom(SEED)) };
}

describe('prepareScalarCall', () => {
  const { instance, x } = rosenbrock(9);
  const analytic = new Float64Array(9);
  const value = instance.analyticGradient!(x, analytic);

  it('evaluates f in the plain modes', () => {
    expect(prepareScalarCall('plain', instance, x)()).toBe(value);
    expect(prepareScalarCall('plain-generic', instance, x)()).toBe(value);
  });

  it('computes the gradient in every gradient mode (each within its own accuracy)', () => {
    for (const mode of GRADIENT_MODES.filter((m) => !m.startsWith('plain'))) {
      const gradient = prepareScalarCall(mode, instance, x)() as Float64Array;
      const tolerance = mode === 'numeric-central' ? TOLERANCES.central : TOLERANCES.exact;
      expectAllClose(gradient, analytic, tolerance, mode);
    }
    // The transform modes read either of the zoo's texts: the generic f or its plain-JavaScript twin.
    for (const mode of ['transform-forward', 'transform-reverse'] as const) {
      const gradient = prepareScalarCall(mode, instance, x, undefined, 'plain')() as Float64Array;
      expectAllClose(gradient, analytic, TOLERANCES.exact, `${mode} from the plain twin`);
    }
    const own = new Float64Array(9);
    prepareScalarCall('analytic', instance, x)();
    instance.analyticGradient!(x, own);
    expectAllClose(own, analytic, TOLERANCES.exact, 'analytic');
  });

  it('times the replay of a recording made beforehand (the call does not re-record)', () => {
    const call = prepareScalarCall('reverse-replay', instance, x);
    expectAllClose(call() as Float64Array, analytic, TOLERANCES.exact, 'first replay');
    expectAllClose(call() as Float64Array, analytic, TOLERANCES.exact, 'second replay');
  });

  it('computes one JVP in a dense direction (dual numbers and tangent code alike)', () => {
    const direction = denseDirection(9);
    expect(Array.from(direction).every((v) => v !== 0)).toBe(true);
    const expected = analytic.reduce((total, g, i) => total + g * direction[i]!, 0);
    for (const mode of ['forward-jvp', 'transform-jvp'] as const) {
      const result = prepareScalarCall(mode, instance, x)() as { value: Float64Array; tangent: Float64Array };
      expect(result.value[0], mode).toBe(value);
      expect(Math.abs(result.tangent[0]! - expected), mode).toBeLessThan(1e-9 * Math.abs(expected));
    }
  });

  it('counts what the adjoint code saved as its tape bytes, and reuses the gradient buffer', () => {
    const chain = zooEntry('sin-chain').instantiate(64);
    if (chain.kind !== 'scalar') throw new Error('sin-chain is scalar');
    const point = chain.sample(seededRandom(SEED));
    const counters = newCounters();
    const call = prepareScalarCall('transform-reverse', chain, point, counters);
    const first = call();
    expect(call()).toBe(first);
    expect(counters.sweeps).toBe(2);
    // Each of the 64 sines' partials reads a value the loop overwrites: at least 8 bytes each.
    expect(counters.peakTapeBytes).toBeGreaterThanOrEqual(64 * 8);
  });

  it('refuses modes that do not apply', () => {
    const withoutAnalytic = zooEntry('mlp-loss').instantiate(2);
    if (withoutAnalytic.kind !== 'scalar') throw new Error('mlp-loss is scalar');
    if (withoutAnalytic.analyticGradient === undefined) {
      expect(() =>
        prepareScalarCall('analytic', withoutAnalytic, new Float64Array(withoutAnalytic.inputSize)),
      ).toThrow(/no hand-written analytic gradient/);
    }
    expect(() => prepareScalarCall('reverse-checkpointed', instance, x)).toThrow(UsageError);
  });

  it('labels every mode', () => {
    for (const mode of GRADIENT_MODES) expect(MODE_LABELS[mode].length).toBeGreaterThan(3);
  });
});
