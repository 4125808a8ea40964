import { DomainError, mul, newCounters, type ScalarFunction, ShapeError, sin, square } from '@dualtape/core';
import { derivative, hessian, hvp } from '@dualtape/forward';
import { zooEntry } from '@dualtape/zoo';
import { describe, expect, it } from 'vitest';
import { expectAllClose, rosenbrockHessian, SEED, seededRandom, TOLERANCES } from './helpers.js';

function timesVector(rows: readonly Float64Array[], v: ArrayLike<number>): Float64Array {
  return Float64Array.from(rows, (row) => row.reduce((total, entry, j) => total + entry * v[j]!, 0));
}

describe('hvp (forward over forward)', () => {
  it('by hand: x²·y at (1, 2) along (1, 0) is the first Hessian column [4, 2]', () => {
    expect(Array.from(hvp(([x, y]) => mul(square(x!), y!), [1, 2], [1, 0]))).toEqual([4, 2]);
  });

  it("is Rosenbrock's hand-derived Hessian times v for every chunk size, in ceil(N/k) passes", () => {
    const n = 9;
    const f = zooEntry('rosenbrock').instantiate(n).f as ScalarFunction;
    const random = seededRandom(SEED);
    const x = Float64Array.from({ length: n }, () => 4 * random() - 2);
    const v = Float64Array.from({ length: n }, () => 2 * random() - 1);
    const expected = timesVector(rosenbrockHessian(x), v);
    for (const chunkSize of [1, 2, 4, 9]) {
      const counters = newCounters();
      expectAllClose(hvp(f, x, v, { chunkSize, counters }), expected, TOLERANCES.exact, `chunk ${chunkSize}`);
      expect(counters.passes).toBe(Math.ceil(n / chunkSize));
      expect(counters.lanes).toBe(n);
    }
    expectAllClose(hvp(f, x, v), timesVector(hessian(f, x), v), TOLERANCES.exact, 'against hessian·v');
  });

  it("refuses an enclosing derivative's numbers in x, saying which calls take them", () => {
    const f: ScalarFunction = ([a, b]) => mul(square(a!), sin(b!));
    expect(() => derivative((t) => hvp(f, [t as never, 1], [1, 0])[1]! as never, 0.5)).toThrow(
      /hvp: x\[0\] must be a plain number, got a Dual/,
    );
  });

  it('refuses a direction of the wrong length or with a non-finite entry', () => {
    const f: ScalarFunction = ([a, b]) => mul(a!, b!);
    expect(() => hvp(f, [1, 2], [1])).toThrow(ShapeError);
    expect(() => hvp(f, [1, 2], [1])).toThrow('hvp: v has length 1 but x has length 2; they must match');
    expect(() => hvp(f, [1, 2], [1, Number.NaN])).toThrow(DomainError);
    expect(() => hvp(f, [1, 2], [1, 2], { chunkSize: 3 })).toThrow(/chunkSize/);
  });
});
