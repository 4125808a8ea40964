import { expectClose } from '@dualtape/testing';
import { describe, expect, it } from 'vitest';
import { threeKindsSection } from '../../src/index.js';
import { capture, EXACT } from '../helpers.js';

describe('the three-kinds section', () => {
  it("prints f'(x) of 4x³ + x² + 3 symbolically, numerically and automatically", () => {
    const { result, text } = capture(threeKindsSection);
    // 12x² + 2x by hand: 10 at −1, 4 at 0.5, 52 at 2.
    expect(result.map((row) => row.symbolic)).toEqual([10, 4, 52]);
    for (const row of result) {
      expectClose(row.forward, row.symbolic, EXACT, `forward at ${row.x}`);
      expectClose(row.reverse, row.symbolic, EXACT, `reverse at ${row.x}`);
      // Each numeric estimate is as close as its own error estimate says.
      expect(Math.abs(row.central - row.symbolic)).toBeLessThanOrEqual(row.centralError);
      expect(Math.abs(row.richardson - row.symbolic)).toBeLessThanOrEqual(row.richardsonError);
    }
    expect(text).toContain('symbolic   12x² + 2x = 52');
    expect(text).toContain('automatic  forward    = 52');
    expect(text).toContain('automatic  reverse    = 52');
  });
});
