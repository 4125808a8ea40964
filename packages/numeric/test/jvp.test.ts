import {
  DomainError,
  mul,
  type Scalar,
  type ScalarFunction,
  ShapeError,
  sin,
  type VectorFunction,
} from '@dualtape/core';
import { type ZooVectorInstance, zooEntry } from '@dualtape/zoo';
import { describe, expect, it } from 'vitest';
import { SCHEMES, type Scheme } from '../src/defaults.js';
import { jvp, jvpWithError } from '../src/jvp.js';
import { ACCURACY, naturalScale, oracleOf, seededRandom } from './helpers.js';

const productAndSine: VectorFunction = <T extends Scalar>([x, y]: readonly T[]) => [mul(x!, y!), sin(x!)];

describe('jvp', () => {
  it('J·v of [x·y, sin x] at (2, 3) along (1, −1) is [1, cos 2] (hand-derived), with f(x) as value', () => {
    for (const scheme of SCHEMES) {
      const { value, tangent } = jvp(productAndSine, [2, 3], [1, -1], { scheme });
      expect(Array.from(value)).toEqual([6, Math.sin(2)]);
      const tolerance = scheme === 'forward' || scheme === 'backward' ? 1e-6 : 1e-9;
      expect(Math.abs(tangent[0]! - 1), scheme).toBeLessThan(tolerance);
      expect(Math.abs(tangent[1]! - Math.cos(2)), scheme).toBeLessThan(tolerance);
    }
  });

  it('equals the oracle Jacobian times v on the vector zoo functions, within its error bound', () => {
    const random = seededRandom(321);
    for (const name of ['brown', 'trigonometric', 'chebyquad']) {
      const instance = zooEntry(name).instantiate(4) as ZooVectorInstance;
      for (let p = 0; p < 4; p++) {
        const x = instance.sample(random);
        const v = Float64Array.from(x, () => 2 * random() - 1);
        const rows = oracleOf(instance, x);
        const value = instance.plain(x);
        for (const [scheme, accuracy] of [
          ['central', ACCURACY.central],
          ['richardson', ACCURACY.oracle],
          ['complex-step', ACCURACY.oracle],
        ] as [Scheme, number][]) {
          const estimate = jvpWithError(instance.f, x, v, { scheme });
          rows.forEach((row, m) => {
            const expected = row.reduce((total, entry, i) => total + entry * v[i]!, 0);
            const scale = naturalScale(row, value[m]!, x) * row.length;
            const difference = Math.abs(estimate.tangent[m]! - expected);
            expect(difference / scale, `${name} ${scheme} output ${m}`).toBeLessThanOrEqual(accuracy);
            expect(difference, `${name} ${scheme} bound, output ${m}`).toBeLessThanOrEqual(
              estimate.error[m]! + ACCURACY.oracle * scale,
            );
          });
        }
      }
    }
  });

  it('a zero direction gives a zero tangent after evaluating f once', () => {
    const estimate = jvpWithError(productAndSine, [2, 3], [0, 0]);
    expect(Array.from(estimate.tangent)).toEqual([0, 0]);
    expect(Array.from(estimate.error)).toEqual([0, 0]);
    expect(estimate.evaluations).toBe(1);
  });

  it('accepts a function returning one value', () => {
    const single: ScalarFunction = <T extends Scalar>([x, y]: readonly T[]) => mul(x!, y!);
    const { value, tangent } = jvp(single, [2, 3], [1, 1], { scheme: 'complex-step' });
    expect(Array.from(value)).toEqual([6]);
    expect(Array.from(tangent)).toEqual([5]);
  });

  it('refuses x and v of different lengths, empty x and non-finite entries', () => {
    expect(() => jvp(productAndSine, [2, 3], [1])).toThrow(ShapeError);
    expect(() => jvp(productAndSine, [2, 3], [1])).toThrow(/jvp: v has length 1 but x has length 2/);
    expect(() => jvp(productAndSine, [], [])).toThrow(ShapeError);
    expect(() => jvp(productAndSine, [2, 3], [1, Number.NaN])).toThrow(DomainError);
    expect(() => jvp(productAndSine, [2, 3], [1, Number.NaN])).toThrow(/v\[1\] is NaN/);
  });
});
