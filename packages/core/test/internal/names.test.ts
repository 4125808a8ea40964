import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from '../../src/internal/names.js';
import { PROPERTY_RUNS } from '../helpers.js';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps', () => {
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('sin', 'sin')).toBe(0);
    expect(editDistance('', 'exp')).toBe(3);
    expect(editDistance('sqr', 'sqrt')).toBe(1);
    expect(editDistance('cosh', 'cos')).toBe(1);
    expect(editDistance('foo', 'cos')).toBe(2);
    expect(editDistance('sni', 'sin')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('is symmetric, zero only for equal strings, and bounded by the longer length', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 8 });
    fc.assert(
      fc.property(word, word, (a, b) => {
        const distance = editDistance(a, b);
        expect(editDistance(b, a)).toBe(distance);
        expect(distance === 0).toBe(a === b);
        expect(distance).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(distance).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});

describe('closestName', () => {
  const functions = ['add', 'sub', 'pow', 'log', 'cos', 'sin', 'sqrt', 'exp', 'atan2'];

  it('suggests the nearest name, breaking ties alphabetically', () => {
    expect(closestName('sni', functions)).toBe('sin');
    expect(closestName('sqr', functions)).toBe('sqrt');
    // cos, log and pow are all two edits from foo; the suggestion must not depend on list order.
    expect(closestName('foo', functions)).toBe('cos');
    expect(closestName('foo', [...functions].reverse())).toBe('cos');
    expect(closestName('atan', functions)).toBe('atan2');
  });

  it('ignores case', () => {
    expect(closestName('SIN', functions)).toBe('sin');
    expect(closestName('Rosenbrok', ['rosenbrock', 'ackley'])).toBe('rosenbrock');
  });

  it('suggests nothing when no name is a plausible typo', () => {
    expect(closestName('x', functions)).toBeUndefined();
    expect(closestName('zzzzzzzz', functions)).toBeUndefined();
    expect(closestName('sin', [])).toBeUndefined();
  });
});
