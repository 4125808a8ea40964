import { describe, expect, it } from 'vitest';
import { LANGUAGE_FUNCTIONS } from '../src/functions.js';
import { parse } from '../src/parse.js';
import { languageReference } from '../src/reference.js';
import { toSExpression } from './helpers.js';

const text = languageReference();

describe('the language reference', () => {
  it('lists every function of the language with its summary', () => {
    for (const entry of LANGUAGE_FUNCTIONS.values()) {
      expect(text, entry.name).toMatch(
        new RegExp(
          `^  ${entry.name}\\(.*\\)\\s+${entry.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
          'm',
        ),
      );
    }
  });

  it('names the constants, the precedence examples, vectors and quoting', () => {
    for (const fragment of [
      'pi = 3.141592653589793',
      'e = 2.718281828459045',
      '2^3^x  is 2^(3^x)',
      '-x^2   is -(x^2)',
      'Vectors',
      'Quoting in a shell',
      '--expr-file',
    ]) {
      expect(text).toContain(fragment);
    }
  });

  it('states what the parser does: each precedence example parses as said', () => {
    expect(toSExpression(parse('2^3^x').root)).toBe(toSExpression(parse('2^(3^x)').root));
    expect(toSExpression(parse('-x^2').root)).toBe(toSExpression(parse('-(x^2)').root));
    expect(parse('-x^2').evaluate([3])).toBe(-9);
    expect(parse('(-x)^2').evaluate([3])).toBe(9);
    expect(toSExpression(parse('a/b*c').root)).toBe(toSExpression(parse('(a/b)*c').root));
    expect(toSExpression(parse('a-b+c').root)).toBe(toSExpression(parse('(a-b)+c').root));
    expect(toSExpression(parse('2^-x').root)).toBe(toSExpression(parse('2^(-x)').root));
    expect(() => parse('[x, y] + 1')).toThrow();
    expect(() => parse('sin([x, y])')).toThrow();
    expect(() => parse('2x')).toThrow(/implicit multiplication/);
  });

  it('keeps its lines short enough for a terminal', () => {
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(110);
  });
});
