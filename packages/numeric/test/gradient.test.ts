import {
  add,
  DomainError,
  log,
  mul,
  newCounters,
  type Scalar,
  type ScalarFunction,
  ShapeError,
  sin,
  UsageError,
} from '@dualtape/core';
import type { ZooScalarInstance } from '@dualtape/zoo';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NOISE, SCHEMES, type Scheme } from '../src/defaults.js';
import { gradient, gradientWithError } from '../src/gradient.js';
import {
  ACCURACY,
  MINIMUM_COVERAGE,
  naturalScaleError,
  seededRandom,
  truthOf,
  zooInstances,
} from './helpers.js';

const SCALAR_ZOO = zooInstances().filter(
  (instance): instance is ZooScalarInstance => instance.kind === 'scalar',
);
const POINTS_PER_INSTANCE = 8;

const sumOfSquares: ScalarFunction = <T extends Scalar>([x, y]: readonly T[]) =>
  add(mul(x!, x!), mul(y!, y!));
const twoXDotX: ScalarFunction = <T extends Scalar>(x: readonly T[]) => {
  let total: Scalar = 0;
  for (const xi of x) total = add(total, mul(2, mul(xi, xi)));
  return total as T;
};

describe('gradient: hand-computed values', () => {
  for (const scheme of SCHEMES) {
    it(`${scheme}: z = x² + y² at (4, 3) is (8, 6); y = 2·x·x over [0, 1, 2, 3] is [0, 4, 8, 12]`, () => {
      const tolerance = scheme === 'forward' || scheme === 'backward' ? 1e-6 : 1e-9;
      const first = gradient(sumOfSquares, [4, 3], { scheme });
      expect(Math.abs(first[0]! - 8)).toBeLessThan(tolerance);
      expect(Math.abs(first[1]! - 6)).toBeLessThan(tolerance);
      const second = gradient(twoXDotX, [0, 1, 2, 3], { scheme });
      for (const [i, expected] of [0, 4, 8, 12].entries()) {
        expect(Math.abs(second[i]! - expected)).toBeLessThan(tolerance);
      }
    });
  }
  it('central differences of a quadratic are exact: the step is a power of two, so x ± h is exact', () => {
    expect(Array.from(gradient(sumOfSquares, [4, 3]))).toEqual([8, 6]);
  });
});

describe('gradient: accuracy on every scalar zoo function (analytic gradients)', () => {
  const targets: [Scheme, number][] = [
    ['central', ACCURACY.central],
    ['richardson', ACCURACY.richardson],
    ['complex-step', ACCURACY.complexStep],
  ];
  for (const instance of SCALAR_ZOO) {
    it(`${instance.name} (N = ${instance.inputSize}): central ~1e-8, Richardson ~1e-11, complex step ~1e-14`, () => {
      const random = seededRandom(instance.inputSize * 7919 + instance.name.length);
      for (let p = 0; p < POINTS_PER_INSTANCE; p++) {
        const x = instance.sample(random);
        const truth = truthOf(instance, x);
        expect(truth.source).toBe('analytic');
        for (const [scheme, accuracy] of targets) {
          const estimate = gradient(instance.f, x, { scheme });
          const error = naturalScaleError([estimate], truth.jacobian, truth.value, x);
          if (!(error <= accuracy)) {
            expect.fail(
              `${instance.name} ${scheme} at [${Array.from(x)}]: relative error ${error} > ${accuracy}`,
            );
          }
        }
      }
    });
  }
});

describe('gradientWithError: the error bound holds', () => {
  it(`bounds the true error in at least ${MINIMUM_COVERAGE * 100}% of random points, for every scheme`, () => {
    const misses: Record<string, number> = {};
    let checked = 0;
    let missed = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...SCALAR_ZOO),
        fc.constantFrom(...SCHEMES),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (instance, scheme, seed) => {
          const x = instance.sample(seededRandom(seed));
          const truth = truthOf(instance, x).jacobian[0]!;
          const estimate = gradientWithError(instance.f, x, { scheme });
          expect(estimate.nonFinite).toBe(0);
          for (let i = 0; i < x.length; i++) {
            const error = estimate.error[i]!;
            expect(error).toBeGreaterThanOrEqual(0);
            checked++;
            if (Math.abs(estimate.value[i]! - truth[i]!) > error) {
              missed++;
              misses[`${instance.name}/${scheme}`] = (misses[`${instance.name}/${scheme}`] ?? 0) + 1;
            }
          }
        },
      ),
      { numRuns: 600 },
    );
    expect(missed / checked, `misses by function/scheme: ${JSON.stringify(misses)}`).toBeLessThanOrEqual(
      1 - MINIMUM_COVERAGE,
    );
  });

  it('reports the cost: N + 1 one-sided, 2N central, 4N five-point, N complex evaluations', () => {
    const x = [0.5, -1.5, 2];
    const costs: [Scheme, number][] = [
      ['forward', 4],
      ['backward', 4],
      ['central', 6],
      ['five-point', 12],
      ['seven-point', 18],
      ['complex-step', 3],
    ];
    for (const [scheme, evaluations] of costs) {
      const counters = newCounters();
      gradient(sumOfSquares3, x, { scheme, counters });
      expect(counters.evaluations, scheme).toBe(evaluations);
    }
    // With an error estimate the stencil is repeated at 2h, reusing the points it shares, and f's noise
    // is measured once at NOISE.points points.
    expect(gradientWithError(sumOfSquares3, x, { scheme: 'central' }).evaluations).toBe(12 + NOISE.points);
    expect(gradientWithError(sumOfSquares3, x, { scheme: 'forward' }).evaluations).toBe(7 + NOISE.points);
    expect(gradientWithError(sumOfSquares3, x, { scheme: 'complex-step' }).evaluations).toBe(3);
  });
});

