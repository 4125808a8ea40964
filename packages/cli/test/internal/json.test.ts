/** The CLI's JSON numbers: every double round-trips, NaN and the infinities become strings. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromJsonNumber, jsonNumber, toJsonText } from '../../src/internal/json.js';

describe('jsonNumber', () => {
  it('writes every double so that it parses back to the same double (-0 included)', () => {
    fc.assert(
      fc.property(fc.double(), (value) => {
        const back = fromJsonNumber(JSON.parse(jsonNumber(value)));
        expect(Object.is(back, value)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('uses the shortest form, as JSON.stringify does for finite numbers', () => {
    expect(jsonNumber(0.1)).toBe('0.1');
    expect(jsonNumber(1e21)).toBe('1e+21');
    expect(jsonNumber(-0)).toBe('-0');
    expect([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY].map(jsonNumber)).toEqual([
      '"NaN"',
      '"Infinity"',
      '"-Infinity"',
    ]);
  });
});

describe('toJsonText', () => {
  it('writes typed arrays as arrays, leaves out undefined fields, and is valid JSON', () => {
    const text = toJsonText({
      a: Float64Array.of(1, Number.NaN),
      b: undefined,
      c: [{ d: 'x"y' }],
      e: null,
      f: true,
    });
    expect(text).toBe('{"a":[1,"NaN"],"c":[{"d":"x\\"y"}],"e":null,"f":true}');
    expect(JSON.parse(text)).toEqual({ a: [1, 'NaN'], c: [{ d: 'x"y' }], e: null, f: true });
  });
});
