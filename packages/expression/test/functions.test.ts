import { FUNCTIONS, logSumExp, RULES, relu, sigmoid, softplus } from '@dualtape/core';
import { describe, expect, it } from 'vitest';
import { isFunctionName, LANGUAGE_FUNCTIONS } from '../src/functions.js';
import { parse, suggestFunction } from '../src/parse.js';

describe('the language functions', () => {
  it("are every rule of core's table with its arity, and the four derived operations", () => {
    for (const name of Object.keys(FUNCTIONS) as (keyof typeof FUNCTIONS)[]) {
      const entry = LANGUAGE_FUNCTIONS.get(name);
      expect(entry?.arity, name).toBe(RULES[name].arity);
      expect(entry?.derived).toBe(false);
      expect(entry?.summary.length).toBeGreaterThan(0);
    }
    const derived = [...LANGUAGE_FUNCTIONS.values()]
      .filter((entry) => entry.derived)
      .map((entry) => entry.name);
    expect(derived).toEqual(['sigmoid', 'softplus', 'relu', 'logsumexp']);
    expect(LANGUAGE_FUNCTIONS.size).toBe(Object.keys(FUNCTIONS).length + 4);
    expect(isFunctionName('logsumexp')).toBe(true);
    expect(isFunctionName('logistic')).toBe(false);
  });

  it("derived operations are core's own functions (values by hand: sigmoid(0) = 1/2, softplus(0) = log 2)", () => {
    expect(parse('sigmoid(x)').evaluate([0])).toBe(0.5);
    expect(parse('sigmoid(x)').evaluate([2])).toBe(sigmoid(2));
    expect(parse('softplus(x)').evaluate([0])).toBeCloseTo(Math.LN2, 15);
    expect(parse('softplus(x)').evaluate([1000])).toBe(1000);
    expect(parse('softplus(x)').evaluate([-800])).toBe(softplus(-800));
    expect(parse('relu(x)').evaluate([-3])).toBe(relu(-3));
    expect(parse('relu(x)').evaluate([3])).toBe(3);
    expect(parse('logsumexp(x, y, 0)').evaluate([1000, 1000])).toBeCloseTo(1000 + Math.LN2, 10);
    expect(parse('logsumexp(x)').evaluate([3])).toBe(logSumExp([3]));
  });

  it('logsumexp takes one or more arguments; the others their fixed count', () => {
    expect(() => parse('logsumexp()')).toThrow('logsumexp takes one or more arguments, got 0');
    expect(() => parse('sigmoid(x, y)')).toThrow('sigmoid takes 1 argument, got 2');
  });
});

describe('closest-name suggestions rank real synonyms first', () => {
  it.each([
    ['ln', 'log'],
    ['logistic', 'sigmoid'],
    ['expit', 'sigmoid'],
    ['arctan', 'atan'],
    ['arcsin', 'asin'],
    ['logaddexp', 'logsumexp'],
    ['LSE', 'logsumexp'],
    ['stop_gradient', 'stopGradient'],
    ['detach', 'stopGradient'],
    ['power', 'pow'],
    ['fabs', 'abs'],
  ])('%s means %s', (name, meant) => {
    expect(suggestFunction(name)).toBe(meant);
    expect(() => parse(`${name}(x)`)).toThrow(`unknown function '${name}' (did you mean '${meant}'?)`);
  });

  it.each([
    ['sni', 'sin'],
    ['sofplus', 'softplus'],
    ['sigmod', 'sigmoid'],
    ['rleu', 'relu'],
    ['logsumxp', 'logsumexp'],
  ])('a typo %s suggests %s', (name, meant) => {
    expect(suggestFunction(name)).toBe(meant);
  });

  it('nothing plausible suggests nothing', () => {
    expect(suggestFunction('qqqqqqqqqqqq')).toBeUndefined();
  });
});
