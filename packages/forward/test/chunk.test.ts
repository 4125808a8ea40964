import { add, mul, PerturbationError, type Real, type Scalar, sin, UsageError } from '@dualtape/core';
import { ChunkDual, defaultChunkSize, derivative, gradient } from '@dualtape/forward';
import { zooEntry } from '@dualtape/zoo';
import { describe, expect, it } from 'vitest';
import { bits, expectAllClose, SEED, seededRandom, TOLERANCES } from './helpers.js';

describe('defaultChunkSize (ForwardDiff.jl heuristic, threshold 12)', () => {
  it('is n up to 12, then splits into equal chunks: 13 -> 7, 25 -> 9, 100 -> 12', () => {
    for (let n = 1; n <= 12; n++) expect(defaultChunkSize(n)).toBe(n);
    expect(defaultChunkSize(13)).toBe(7);
    expect(defaultChunkSize(24)).toBe(12);
    expect(defaultChunkSize(25)).toBe(9);
    expect(defaultChunkSize(100)).toBe(12);
    expect(defaultChunkSize(1000)).toBe(12); // ceil(1000 / 84)
  });

  it('refuses sizes that are not positive integers', () => {
    for (const bad of [0, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => defaultChunkSize(bad)).toThrow(UsageError);
    }
  });
});

describe('chunked gradients equal one-tangent gradients for every chunk size', () => {
  for (const name of ['rosenbrock', 'ackley', 'logsumexp', 'mlp-loss']) {
    it(`${name}: every chunk size 1..N gives the chunk-1 gradient bit for bit`, () => {
      const instance = zooEntry(name).instantiate(name === 'mlp-loss' ? 1 : 13);
      if (instance.kind !== 'scalar') throw new Error('expected a scalar zoo function');
      const n = instance.inputSize;
      const x = instance.sample(seededRandom(SEED));
      const reference = gradient(instance.f, x, { chunkSize: 1 });
      for (let chunkSize = 2; chunkSize <= n; chunkSize++) {
        const chunked = gradient(instance.f, x, { chunkSize });
        expectAllClose(chunked, reference, TOLERANCES.exact, `${name} chunk ${chunkSize}`);
        expect(Array.from(chunked, bits)).toEqual(Array.from(reference, bits));
      }
    });
  }

  it('a pass whose lanes span several arena blocks keeps earlier lanes intact', () => {
    // A sin chain of depth 6000 over 13 inputs with 13 lanes writes ~78 000 doubles of lanes: more than
    // one 64 Ki-double block.
    const depth = 6000;
    const f = (xs: readonly Scalar[]) => {
      let total: Scalar = 0;
      for (const x of xs) total = add(total, x);
      for (let i = 0; i < depth; i++) total = sin(total);
      return total;
    };
    const x = Array.from({ length: 13 }, (_, i) => 0.01 * (i + 1));
    const chunked = gradient(f, x, { chunkSize: 13 });
    const single = gradient(f, x, { chunkSize: 1 });
    expect(Array.from(chunked, bits)).toEqual(Array.from(single, bits));
    expect(chunked[0]).not.toBe(0);
  });
});

describe('ChunkDual', () => {
  it('inside f, the inputs of a pass are ChunkDuals seeded with one unit lane each', () => {
    const lanes: number[][] = [];
    gradient(
      (xs) => {
        const first = xs[0] as unknown as ChunkDual;
        expect(first).toBeInstanceOf(ChunkDual);
        expect(first.width).toBe(3);
        lanes.push(xs.flatMap((x) => [0, 1, 2].map((lane) => (x as unknown as ChunkDual).tangent(lane))));
        expect(() => first.tangent(3)).toThrow(UsageError);
        return add(xs[0]!, xs[1]!);
      },
      [1, 2, 3],
      { chunkSize: 3 },
    );
    expect(lanes).toEqual([[1, 0, 0, 0, 1, 0, 0, 0, 1]]);
  });

  it('a ChunkDual kept after its pass throws PerturbationError, even in the next pass', () => {
    let kept: Scalar | undefined;
    expect(() =>
      gradient(
        (xs) => {
          const carried = kept ?? 0;
          kept ??= xs[0]; // the first pass's ChunkDual, offered to the second pass
          return add(mul(xs[0]!, xs[1]!), carried);
        },
        [1, 2, 3, 4],
        { chunkSize: 2 },
      ),
    ).toThrow(PerturbationError);
    expect(() => mul(kept!, 2)).toThrow(PerturbationError);
    expect(() => (kept as unknown as ChunkDual).tangent(0)).toThrow(PerturbationError);
  });

  it('refuses to carry another number type, and says what to do', () => {
    const foreign: Real = {
      primal: 2,
      apply1: () => foreign as never,
      apply2: () => foreign as never,
      compare: () => false,
    };
    expect(() => gradient((xs) => mul(xs[0]!, foreign as Scalar), [1, 2])).toThrow(/chunkSize: 1/);
  });

  it('a derivative inside a chunked pass treats the pass values as constants', () => {
    // f(x) = d/dt [x0·t² + x1·t] at t = 1 = 2·x0 + x1, so ∇f = [2, 1].
    const g = gradient(
      (xs) => derivative((t) => add(mul(mul(xs[0]!, t), t), mul(xs[1]!, t)), 1 as Scalar),
      [3, 4],
      { chunkSize: 2 },
    );
    expect(Array.from(g)).toEqual([2, 1]);
  });
});
