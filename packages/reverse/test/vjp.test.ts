import { DomainError, mul, newCounters, type Scalar, ShapeError, sin } from '@dualtape/core';
import { describe, expect, it } from 'vitest';
import { jacobian, vjp } from '../src/index.js';
import {
  expectClose,
  oracleDerivative,
  POINTS_PER_INSTANCE,
  samplePoints,
  seededRandom,
  TOLERANCES,
  VECTOR_INSTANCES,
} from './helpers.js';

function inner(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) total += a[i]! * b[i]!;
  return total;
}

describe('vjp', () => {
  describe.each(VECTOR_INSTANCES.map((instance) => [`${instance.name} (size ${instance.size})`, instance]))(
    'zoo %s',
    (_label, instance) => {
      const random = seededRandom(23);
      const points = samplePoints(instance, POINTS_PER_INSTANCE, random);

      it('has pullbacks of the unit vectors equal to the Jacobian rows, and the value of f', () => {
        for (const point of points) {
          const { value, pullback } = vjp(instance.f, point);
          expect(Array.from(value)).toEqual(Array.from(instance.plain(point)));
          jacobian(instance.f, point).forEach((row, r) => {
            const unit = new Float64Array(instance.outputSize);
            unit[r] = 1;
            expect(Array.from(pullback(unit))).toEqual(Array.from(row));
          });
        }
      });

      it('passes the dot-product identity <u, J v> = <Jᵀ u, v> with J v from the oracle', () => {
        for (const point of points) {
          const u = Float64Array.from({ length: instance.outputSize }, () => 2 * random() - 1);
          const v = Float64Array.from({ length: instance.inputSize }, () => 2 * random() - 1);
          // <u, J v> is the derivative of t ↦ <u, f(x + t v)> at 0.
          const along = (t: number) => inner(u, instance.plain(point.map((xi, i) => xi + t * v[i]!)));
          const uJv = oracleDerivative(along, 0);
          expectClose(inner(vjp(instance.f, point).pullback(u), v), uJv, TOLERANCES.oracle, '<Jᵀu, v>');
        }
      });
    },
  );

  it('keeps its recording: the pullback can be called many times, interleaved with other calls', () => {
    const f = <T extends Scalar>([x, y]: readonly T[]) => [mul(x!, y!), sin(x!)];
    const { pullback } = vjp(f, [2, 3]);
    const first = Array.from(pullback([1, 0.5]));
    jacobian(f, [7, 8]);
    expect(Array.from(pullback([1, 0.5]))).toEqual(first);
    expect(Array.from(pullback([1, 0.5]))).toEqual([3 + 0.5 * Math.cos(2), 2]);
  });

  it('counts one sweep per pullback', () => {
    const counters = newCounters();
    const { pullback } = vjp(<T extends Scalar>([x]: readonly T[]) => [sin(x!)], [1], { counters });
    pullback([1]);
    pullback([2]);
    expect(counters.sweeps).toBe(2);
    expect(counters.operations).toBe(2);
  });

  it('refuses a cotangent of the wrong length with a ShapeError, and a non-finite one with a DomainError', () => {
    const { pullback } = vjp(<T extends Scalar>([x, y]: readonly T[]) => [mul(x!, y!), x!], [1, 2]);
    expect(() => pullback([1])).toThrow(ShapeError);
    expect(() => pullback([1])).toThrow(/vjp pullback: u has length 1 but f's output has length 2/);
    expect(() => pullback([1, Number.NaN])).toThrow(DomainError);
  });
});