const sumOfSquares3: ScalarFunction = <T extends Scalar>(x: readonly T[]) =>
  add(add(mul(x[0]!, x[0]!), mul(x[1]!, x[1]!)), mul(x[2]!, x[2]!));

describe('gradient: bad input', () => {
  it('refuses an empty x with a ShapeError', () => {
    expect(() => gradient(sumOfSquares, [])).toThrow(ShapeError);
    expect(() => gradient(sumOfSquares, [])).toThrow(/gradient: x is empty/);
  });
  it('refuses NaN and ±Infinity in x with a DomainError naming the index', () => {
    expect(() => gradient(sumOfSquares, [1, Number.NaN])).toThrow(DomainError);
    expect(() => gradient(sumOfSquares, [1, Number.NaN])).toThrow(/x\[1\] is NaN/);
    expect(() => gradientWithError(sumOfSquares, [Number.NEGATIVE_INFINITY, 1])).toThrow(
      /x\[0\] is -Infinity/,
    );
  });
  it('refuses a function that returns a vector, with a ShapeError naming the sizes', () => {
    const vector = (<T extends Scalar>(x: readonly T[]) => [x[0]!, x[1]!]) as unknown as ScalarFunction;
    for (const scheme of SCHEMES) {
      expect(() => gradient(vector, [1, 2], { scheme })).toThrow(ShapeError);
      expect(() => gradient(vector, [1, 2], { scheme })).toThrow(
        /gradient: f returned an array of length 2; gradient needs a function with one output/,
      );
    }
  });
  it('refuses an unknown scheme and a bad step with a UsageError', () => {
    expect(() => gradient(sumOfSquares, [1, 2], { scheme: 'centre' as Scheme })).toThrow(UsageError);
    expect(() => gradient(sumOfSquares, [1, 2], { scheme: 'centre' as Scheme })).toThrow(
      /gradient: scheme must be one of 'forward', .*, got the string 'centre'/,
    );
    for (const step of [0, -1e-6, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => gradient(sumOfSquares, [1, 2], { step })).toThrow(/step must be a positive finite number/);
    }
  });
  it('refuses the complex step of a function written with JavaScript operators (it used to give [0, 0, 0])', () => {
    const plainJavaScript = ((x: readonly number[]) =>
      x[0]! * x[1]! + Math.sin(x[2]!)) as unknown as ScalarFunction;
    expect(() => gradient(plainJavaScript, [1, 2, 3], { scheme: 'complex-step' })).toThrow(UsageError);
    expect(() => gradientWithError(plainJavaScript, [1, 2, 3], { scheme: 'complex-step' })).toThrow(
      /Complex: a complex-step number was used with a JavaScript operator/,
    );
    // The difference schemes evaluate on plain numbers, where JavaScript operators are fine.
    const central = gradient(plainJavaScript, [1, 2, 3]);
    expect(Array.from(central, (v) => Number(v.toFixed(6)))).toEqual([2, 1, Number(Math.cos(3).toFixed(6))]);
  });
  it('returns NaN where f is NaN, and flags it with an infinite error bound', () => {
    const logOfFirst: ScalarFunction = <T extends Scalar>(x: readonly T[]) => add(log(x[0]!), sin(x[1]!));
    for (const scheme of SCHEMES) {
      expect(Number.isNaN(gradient(logOfFirst, [-1, 2], { scheme })[0]!), scheme).toBe(true);
      const estimate = gradientWithError(logOfFirst, [-1, 2], { scheme });
      expect(Number.isNaN(estimate.value[0]!), scheme).toBe(true);
      expect(estimate.error[0], scheme).toBe(Number.POSITIVE_INFINITY);
      expect(estimate.nonFinite, scheme).toBeGreaterThanOrEqual(1);
    }
  });
});
