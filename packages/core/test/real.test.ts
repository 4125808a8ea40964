import { describe, expect, it } from 'vitest';
import { isReal, primal } from '../src/real.js';
import { TracedNumber } from './helpers.js';

describe('isReal and primal', () => {
  it('tell plain numbers from Real numbers', () => {
    expect(isReal(2)).toBe(false);
    expect(isReal(Number.NaN)).toBe(false);
    expect(isReal(new TracedNumber(2))).toBe(true);
  });

  it('read the plain value of either', () => {
    expect(primal(2.5)).toBe(2.5);
    expect(primal(new TracedNumber(-1.25))).toBe(-1.25);
    expect(primal(Number.NaN)).toBeNaN();
  });
});
