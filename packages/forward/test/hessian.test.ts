import {
  add,
  DomainError,
  exp,
  mul,
  newCounters,
  type Scalar,
  type ScalarFunction,
  ShapeError,
  sin,
  square,
} from '@dualtape/core';
import { gradient, hessian } from '@dualtape/forward';
import { zooEntry } from '@dualtape/zoo';
import { describe, expect, it } from 'vitest';
import {
  bitsUpToZeroSign,
  expectAllClose,
  oracleJacobian,
  rosenbrockHessian,
  SEED,
  seededRandom,
  TOLERANCES,
} from './helpers.js';

describe('hessian (forward over forward)', () => {
  it('by hand: x²·y at (1, 2) is [[2y, 2x], [2x, 0]] = [[4, 2], [2, 0]]', () => {
    const rows = hessian(([x, y]) => mul(square(x!), y!), [1, 2]);
    expect(rows.map((row) => Array.from(row))).toEqual([
      [4, 2],
      [2, 0],
    ]);
  });

  it('Rosenbrock matches the hand-derived tridiagonal Hessian and is symmetric, for every chunk size', () => {
    for (const n of [2, 6, 13]) {
      const instance = zooEntry('rosenbrock').instantiate(n);
      if (instance.kind !== 'scalar') throw new Error('rosenbrock is scalar');
      const x = instance.sample(seededRandom(SEED + n));
      const expected = rosenbrockHessian(x);
      const reference = hessian(instance.f, x);
      reference.forEach((row, i) => {
        expectAllClose(row, expected[i]!, TOLERANCES.exact, `H[${i}] (n = ${n})`);
      });
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < i; j++) {
          expect(bitsUpToZeroSign(reference[i]![j]!)).toBe(bitsUpToZeroSign(reference[j]![i]!));
        }
      }
      // Chunked outer passes compute structural zeros as partial·0, which may be -0 where one-tangent
      // passes skip the constant and get +0; every other entry is bit for bit the same.
      const referenceBits = reference.map((row) => Array.from(row, bitsUpToZeroSign));
      for (let chunkSize = 1; chunkSize <= n; chunkSize++) {
        const chunked = hessian(instance.f, x, { chunkSize });
        expect(chunked.map((row) => Array.from(row, bitsUpToZeroSign))).toEqual(referenceBits);
      }
    }
  });

  for (const name of ['ackley', 'logsumexp', 'self-weighted-logit']) {
    it(`${name}: matches the oracle Jacobian of the forward gradient`, () => {
      const instance = zooEntry(name).instantiate(5);
      if (instance.kind !== 'scalar') throw new Error(`${name} is scalar`);
      const x = instance.sample(seededRandom(SEED));
      const expected = oracleJacobian((xs) => Array.from(gradient(instance.f, xs)), x);
      hessian(instance.f, x).forEach((row, i) => {
        expectAllClose(row, expected[i]!, TOLERANCES.oracle, `${name} H[${i}]`);
      });
    });
  }

  it('counts N·ceil(N/k) passes and N² lanes', () => {
    const counters = newCounters();
    const f: ScalarFunction = (xs) => exp(add(xs[0]!, mul(xs[1]!, xs[2]!)));
    hessian(f, [0.1, 0.2, 0.3], { counters, chunkSize: 2 });
    expect(counters).toMatchObject({ passes: 6, lanes: 9 });
  });

  it('bad input: vector output and empty x are ShapeErrors, non-finite x a DomainError', () => {
    const vector = ((xs: readonly Scalar[]) => [xs[0]]) as unknown as ScalarFunction;
    expect(() => hessian(vector, [1])).toThrow(ShapeError);
    expect(() => hessian(vector, [1])).toThrow(/hessian: f returned an array of length 1/);
    expect(() => hessian((xs) => sin(xs[0]!), [])).toThrow(ShapeError);
    expect(() => hessian((xs) => sin(xs[0]!), [Number.NaN])).toThrow(DomainError);
  });
});
