import {
  DomainError,
  mul,
  newCounters,
  type Scalar,
  ShapeError,
  sin,
  UsageError,
  type VectorFunction,
} from '@dualtape/core';
import { derivative, jacobian } from '@dualtape/forward';
import { ZOO } from '@dualtape/zoo';
import { describe, expect, it } from 'vitest';
import {
  bits,
  expectAllClose,
  oracleJacobian,
  POINTS_PER_SIZE,
  SEED,
  seededRandom,
  TOLERANCES,
  ZOO_SIZES,
} from './helpers.js';

describe('jacobian: values', () => {
  it('by hand: [x·y, sin x] at (1, 2) is [[2, 1], [cos 1, 0]]', () => {
    const rows = jacobian(([x, y]) => [mul(x!, y!), sin(x!)], [1, 2]);
    expect(rows.map((row) => Array.from(row))).toEqual([
      [2, 1],
      [Math.cos(1), 0],
    ]);
  });

  for (const entry of ZOO.filter((e) => e.kind === 'vector')) {
    it(`${entry.name}: matches the 9-point oracle, and every chunk size agrees bit for bit`, () => {
      const random = seededRandom(SEED);
      const sizes = new Set(ZOO_SIZES.map((size) => Math.max(size, entry.minSize)));
      for (const size of sizes) {
        const instance = entry.instantiate(size);
        if (instance.kind !== 'vector') throw new Error(`${entry.name} is not a vector function`);
        for (let p = 0; p < POINTS_PER_SIZE; p++) {
          const x = instance.sample(random);
          const expected = oracleJacobian((xs) => Array.from(instance.plain(Float64Array.from(xs))), x);
          const rows = jacobian(instance.f, x);
          expect(rows.length).toBe(instance.outputSize);
          rows.forEach((row, i) => {
            expectAllClose(row, expected[i]!, TOLERANCES.oracle, `${entry.name}(size ${size}) row ${i}`);
          });
          if (p === 0) {
            const reference = jacobian(instance.f, x, { chunkSize: 1 }).map((row) => Array.from(row, bits));
            for (let chunkSize = 2; chunkSize <= x.length; chunkSize++) {
              const chunked = jacobian(instance.f, x, { chunkSize }).map((row) => Array.from(row, bits));
              expect(chunked).toEqual(reference);
            }
          }
        }
      }
    });
  }

  it('a function returning a single value counts as one output row', () => {
    const rows = jacobian(
      ((xs: readonly Scalar[]) => mul(xs[0]!, xs[1]!)) as unknown as VectorFunction,
      [3, 5],
    );
    expect(rows.map((row) => Array.from(row))).toEqual([[5, 3]]);
  });

  it('counts ceil(N/k) passes and N lanes, whatever M is', () => {
    const counters = newCounters();
    const x = Array.from({ length: 13 }, (_, i) => i);
    jacobian((xs) => [...xs, ...xs], x, { counters }); // default chunk 7: 2 passes
    expect(counters).toMatchObject({ passes: 2, lanes: 13 });
  });
});

describe('jacobian: bad input', () => {
  const f: VectorFunction = (xs) => [mul(xs[0]!, 2)];

  it('empty x is a ShapeError; non-finite x a DomainError naming the index', () => {
    expect(() => jacobian(f, [])).toThrow(ShapeError);
    expect(() => jacobian(f, [1, Number.POSITIVE_INFINITY])).toThrow(DomainError);
    expect(() => jacobian(f, [1, Number.POSITIVE_INFINITY])).toThrow(/jacobian: x\[1\] is Infinity/);
  });

  it('an output size that changes between passes is a ShapeError', () => {
    let calls = 0;
    const growing = ((xs: readonly Scalar[]) =>
      calls++ === 0 ? [xs[0]] : [xs[0], xs[1]]) as unknown as VectorFunction;
    expect(() => jacobian(growing, [1, 2], { chunkSize: 1 })).toThrow(ShapeError);
  });

  it('a non-array, non-number output or a bad chunk size is a UsageError', () => {
    expect(() => jacobian((() => 'x') as unknown as VectorFunction, [1])).toThrow(UsageError);
    expect(() => jacobian((() => [1, 'x']) as unknown as VectorFunction, [1])).toThrow(
      /jacobian: f's output \[1\] is the string 'x', not a number/,
    );
    expect(() => jacobian(f, [1, 2], { chunkSize: 5 })).toThrow(UsageError);
  });

  it('inside a derivative it works when the Jacobian is plain numbers, and refuses to drop outer derivatives', () => {
    let inner: Float64Array[] = [];
    derivative((t) => {
      inner = jacobian(([a, b]) => [mul(a!, b!)], [2, 3]);
      return t;
    }, 1);
    expect(inner.map((row) => Array.from(row))).toEqual([[3, 2]]);
    expect(() => derivative((t) => jacobian(([a]) => [mul(a!, t)], [2])[0]![0]!, 1)).toThrow(UsageError);
  });

  it("an enclosing derivative's number in x is a UsageError naming the index and the calls that nest", () => {
    const nestedPoint = () => derivative((t) => jacobian(f, [1, t] as unknown as number[])[0]![0]!, 1);
    expect(nestedPoint).toThrow(UsageError);
    expect(nestedPoint).toThrow(
      /^jacobian: x\[1\] must be a plain number, got a Dual; only derivative and gradient accept/,
    );
  });
});
