import { describe, expect, it } from 'vitest';
import { anomalyCaret, locateAnomaly } from '../src/locate.js';
import { parse } from '../src/parse.js';

describe('locateAnomaly', () => {
  it('finds the call an anomaly names by its operation and its arguments at the point', () => {
    const parsed = parse('log1p(exp(x)) + exp(y)');
    expect(locateAnomaly(parsed, [1000, 1], { operation: 'exp', arguments: [1000] })).toBe(6);
    expect(locateAnomaly(parsed, [1000, 1], { operation: 'exp', arguments: [1] })).toBe(16);
    expect(locateAnomaly(parsed, [1000, 1], { operation: 'log1p', arguments: [Infinity] })).toBe(0);
    expect(locateAnomaly(parsed, [1000, 1], { operation: 'sin', arguments: [1] })).toBeUndefined();
    // Operators are calls too: x^2 is pow at the caret under '^'.
    expect(locateAnomaly(parse('log(x^2)'), [0], { operation: 'log', arguments: [0] })).toBe(0);
    expect(locateAnomaly(parse('1/x - y'), [0, 1], { operation: 'div', arguments: [1, 0] })).toBe(1);
    expect(locateAnomaly(parse('[x, sqrt(y)]'), [1, 0], { operation: 'sqrt', arguments: [0] })).toBe(4);
  });

  it('draws the caret under it', () => {
    expect(anomalyCaret(parse('log1p(exp(x))'), [1000], { operation: 'exp', arguments: [1000] })).toBe(
      '  log1p(exp(x))\n        ^',
    );
    expect(anomalyCaret(parse('x'), [1], { operation: 'exp', arguments: [1] })).toBeUndefined();
  });
});
