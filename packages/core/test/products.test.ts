import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { strongZeroProduct } from '../src/products.js';
import { PROPERTY_RUNS } from './helpers.js';

describe('strongZeroProduct', () => {
  it('gives exactly 0 when either factor is 0, even against ±∞ or NaN', () => {
    expect(strongZeroProduct(0, Number.POSITIVE_INFINITY)).toBe(0);
    expect(strongZeroProduct(Number.NEGATIVE_INFINITY, 0)).toBe(0);
    expect(strongZeroProduct(0, Number.NaN)).toBe(0);
    expect(strongZeroProduct(Number.NaN, 0)).toBe(0);
  });

  it('propagates ∞ and NaN when both factors are non-zero', () => {
    expect(strongZeroProduct(Number.POSITIVE_INFINITY, 2)).toBe(Number.POSITIVE_INFINITY);
    expect(strongZeroProduct(-2, Number.POSITIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
    expect(strongZeroProduct(Number.NaN, 2)).toBeNaN();
    expect(strongZeroProduct(2, Number.NaN)).toBeNaN();
  });

  it('is the ordinary product of finite numbers', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ noNaN: true }), (a, b) => {
        const product = strongZeroProduct(a, b);
        if (a === 0 || b === 0) return product === 0;
        return Object.is(product, a * b);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});
