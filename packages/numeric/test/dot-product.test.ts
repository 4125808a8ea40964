import { ShapeError, UsageError } from '@dualtape/core';
import { type ZooScalarInstance, zooEntry } from '@dualtape/zoo';
import { describe, expect, it } from 'vitest';
import { dotProductTest } from '../src/dot-product.js';
import { jvp } from '../src/jvp.js';
import { MATRIX_DOT_PRODUCT_RTOL, seededRandom } from './helpers.js';

/** A random m×n matrix with entries in [−1, 1), as a JVP (A v) and a VJP (Aᵀ u). */
function matrixMaps(m: number, n: number, seed: number) {
  const random = seededRandom(seed);
  const a = Array.from({ length: m }, () => Float64Array.from({ length: n }, () => 2 * random() - 1));
  const jvpOf = (v: Float64Array) =>
    a.map((row) => row.reduce((total, entry, j) => total + entry * v[j]!, 0));
  const vjpOf = (u: Float64Array) =>
    Float64Array.from({ length: n }, (_, j) => a.reduce((total, row, i) => total + row[j]! * u[i]!, 0));
  return { a, jvp: jvpOf, vjp: vjpOf };
}

describe('dotProductTest', () => {
  it('passes a matrix and its transpose, to rounding', () => {
    const { jvp: forward, vjp } = matrixMaps(7, 5, 1);
    const report = dotProductTest({ jvp: forward, vjp, n: 5, m: 7, trials: 20 });
    expect(report.verdict).toBe('pass');
    expect(report.trials).toHaveLength(20);
    expect(report.worst.relativeError).toBeLessThanOrEqual(MATRIX_DOT_PRODUCT_RTOL);
  });

  it('fails a VJP that is not the transpose (the matrix itself, for a square non-symmetric matrix)', () => {
    const { a, jvp: forward } = matrixMaps(4, 4, 2);
    const notTransposed = (u: Float64Array) =>
      a.map((row) => row.reduce((total, entry, j) => total + entry * u[j]!, 0));
    const report = dotProductTest({ jvp: forward, vjp: notTransposed, n: 4, m: 4 });
    expect(report.verdict).toBe('fail');
    expect(report.worst.relativeError).toBeGreaterThan(1e-3);
  });

  it('fails a VJP with one entry off by 1e-6', () => {
    const { jvp: forward, vjp } = matrixMaps(3, 6, 3);
    const slightlyWrong = (u: Float64Array) => {
      const result = vjp(u);
      result[2]! += 1e-6 * u[1]!;
      return result;
    };
    expect(dotProductTest({ jvp: forward, vjp: slightlyWrong, n: 6, m: 3 }).verdict).toBe('fail');
  });

  it('passes the complex-step JVP against an analytic gradient as the VJP (m = 1)', () => {
    const instance = zooEntry('rosenbrock').instantiate(5) as ZooScalarInstance;
    const x = instance.sample(seededRandom(4));
    const gradient = new Float64Array(5);
    instance.analyticGradient!(x, gradient);
    const report = dotProductTest({
      jvp: (v) => jvp(instance.f, x, v, { scheme: 'complex-step' }).tangent,
      vjp: (u) => gradient.map((g) => g * u[0]!),
      n: 5,
      m: 1,
    });
    expect(report.verdict).toBe('pass');
  });

  it('uses the given generator and is reproducible by default', () => {
    const { jvp: forward, vjp } = matrixMaps(2, 3, 5);
    const first = dotProductTest({ jvp: forward, vjp, n: 3, m: 2 });
    const second = dotProductTest({ jvp: forward, vjp, n: 3, m: 2 });
    expect(first.trials.map((t) => t.forward)).toEqual(second.trials.map((t) => t.forward));
    const other = dotProductTest({ jvp: forward, vjp, n: 3, m: 2, random: seededRandom(77) });
    expect(other.trials[0]!.forward).not.toBe(first.trials[0]!.forward);
  });

  it('fails, and shows it, when a product is not finite', () => {
    const { jvp: forward } = matrixMaps(2, 2, 6);
    const report = dotProductTest({ jvp: forward, vjp: () => [Number.NaN, 1], n: 2, m: 2, trials: 2 });
    expect(report.verdict).toBe('fail');
    expect(Number.isNaN(report.worst.backward)).toBe(true);
  });

  it('refuses wrong lengths and bad options', () => {
    const { jvp: forward, vjp } = matrixMaps(3, 2, 7);
    expect(() => dotProductTest({ jvp: forward, vjp, n: 2, m: 4 })).toThrow(ShapeError);
    expect(() => dotProductTest({ jvp: forward, vjp, n: 2, m: 4 })).toThrow(
      /jvp returned J·v of length 3, expected m = 4/,
    );
    expect(() => dotProductTest({ jvp: forward, vjp, n: 0, m: 3 })).toThrow(UsageError);
    expect(() => dotProductTest({ jvp: forward, vjp, n: 2, m: 3, trials: 1.5 })).toThrow(
      /trials must be a positive integer/,
    );
    expect(() => dotProductTest({ jvp: forward, vjp: 3 as never, n: 2, m: 3 })).toThrow(
      /must both be functions/,
    );
  });
});
