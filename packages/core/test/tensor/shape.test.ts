import { describe, expect, it } from 'vitest';
import { ShapeError } from '../../src/errors.js';
import {
  broadcastShape,
  checkShape,
  formatShape,
  matmulShape,
  sameShape,
  sizeOf,
} from '../../src/tensor/shape.js';

describe('shape helpers', () => {
  it('sizeOf multiplies the extents; a scalar has one element', () => {
    expect(sizeOf([])).toBe(1);
    expect(sizeOf([2, 3])).toBe(6);
    expect(sizeOf([4, 0])).toBe(0);
  });

  it('formatShape and sameShape', () => {
    expect(formatShape([2, 3])).toBe('[2, 3]');
    expect(formatShape([])).toBe('[]');
    expect(sameShape([2, 3], [2, 3])).toBe(true);
    expect(sameShape([2, 3], [3, 2])).toBe(false);
    expect(sameShape([6], [6, 1])).toBe(false);
  });

  it('checkShape accepts integers >= 0 and names the operation otherwise', () => {
    expect(() => checkShape('tensor', [2, 0, 3])).not.toThrow();
    for (const bad of [[-1], [2.5], [Number.NaN], [2, Number.POSITIVE_INFINITY]]) {
      expect(() => checkShape('tensor', bad)).toThrow(ShapeError);
      expect(() => checkShape('tensor', bad)).toThrow(
        /^tensor: invalid shape \[.*\]: extents must be integers >= 0$/,
      );
    }
  });

  it('broadcastShape: equal shapes, or a one-element operand on either side', () => {
    expect(broadcastShape('add', [2, 3], [2, 3])).toEqual([2, 3]);
    expect(broadcastShape('add', [], [2, 3])).toEqual([2, 3]);
    expect(broadcastShape('add', [2, 3], [])).toEqual([2, 3]);
    expect(broadcastShape('add', [1], [4])).toEqual([4]);
    expect(broadcastShape('add', [], [1])).toEqual([1]);
  });

  it('broadcastShape refuses other pairs, naming the operation and both shapes', () => {
    expect(() => broadcastShape('mul', [2, 3], [3, 2])).toThrow(ShapeError);
    expect(() => broadcastShape('mul', [2, 3], [3])).toThrow(
      /^mul: shapes \[2, 3\] and \[3\] do not broadcast/,
    );
  });

  it('matmulShape follows NumPy for 1-D and 2-D operands', () => {
    expect(matmulShape([2, 3], [3, 4])).toEqual([2, 4]);
    expect(matmulShape([3], [3, 4])).toEqual([4]);
    expect(matmulShape([2, 3], [3])).toEqual([2]);
    expect(matmulShape([3], [3])).toEqual([]);
  });

  it('matmulShape refuses other ranks and mismatched inner dimensions', () => {
    expect(() => matmulShape([], [3])).toThrow(
      /^matmul: only 1-D and 2-D operands are supported, got 0-D @ 1-D$/,
    );
    expect(() => matmulShape([2, 2, 2], [2, 2])).toThrow(/got 3-D @ 2-D/);
    expect(() => matmulShape([2, 3], [4, 2])).toThrow(
      /^matmul: inner dimensions differ: \[2, 3\] @ \[4, 2\] \(3 vs 4\)$/,
    );
    expect(() => matmulShape([3], [2])).toThrow(ShapeError);
  });
});
