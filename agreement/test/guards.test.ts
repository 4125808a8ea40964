import { RULES, type Rule } from '@dualtape/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { argumentSlot, guardValue, imageOf, sampleInterval } from '../src/index.js';

const ALL_RULES: readonly Rule[] = Object.values(RULES);

describe('argumentSlot', () => {
  it('leaves an argument alone when its range lies inside the sample interval', () => {
    expect(argumentSlot(RULES.exp, 0, { min: -1, max: 1 })).toEqual({
      guard: null,
      range: { min: -1, max: 1 },
    });
  });

  // center ± halfWidth reproduces the interval's ends up to rounding (2.05 − 1.95 is 0.09999999999999987);
  // the sample intervals keep a margin from every singularity, so that is harmless.
  const ROUNDING = 1e-12;

  it('maps any value into the sample interval (up to rounding) otherwise', () => {
    for (const rule of ALL_RULES) {
      for (let slot = 0; slot < rule.arity; slot++) {
        const interval = sampleInterval(rule, slot);
        const { guard, range } = argumentSlot(rule, slot, { min: -1e9, max: 1e9 });
        expect(guard, `${rule.name} argument ${slot}`).not.toBeNull();
        expect(range).toEqual(interval);
        for (const t of [-1e300, -40, -1, -1e-9, 0, 0.3, 2, 40, 1e300]) {
          const value = guardValue(guard!, t);
          expect(value).toBeGreaterThanOrEqual(interval.min - ROUNDING);
          expect(value).toBeLessThanOrEqual(interval.max + ROUNDING);
        }
      }
    }
  });
});

describe('imageOf', () => {
  it('contains the value of the rule anywhere in its argument ranges', () => {
    const ruleAndPoints = fc.constantFrom(...ALL_RULES).chain((rule) =>
      fc.tuple(
        fc.constant(rule),
        fc.array(
          fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
          {
            minLength: rule.arity,
            maxLength: rule.arity,
          },
        ),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
          minLength: rule.arity,
          maxLength: rule.arity,
        }),
      ),
    );
    fc.assert(
      fc.property(ruleAndPoints, ([rule, bounds, where]) => {
        // Sub-ranges of the sample intervals, and a point in each.
        const ranges = bounds.map(([p, q], slot) => {
          const { min, max } = sampleInterval(rule, slot);
          const [lo, hi] = p <= q ? [p, q] : [q, p];
          return { min: min + (max - min) * lo, max: min + (max - min) * hi };
        });
        const args = ranges.map((r, slot) => r.min + (r.max - r.min) * where[slot]!);
        const y = rule.arity === 1 ? rule.value(args[0]!) : rule.value(args[0]!, args[1]!);
        const image = imageOf(rule, ranges);
        expect(y).toBeGreaterThanOrEqual(image.min);
        expect(y).toBeLessThanOrEqual(image.max);
      }),
      { numRuns: 2000 },
    );
  });
});
