import { ParseError } from '@dualtape/core';
import { describe, expect, it } from 'vitest';
import { Lexer, tokenize } from '../src/tokens.js';

const summary = (source: string) => tokenize(source).map((t) => [t.kind, t.text, t.position]);

describe('tokenize', () => {
  it('splits operators, punctuation, names and numbers with their positions', () => {
    expect(summary('x1 + 2.5*(y)^[a,b]')).toEqual([
      ['identifier', 'x1', 0],
      ['operator', '+', 3],
      ['number', '2.5', 5],
      ['operator', '*', 8],
      ['(', '(', 9],
      ['identifier', 'y', 10],
      [')', ')', 11],
      ['operator', '^', 12],
      ['[', '[', 13],
      ['identifier', 'a', 14],
      [',', ',', 15],
      ['identifier', 'b', 16],
      [']', ']', 17],
      ['end', 'end of input', 18],
    ]);
  });

  it('reads ** as one power operator, keeping its text', () => {
    const [, power] = tokenize('x ** 2');
    expect(power).toEqual({ kind: 'operator', text: '**', position: 2, operator: '^' });
    expect(summary('x*-*y').map(([, text]) => text)).toEqual(['x', '*', '-', '*', 'y', 'end of input']);
  });

  it('reads number forms and leaves an exponent-less e to the next token', () => {
    const values = (source: string) =>
      tokenize(source).flatMap((t) => (t.kind === 'number' ? [t.value] : []));
    expect(values('1 2.5 .5 7. 1e3 1E-3 2e+2')).toEqual([1, 2.5, 0.5, 7, 1000, 0.001, 200]);
    expect(summary('2e')).toEqual([
      ['number', '2', 0],
      ['identifier', 'e', 1],
      ['end', 'end of input', 2],
    ]);
    expect(summary('3ex')[1]).toEqual(['identifier', 'ex', 1]);
  });

  it('reports a stray character with its position', () => {
    expect(() => tokenize('x $')).toThrow(ParseError);
    try {
      tokenize('x $');
    } catch (error) {
      expect((error as ParseError).position).toBe(2);
      expect((error as ParseError).reason).toBe("unexpected character '$'");
    }
  });

  it('shows a character outside the basic plane whole', () => {
    expect(() => tokenize('x + 😀')).toThrow("unexpected character '😀'");
  });

  it('reads lazily: nothing past the requested tokens is scanned', () => {
    const lexer = new Lexer('x + $');
    expect(lexer.next().text).toBe('x');
    expect(lexer.next().text).toBe('+');
    expect(() => lexer.next()).toThrow(ParseError);
  });

  it('keeps returning end after the input is used up', () => {
    const lexer = new Lexer(' ');
    expect(lexer.next().kind).toBe('end');
    expect(lexer.next().kind).toBe('end');
  });
});
