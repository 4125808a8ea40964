import * as reverse from '@dualtape/reverse';
import { describe, expect, it } from 'vitest';
import {
  atSize,
  type CallSpec,
  describeCall,
  prepareCall,
  smallVariant,
  warmupKey,
} from '../../src/calls/registry.js';
import { denseTanh } from '../../src/experiments/jacobian/dense-tanh.js';
import { ADBENCH_GMM, gmm } from '../../src/experiments/peers/gmm.js';
import { expectAllClose, SEED, seededRandom, TOLERANCES } from '../helpers.js';

describe('prepareCall for source transformation, the GMM and the jax-js peer', () => {
  it('times the transform’s Jacobians of the dense-tanh family, equal to the tape’s', async () => {
    const family = denseTanh(4, 8, SEED);
    const tape = reverse.jacobian(family.f, family.sample(seededRandom(SEED)));
    for (const mode of ['transform-forward', 'transform-reverse'] as const) {
      const { call } = await prepareCall({ kind: 'jacobian', product: 32, inputs: 4, mode, seed: SEED });
      const rows = call() as Float64Array[];
      for (const [i, row] of rows.entries())
        expectAllClose(row, tape[i]!, TOLERANCES.adjointCode, `${mode} row ${i}`);
    }
  });

  it('evaluates the GMM, and its adjoint-code and tape gradients agree; both report what they keep', async () => {
    const spec = (mode: 'plain' | 'transform-reverse' | 'reverse'): CallSpec => ({
      kind: 'gmm',
      mode,
      points: 5,
      seed: SEED,
    });
    const problem = gmm({ ...ADBENCH_GMM, points: 5 }, SEED);
    expect((await prepareCall(spec('plain'))).call()).toBe(problem.objective(problem.params));
    const adjoint = await prepareCall(spec('transform-reverse'));
    const tape = await prepareCall(spec('reverse'));
    expectAllClose(
      adjoint.call() as Float64Array,
      tape.call() as Float64Array,
      TOLERANCES.adjointCode,
      'gradient',
    );
    expect(adjoint.stats!().savedBytes).toBeGreaterThan(0);
    expect(tape.stats!().operations).toBeGreaterThan(problem.inputs);
  });

  it('compiles a zoo function and generates both codes in one call', async () => {
    const { call } = await prepareCall({ kind: 'transform-compile', fn: 'rosenbrock', size: 4 });
    expect(call()).toBeGreaterThan(100);
  });

  it('checks the jax-js gradient before handing out the call', async () => {
    const { call } = await prepareCall({ kind: 'jax', gradient: true, size: 50, seed: SEED });
    expect((call() as Float64Array).length).toBe(50);
  });

  it('sizes, warms and keys the new call kinds like the others', () => {
    const gmmCall: CallSpec = { kind: 'gmm', mode: 'plain', points: 1000, seed: SEED };
    expect(smallVariant(gmmCall)).toMatchObject({ points: 4 });
    expect(atSize({ kind: 'gmm', mode: 'plain', seed: SEED }, 7)).toMatchObject({ points: 7 });
    expect(smallVariant({ kind: 'jax', gradient: true, size: 1e6, seed: SEED })).toMatchObject({ size: 32 });
    expect(
      warmupKey({ kind: 'zoo', fn: 'rosenbrock', size: 8, mode: 'transform-reverse', seed: 1 }),
    ).not.toBe(
      warmupKey({
        kind: 'zoo',
        fn: 'rosenbrock',
        size: 8,
        mode: 'transform-reverse',
        seed: 1,
        source: 'plain',
      }),
    );
    expect(
      warmupKey({ kind: 'tfjs', program: 'rosenbrock', gradient: true, size: 8, seed: 1, backend: 'wasm' }),
    ).not.toBe(warmupKey({ kind: 'tfjs', program: 'rosenbrock', gradient: true, size: 8, seed: 1 }));
  });

  it('knows every kind a spec can name, and refuses one it does not', async () => {
    const templates = [
      { kind: 'zoo', fn: 'rosenbrock', mode: 'plain', seed: SEED },
      { kind: 'jacobian', product: 8, mode: 'reverse', seed: SEED },
      { kind: 'loop', checkpointed: true },
      { kind: 'tensor', gradient: false, seed: SEED },
      { kind: 'gmm', mode: 'plain', seed: SEED },
      { kind: 'transform-compile', fn: 'rosenbrock' },
      { kind: 'chunk', fn: 'rosenbrock', seed: SEED, work: 'forward-gradient', chunkSize: 2 },
    ] as const;
    for (const template of templates) {
      const spec = atSize(template, 4);
      expect(describeCall(spec), template.kind).toMatch(/\d/);
      expect(warmupKey(smallVariant(spec))).toBe(warmupKey(spec));
      (await prepareCall(spec)).call();
    }
    await expect(prepareCall({ kind: 'nonsense' } as unknown as CallSpec)).rejects.toThrow(
      /unknown call kind/,
    );
  });
});
