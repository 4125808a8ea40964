import {
  cos,
  DomainError,
  mul,
  type Scalar,
  type ScalarFunction,
  ShapeError,
  sin,
  type VectorFunction,
} from '@dualtape/core';
import type { ZooVectorInstance } from '@dualtape/zoo';
import { describe, expect, it } from 'vitest';
import { SCHEMES, type Scheme } from '../src/defaults.js';
import { jacobian, jacobianWithError } from '../src/jacobian.js';
import {
  ACCURACY,
  naturalScaleError,
  oracleCrossesKink,
  oracleOf,
  seededRandom,
  truthOf,
  zooInstances,
} from './helpers.js';

const ZOO_INSTANCES = zooInstances();
const POINTS_PER_INSTANCE = 4;

describe('jacobian: every zoo function against the 9-point oracle', () => {
  for (const instance of ZOO_INSTANCES) {
    it(`${instance.name} (N = ${instance.inputSize}, M = ${instance.outputSize}): complex step and Richardson agree with the oracle`, () => {
      const random = seededRandom(instance.inputSize * 104729 + instance.outputSize);
      for (let p = 0; p < POINTS_PER_INSTANCE; p++) {
        const x = instance.sample(random);
        if (oracleCrossesKink(instance, x)) continue;
        const value = truthOf(instance, x).value;
        const oracle = oracleOf(instance, x);
        for (const scheme of ['complex-step', 'richardson'] as Scheme[]) {
          const estimate = jacobian(instance.f, x, { scheme });
          const error = naturalScaleError(estimate, oracle, value, x);
          if (!(error <= ACCURACY.oracle))
            expect.fail(`${instance.name} ${scheme} vs oracle at [${Array.from(x)}]: ${error}`);
        }
      }
    });
  }
});

describe('jacobian: vector zoo functions, each scheme against the complex step', () => {
  const vectors = ZOO_INSTANCES.filter(
    (instance): instance is ZooVectorInstance => instance.kind === 'vector',
  );
  const targets: [Scheme, number][] = [
    ['central', ACCURACY.central],
    ['richardson', ACCURACY.richardson],
  ];
  for (const instance of vectors) {
    it(`${instance.name} (N = ${instance.inputSize}, M = ${instance.outputSize}): central ~1e-8, Richardson ~1e-11`, () => {
      const random = seededRandom(instance.inputSize * 31 + 5);
      for (let p = 0; p < POINTS_PER_INSTANCE; p++) {
        const x = instance.sample(random);
        const reference = jacobian(instance.f, x, { scheme: 'complex-step' });
        const value = instance.plain(x);
        for (const [scheme, accuracy] of targets) {
          const error = naturalScaleError(jacobian(instance.f, x, { scheme }), reference, value, x);
          if (!(error <= accuracy)) expect.fail(`${instance.name} ${scheme}: ${error} > ${accuracy}`);
        }
      }
    });
  }
});

const polar: VectorFunction = <T extends Scalar>([r, theta]: readonly T[]) => [
  mul(r!, cos(theta!)),
  mul(r!, sin(theta!)),
];

describe('jacobian: shapes', () => {
  it('returns M rows of length N (polar coordinates, hand-derived Jacobian)', () => {
    const [r, theta] = [2, 0.5];
    const expected = [
      [Math.cos(theta), -r * Math.sin(theta)],
      [Math.sin(theta), r * Math.cos(theta)],
    ];
    for (const scheme of SCHEMES) {
      const rows = jacobian(polar, [r, theta], { scheme });
      expect(rows.length).toBe(2);
      rows.forEach((row, m) => {
        expect(row.length).toBe(2);
        for (const [i, entry] of row.entries()) {
          expect(Math.abs(entry - expected[m]![i]!), `${scheme} (${m}, ${i})`).toBeLessThan(1e-6);
        }
      });
    }
  });
  it('accepts a function returning one value as M = 1', () => {
    const single: ScalarFunction = <T extends Scalar>([x, y]: readonly T[]) => mul(x!, y!);
    const rows = jacobian(single, [3, 4], { scheme: 'complex-step' });
    expect(rows.map((row) => Array.from(row))).toEqual([[4, 3]]);
  });
  it('error bounds have the shape of the value', () => {
    const estimate = jacobianWithError(polar, [2, 0.5], { scheme: 'five-point' });
    expect(estimate.error.map((row) => row.length)).toEqual([2, 2]);
    expect(estimate.scheme).toBe('five-point');
  });
  it('refuses an output size that changes between points', () => {
    let calls = 0;
    const unstable = (<T extends Scalar>(x: readonly T[]) =>
      calls++ === 0 ? [x[0]!] : [x[0]!, x[0]!]) as VectorFunction;
    expect(() => jacobian(unstable, [1])).toThrow(ShapeError);
    calls = 0;
    expect(() => jacobian(unstable, [1])).toThrow(/returned 1 values at one point and 2 at another/);
  });
  it('refuses empty and non-finite x', () => {
    expect(() => jacobian(polar, [])).toThrow(ShapeError);
    expect(() => jacobian(polar, [1, Number.POSITIVE_INFINITY])).toThrow(DomainError);
    expect(() => jacobian(polar, [1, Number.POSITIVE_INFINITY])).toThrow(/jacobian: x\[1\] is Infinity/);
  });
});
