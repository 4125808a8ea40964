import { describe, expect, it } from 'vitest';
import { parse } from '../src/parse.js';
import { type TracedNumber, traced } from './helpers.js';

describe('evaluating a parsed expression on plain numbers', () => {
  it.each<[string, number[], number]>([
    ['x^2 + y^2', [4, 3], 25],
    ['2*x*x', [3], 18],
    ['(x + 1) / (x - 1)', [3], 2],
    ['hypot(x, y)', [3, 4], 5],
    // Variables come in order of first appearance: here y, then x.
    ['atan2(y, x)', [1, 0], Math.PI / 2],
    ['max(x, y) - min(x, y)', [2, 7], 5],
    ['sqrt(abs(x))', [-16], 4],
    ['2*pi', [], 2 * Math.PI],
    ['exp(1) - e', [], 0],
  ])('%s at %j is %d', (source, x, expected) => {
    expect(parse(source).evaluate(x)).toBe(expected);
  });

  it('returns a plain number for a constant expression', () => {
    expect(parse('1 + 2').scalar([])).toBe(3);
  });

  it('reports NaN and Infinity instead of hiding them', () => {
    expect(parse('log(x)').evaluate([-1])).toBeNaN();
    expect(parse('1 / x').evaluate([0])).toBe(Number.POSITIVE_INFINITY);
  });

  it('can be evaluated many times, with fresh inputs each time', () => {
    const parsed = parse('x * y');
    expect(parsed.evaluate([2, 3])).toBe(6);
    expect(parsed.evaluate([5, 7])).toBe(35);
  });
});

describe('evaluating on Real numbers', () => {
  it('calls the free functions in the order the tree says', () => {
    const x = traced([8, 2, 2]);
    const result = parse('x - y - z').evaluate(x) as TracedNumber;
    expect(result.primal).toBe(4);
    expect(x[0]!.log).toEqual([
      { name: 'sub', args: [8, 2] },
      { name: 'sub', args: [6, 2] },
    ]);
  });

  it('applies powers before unary minus', () => {
    const x = traced([3]);
    expect((parse('-x^2').scalar(x) as TracedNumber).primal).toBe(-9);
    expect(x[0]!.log.map((op) => op.name)).toEqual(['pow', 'neg']);
  });

  it('passes constants as plain numbers in their position', () => {
    const x = traced([5]);
    parse('2 - x').scalar(x);
    parse('x / 4').scalar(x);
    expect(x[0]!.log).toEqual([
      { name: 'sub', args: [2, 5] },
      { name: 'div', args: [5, 4] },
    ]);
  });

  it('evaluates each element of a vector', () => {
    const x = traced([2, 3]);
    const values = parse('[x*y, sin(x)]').vector(x) as TracedNumber[];
    expect(values.map((v) => v.primal)).toEqual([6, Math.sin(2)]);
    expect(x[0]!.log.map((op) => op.name)).toEqual(['mul', 'sin']);
  });

  it('gives the same primal as on plain numbers', () => {
    const source = 'sin(x)*exp(-y^2) + log1p(x*y) / hypot(x, 2) - atan2(y, x)^3';
    const parsed = parse(source);
    const plain = parsed.scalar([0.7, 1.3]);
    expect((parsed.scalar(traced([0.7, 1.3])) as TracedNumber).primal).toBe(plain);
  });
});
