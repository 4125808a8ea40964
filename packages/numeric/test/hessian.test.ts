import { DomainError, newCounters, type Scalar, type ScalarFunction, ShapeError } from '@dualtape/core';
import { oracleJacobian } from '@dualtape/testing';
import { ZOO, type ZooScalarInstance, zooEntry } from '@dualtape/zoo';
import { describe, expect, it } from 'vitest';
import { SCHEMES, type Scheme } from '../src/defaults.js';
import { hessian, hessianWithError } from '../src/hessian.js';
import { HESSIAN_ACCURACY, seededRandom } from './helpers.js';

const N = 4;
const rosenbrock = zooEntry('rosenbrock').instantiate(N) as ZooScalarInstance;

/** Rosenbrock's Hessian, derived by hand: tridiagonal. */
function rosenbrockHessian(x: Float64Array): Float64Array[] {
  const h = Array.from({ length: x.length }, () => new Float64Array(x.length));
  for (let i = 0; i + 1 < x.length; i++) {
    h[i]![i]! += 1200 * x[i]! * x[i]! - 400 * x[i + 1]! + 2;
    h[i + 1]![i + 1]! += 200;
    h[i]![i + 1] = -400 * x[i]!;
    h[i + 1]![i] = -400 * x[i]!;
  }
  return h;
}

function relativeToLargest(estimate: Float64Array[], truth: Float64Array[]): number {
  let largest = 0;
  let worst = 0;
  for (const row of truth) for (const entry of row) largest = Math.max(largest, Math.abs(entry));
  for (const [i, row] of truth.entries()) {
    for (const [j, entry] of row.entries()) worst = Math.max(worst, Math.abs(estimate[i]![j]! - entry));
  }
  return worst / largest;
}

describe('hessian: Rosenbrock against its hand-derived Hessian', () => {
  const targets: [Scheme, number][] = [
    ['central', HESSIAN_ACCURACY.central],
    ['richardson', HESSIAN_ACCURACY.richardson],
    ['complex-step', HESSIAN_ACCURACY.complexStep],
  ];
  it('central ~1e-8, Richardson ~1e-13, complex step ~1e-10 relative to the largest entry; exactly symmetric', () => {
    const random = seededRandom(2024);
    for (let p = 0; p < 10; p++) {
      const x = rosenbrock.sample(random);
      const truth = rosenbrockHessian(x);
      for (const [scheme, accuracy] of targets) {
        const estimate = hessian(rosenbrock.f, x, { scheme });
        expect(relativeToLargest(estimate, truth), scheme).toBeLessThanOrEqual(accuracy);
        for (const [i, row] of estimate.entries()) {
          for (const [j, entry] of row.entries()) expect(entry).toBe(estimate[j]![i]);
        }
      }
    }
  });
  it('every scheme’s error bound holds entry by entry', () => {
    const random = seededRandom(99);
    for (let p = 0; p < 5; p++) {
      const x = rosenbrock.sample(random);
      const truth = rosenbrockHessian(x);
      for (const scheme of SCHEMES) {
        const { value, error, nonFinite } = hessianWithError(rosenbrock.f, x, { scheme });
        expect(nonFinite).toBe(0);
        for (const [i, row] of truth.entries()) {
          for (const [j, entry] of row.entries()) {
            expect(Math.abs(value[i]![j]! - entry), `${scheme} (${i}, ${j})`).toBeLessThanOrEqual(
              error[i]![j]!,
            );
          }
        }
      }
    }
  });
});

describe('hessian: transcendental zoo functions against the oracle Jacobian of their analytic gradient', () => {
  const withGradients = ZOO.filter((entry) => entry.kind === 'scalar')
    .map((entry) => entry.instantiate(Math.max(entry.minSize, 3)) as ZooScalarInstance)
    .filter((instance) => instance.analyticGradient !== undefined && instance.inputSize <= 6);
  for (const instance of withGradients) {
    it(`${instance.name} (N = ${instance.inputSize}): Richardson and the complex step agree with the oracle`, () => {
      const random = seededRandom(5);
      const x = instance.sample(random);
      const gradientOf = (xs: number[]) => {
        const gradient = new Float64Array(xs.length);
        instance.analyticGradient!(Float64Array.from(xs), gradient);
        return Array.from(gradient);
      };
      const truth = oracleJacobian(gradientOf, x);
      let largest = 0;
      for (const row of truth) for (const entry of row) largest = Math.max(largest, Math.abs(entry));
      if (largest === 0) return;
      for (const scheme of ['richardson', 'complex-step'] as Scheme[]) {
        const { value, error } = hessianWithError(instance.f, x, { scheme });
        for (const [i, row] of truth.entries()) {
          for (const [j, entry] of row.entries()) {
            const allowed = error[i]![j]! + HESSIAN_ACCURACY.oracle * largest;
            expect(Math.abs(value[i]![j]! - entry), `${scheme} (${i}, ${j})`).toBeLessThanOrEqual(allowed);
          }
        }
      }
    });
  }
});

describe('hessian: cost and bad input', () => {
  const rosenbrockFunction: ScalarFunction = <T extends Scalar>(x: readonly T[]) => rosenbrock.f(x);
  it('central differences cost 2N² + 1 evaluations; the complex step 2N²', () => {
    const x = rosenbrock.sample(seededRandom(1));
    const counters = newCounters();
    hessian(rosenbrockFunction, x, { counters });
    expect(counters.evaluations).toBe(2 * N * N + 1);
    expect(hessianWithError(rosenbrockFunction, x, { scheme: 'complex-step' }).evaluations).toBe(4 * N * N);
    expect(hessian(rosenbrockFunction, x, { scheme: 'complex-step', counters })).toHaveLength(N);
    expect(counters.evaluations).toBe(2 * N * N + 1 + 2 * N * N);
  });
  it('refuses vector-valued f, empty x and non-finite x', () => {
    const vector = (<T extends Scalar>(x: readonly T[]) => [x[0]!, x[0]!]) as unknown as ScalarFunction;
    expect(() => hessian(vector, [1, 2])).toThrow(ShapeError);
    expect(() => hessian(vector, [1, 2])).toThrow(
      /hessian: f returned an array of length 2; hessian needs a function with one output/,
    );
    expect(() => hessian(rosenbrockFunction, [])).toThrow(ShapeError);
    expect(() => hessianWithError(rosenbrockFunction, [0, Number.NaN, 0, 0])).toThrow(DomainError);
  });
});
