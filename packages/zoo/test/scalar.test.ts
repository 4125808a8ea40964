import { expectAllClose, expectClose, seededRandom } from '@dualtape/testing';
import { describe, expect, it } from 'vitest';
import { SOFTMAX_ROWS } from '../src/scalar.js';
import { analytic, EXACT_TOLERANCE, scalarInstance } from './helpers.js';

describe('rosenbrock', () => {
  it('is 0 with zero gradient at the minimum (1, ..., 1)', () => {
    const instance = scalarInstance('rosenbrock', 5);
    expect(instance.f([1, 1, 1, 1, 1])).toBe(0);
    expect(analytic(instance, [1, 1, 1, 1, 1]).gradient).toEqual([0, 0, 0, 0, 0]);
  });

  it('is N - 1 at the origin, with gradient (-2, ..., -2, 0)', () => {
    const instance = scalarInstance('rosenbrock', 4);
    expect(instance.f([0, 0, 0, 0])).toBe(3);
    expect(analytic(instance, [0, 0, 0, 0]).gradient).toEqual([-2, -2, -2, 0]);
  });

  it('at (-1, 2): 100·(2 - 1)² + (1 + 1)² = 104', () => {
    expect(scalarInstance('rosenbrock', 2).f([-1, 2])).toBe(104);
  });
});

describe('ackley', () => {
  it('is 0 at the origin (up to rounding)', () => {
    expectClose(scalarInstance('ackley', 3).f([0, 0, 0]), 0, EXACT_TOLERANCE);
  });

  it('is -20 exp(-0.2) - 1 + 20 + e at (1, 1) (cos 2π = 1)', () => {
    expectClose(
      scalarInstance('ackley', 2).f([1, 1]),
      -20 * Math.exp(-0.2) - Math.E + 20 + Math.E,
      EXACT_TOLERANCE,
    );
  });
});

describe('dot-2xx', () => {
  it('is 2·(x·x) with gradient 4x', () => {
    const instance = scalarInstance('dot-2xx', 3);
    expect(instance.f([1, 2, 3])).toBe(28);
    expect(analytic(instance, [1, 2, 3])).toEqual({ value: 28, gradient: [4, 8, 12] });
  });
});

describe('self-weighted-logit, cubic-sum, relu-sum', () => {
  it('self-weighted-logit is 1/2 at the origin with zero gradient', () => {
    const instance = scalarInstance('self-weighted-logit', 2);
    expect(instance.f([0, 0])).toBe(0.5);
    expect(analytic(instance, [0, 0]).gradient).toEqual([0, 0]);
  });

  it('cubic-sum: (-1)³ + 2³ = 7, gradient -3x²', () => {
    const instance = scalarInstance('cubic-sum', 2);
    expect(instance.f([1, -2])).toBe(7);
    expect(analytic(instance, [1, -2]).gradient).toEqual([-3, -12]);
  });

  it('relu-sum keeps the positive parts', () => {
    const instance = scalarInstance('relu-sum', 3);
    expect(instance.f([1, -2, 3])).toBe(4);
    expect(analytic(instance, [1, -2, 3]).gradient).toEqual([1, 0, 1]);
  });

  it('relu-sum samples stay clear of the kink at 0', () => {
    const instance = scalarInstance('relu-sum', 200);
    const x = instance.sample(seededRandom(8));
    expect(Math.min(...Array.from(x, Math.abs))).toBeGreaterThanOrEqual(0.1);
    expect(x.some((v) => v < 0) && x.some((v) => v > 0)).toBe(true);
  });
});

describe('logsumexp', () => {
  it('is ln N at the origin, with gradient 1/N', () => {
    const { value, gradient } = analytic(scalarInstance('logsumexp', 4), [0, 0, 0, 0]);
    expectClose(value, Math.log(4), EXACT_TOLERANCE);
    expectAllClose(gradient, [0.25, 0.25, 0.25, 0.25], EXACT_TOLERANCE);
  });

  it('stays finite for huge inputs', () => {
    expectClose(scalarInstance('logsumexp', 2).f([1000, 1000]), 1000 + Math.LN2, EXACT_TOLERANCE);
  });
});

describe('softmax-cancellation', () => {
  it(`has ${SOFTMAX_ROWS} rows of size columns, and a gradient of exactly 0`, () => {
    const instance = scalarInstance('softmax-cancellation', 4);
    expect(instance.inputSize).toBe(SOFTMAX_ROWS * 4);
    const x = Array.from({ length: instance.inputSize }, (_, i) => Math.sin(i));
    const { value, gradient } = analytic(instance, x);
    expectClose(value, SOFTMAX_ROWS, EXACT_TOLERANCE);
    expect(gradient.every((g) => g === 0)).toBe(true);
  });
});
