import { describe, expect, it } from 'vitest';
import { median } from '../../src/internal/median.js';

describe('median', () => {
  it('is the middle value, the mean of the middle two for even lengths, NaN when empty', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNaN();
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});
