import {
  add,
  DomainError,
  mul,
  newCounters,
  type Scalar,
  ShapeError,
  sin,
  type VectorFunction,
} from '@dualtape/core';
import { describe, expect, it } from 'vitest';
import { jacobian } from '../src/index.js';
import {
  expectAllClose,
  oracleJacobian,
  POINTS_PER_INSTANCE,
  samplePoints,
  seededRandom,
  TOLERANCES,
  VECTOR_INSTANCES,
} from './helpers.js';

describe('jacobian', () => {
  it.each(VECTOR_INSTANCES.map((instance) => [`${instance.name} (size ${instance.size})`, instance]))(
    'matches the 9-point oracle on zoo %s',
    (_label, instance) => {
      for (const point of samplePoints(instance, POINTS_PER_INSTANCE, seededRandom(11))) {
        const expected = oracleJacobian((x) => Array.from(instance.plain(Float64Array.from(x))), point);
        const rows = jacobian(instance.f, point);
        expect(rows).toHaveLength(instance.outputSize);
        rows.forEach((row, r) => {
          expectAllClose(row, expected[r]!, TOLERANCES.oracle, `${instance.name} row ${r}`);
        });
      }
    },
  );

  it('gives hand-computed rows, zero rows for constant outputs, and one sweep per non-constant row', () => {
    const f = <T extends Scalar>([x, y]: readonly T[]) => [mul(x!, y!), sin(x!), 3 as unknown as T, y!];
    const counters = newCounters();
    const rows = jacobian(f, [2, 5], { counters });
    expect(rows.map((row) => Array.from(row))).toEqual([
      [5, 2],
      [Math.cos(2), 0],
      [0, 0],
      [0, 1],
    ]);
    expect(counters.sweeps).toBe(3);
  });

  it('resets the adjoints between rows (the same output twice gives the same row twice)', () => {
    const f = <T extends Scalar>([x, y]: readonly T[]) => {
      const product = mul(x!, y!);
      return [product, product, add(product, x!)];
    };
    const rows = jacobian(f, [3, 4]).map((row) => Array.from(row));
    expect(rows).toEqual([
      [4, 3],
      [4, 3],
      [5, 3],
    ]);
  });

  it('accepts a single returned value as one row', () => {
    const single = (<T extends Scalar>([x]: readonly T[]) => mul(x!, x!)) as unknown as VectorFunction;
    const rows = jacobian(single, [3]);
    expect(rows.map((row) => Array.from(row))).toEqual([[6]]);
  });

  it('refuses an empty or non-finite x', () => {
    expect(() => jacobian((x) => [x[0]!], [])).toThrow(ShapeError);
    expect(() => jacobian((x) => [x[0]!], [Number.NaN])).toThrow(DomainError);
  });
});
