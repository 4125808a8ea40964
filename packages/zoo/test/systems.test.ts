import { expectAllClose } from '@dualtape/testing';
import { describe, expect, it } from 'vitest';
import { EXACT_TOLERANCE, vectorInstance } from './helpers.js';

describe('time-series', () => {
  it('is [sin(t), sin(2t), sin(3t)]', () => {
    const t = 0.4;
    expect(vectorInstance('time-series', 3).f([t])).toEqual([Math.sin(t), Math.sin(2 * t), Math.sin(3 * t)]);
  });
});

describe('chebyquad', () => {
  it('at n = 1 is T1(2x - 1) = 2x - 1', () => {
    expect(vectorInstance('chebyquad', 1).f([0.75])).toEqual([0.5]);
  });

  it('is zero at the n = 2 Chebyshev quadrature nodes (1 ± 1/√3) / 2', () => {
    const nodes = [(1 - 1 / Math.sqrt(3)) / 2, (1 + 1 / Math.sqrt(3)) / 2];
    expectAllClose(vectorInstance('chebyquad', 2).f(nodes), [0, 0], EXACT_TOLERANCE);
  });

  it('at x = 1 every T_k is 1: y_k = 1, plus 1/(k² - 1) for even k', () => {
    const y = vectorInstance('chebyquad', 4).f([1, 1, 1, 1]);
    expectAllClose(y, [1, 1 + 1 / 3, 1, 1 + 1 / 15], EXACT_TOLERANCE);
  });
});

describe('brown', () => {
  it('is zero at (1, ..., 1)', () => {
    expect(vectorInstance('brown', 5).f([1, 1, 1, 1, 1])).toEqual([0, 0, 0, 0, 0]);
  });

  it('at (1, 2, 3): s = 6, y = [1 + 6 - 4, 2 + 6 - 4, 6 - 1]', () => {
    expect(vectorInstance('brown', 3).f([1, 2, 3])).toEqual([3, 4, 5]);
  });

  it('at n = 1 is x - 1', () => {
    expect(vectorInstance('brown', 1).f([3])).toEqual([2]);
  });
});

describe('trigonometric', () => {
  it('is zero at the origin', () => {
    expect(vectorInstance('trigonometric', 3).f([0, 0, 0])).toEqual([0, 0, 0]);
  });

  it('at (π/2, 0): y_1 = 2 - 1 + 1·1 - 1 = 1, y_2 = 2 - 1 + 0 - 0 = 1', () => {
    expectAllClose(vectorInstance('trigonometric', 2).f([Math.PI / 2, 0]), [1, 1], EXACT_TOLERANCE);
  });
});
