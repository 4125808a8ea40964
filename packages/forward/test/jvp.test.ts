import {
  add,
  DomainError,
  log,
  mul,
  newCounters,
  pow,
  type Scalar,
  ShapeError,
  sin,
  type VectorFunction,
} from '@dualtape/core';
import { jacobian, jvp } from '@dualtape/forward';
import { ZOO } from '@dualtape/zoo';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  expectAllClose,
  oracleDerivative,
  PROPERTY_RUNS,
  SEED,
  seededRandom,
  TOLERANCES,
} from './helpers.js';

function matrixTimesVector(rows: readonly Float64Array[], v: ArrayLike<number>): Float64Array {
  return Float64Array.from(rows, (row) => row.reduce((total, entry, j) => total + entry * v[j]!, 0));
}

describe('jvp', () => {
  it('by hand: x·y at (2, 3) along (1, 0) is 3, along (0, 1) is 2', () => {
    const f: VectorFunction = ([x, y]) => [mul(x!, y!)];
    expect(jvp(f, [2, 3], [1, 0])).toEqual({ value: Float64Array.of(6), tangent: Float64Array.of(3) });
    expect(jvp(f, [2, 3], [0, 1]).tangent[0]).toBe(2);
  });

  it('a function returning a single value gives M = 1', () => {
    const single = ((xs: readonly Scalar[]) => sin(xs[0]!)) as unknown as VectorFunction;
    const { value, tangent } = jvp(single, [0.5], [2]);
    expect(Array.from(value)).toEqual([Math.sin(0.5)]);
    expect(Array.from(tangent)).toEqual([2 * Math.cos(0.5)]);
  });

  for (const entry of ZOO.filter((e) => e.kind === 'vector')) {
    it(`${entry.name}: value is f(x) exactly, tangent equals J·v`, () => {
      const random = seededRandom(SEED);
      const instance = entry.instantiate(Math.max(5, entry.minSize));
      if (instance.kind !== 'vector') throw new Error(`${entry.name} is a vector function`);
      const x = instance.sample(random);
      const v = Float64Array.from(x, () => random() * 2 - 1);
      const { value, tangent } = jvp(instance.f, x, v);
      expect(Array.from(value)).toEqual(Array.from(instance.plain(x)));
      expectAllClose(
        tangent,
        matrixTimesVector(jacobian(instance.f, x), v),
        TOLERANCES.exact,
        `${entry.name} J·v`,
      );
    });
  }

  it('property: the tangent is the directional derivative d/dt f(x + t·v) at 0 (oracle)', () => {
    const f: VectorFunction = ([a, b, c]) => [add(mul(a!, sin(b!)), c!), mul(pow(a!, 2), b!)];
    const plain = (xs: readonly number[]) => [xs[0]! * Math.sin(xs[1]!) + xs[2]!, xs[0]! ** 2 * xs[1]!];
    const coordinate = fc.double({ min: -2, max: 2, noNaN: true });
    const vector3 = fc.tuple(coordinate, coordinate, coordinate);
    fc.assert(
      fc.property(vector3, vector3, (x, v) => {
        const { tangent } = jvp(f, x, v);
        for (let i = 0; i < 2; i++) {
          const along = (t: number) => plain(x.map((xi, j) => xi + t * v[j]!))[i]!;
          const expected = oracleDerivative(along, 0);
          expectAllClose([tangent[i]!], [expected], TOLERANCES.oracle, `output ${i}`);
        }
      }),
      { numRuns: PROPERTY_RUNS, seed: SEED },
    );
  });

  it('strong zero: pow(x0, x1) at (-2, 3) along (1, 0) is 12, not NaN', () => {
    expect(jvp(([a, b]) => [pow(a!, b!)], [-2, 3], [1, 0]).tangent[0]).toBe(12);
    expect(jvp(([a, b]) => [pow(a!, b!)], [-2, 3], [1, 1]).tangent[0]).toBeNaN();
  });

  it('NaN produced by f comes back in value and tangent', () => {
    const { value, tangent } = jvp(([a]) => [log(a!)], [-1], [1]);
    expect(value[0]).toBeNaN();
    expect(tangent[0]).toBeNaN();
  });

  it('counts one pass and one lane', () => {
    const counters = newCounters();
    jvp((xs) => [...xs], [1, 2, 3], [1, 1, 1], { counters });
    expect(counters).toMatchObject({ passes: 1, lanes: 1 });
  });

  it('bad input: mismatched x and v, empty x are ShapeErrors; non-finite x or v DomainErrors', () => {
    const f: VectorFunction = (xs) => [...xs];
    expect(() => jvp(f, [1, 2], [1])).toThrow(ShapeError);
    expect(() => jvp(f, [1, 2], [1])).toThrow(/jvp: v has length 1 but x has length 2/);
    expect(() => jvp(f, [], [])).toThrow(ShapeError);
    expect(() => jvp(f, [1, Number.NaN], [1, 1])).toThrow(/jvp: x\[1\] is NaN/);
    expect(() => jvp(f, [1, 2], [Number.POSITIVE_INFINITY, 1])).toThrow(DomainError);
    expect(() => jvp(f, [1, 2], [Number.POSITIVE_INFINITY, 1])).toThrow(/v\[0\] is Infinity/);
  });
});
