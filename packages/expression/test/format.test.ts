import { RULES, UsageError } from '@dualtape/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatExpression } from '../src/format.js';
import { parse } from '../src/parse.js';
import { CONSTANTS, type ExpressionNode, INFIX_OPERATORS, type OperatorSymbol } from '../src/syntax.js';
import { HEAVY_PROPERTY_RUNS, PROPERTY_RUNS, structureOf } from './helpers.js';

const reformat = (source: string): string => formatExpression(parse(source).root);

describe('formatExpression writes minimal parentheses', () => {
  it.each([
    ['(x+y)+z', 'x + y + z'],
    ['x+(y+z)', 'x + (y + z)'],
    ['x-(y-z)', 'x - (y - z)'],
    ['x/(y*z)', 'x / (y * z)'],
    ['(x*y)/z', 'x * y / z'],
    ['x*(y+z)', 'x * (y + z)'],
    ['(x*y)^2', '(x * y)^2'],
    ['-(x^2)', '-x^2'],
    ['(-x)^2', '(-x)^2'],
    ['2^(3^x)', '2^3^x'],
    ['(2^3)^x', '(2^3)^x'],
    ['2^(-x)', '2^-x'],
    ['2^(x*y)', '2^(x * y)'],
    ['x*(-y)', 'x * -y'],
    ['-(x*y)', '-(x * y)'],
    ['(-x)*y', '-x * y'],
    ['-(-x)', '--x'],
    ['x - (-y)', 'x - -y'],
    ['((x))', 'x'],
    ['sin((x))', 'sin(x)'],
    ['add(x, y)*2', 'add(x, y) * 2'],
    ['neg(x)^2', 'neg(x)^2'],
    ['[x, (y)]', '[x, y]'],
    ['1.50 + .5', '1.50 + .5'],
    ['x**2', 'x^2'],
    ['+x', 'x'],
    ['pi*e', 'pi * e'],
  ])('%s -> %s', (source, expected) => {
    expect(reformat(source)).toBe(expected);
  });

  it('writes hand-built numbers it cannot keep the text of from their value', () => {
    const number = (value: number, text = ''): ExpressionNode => ({
      kind: 'number',
      value,
      position: 0,
      text,
    });
    expect(formatExpression(number(0.25))).toBe('0.25');
    expect(formatExpression(number(1e21, 'big'))).toBe('1e+21');
    expect(formatExpression(number(2, '3'))).toBe('2');
    expect(formatExpression(number(-2, '-2'))).toBe('-2');
    const power: ExpressionNode = {
      kind: 'call',
      name: 'pow',
      args: [number(-2), number(2)],
      position: 0,
      operator: '^',
    };
    expect(formatExpression(power)).toBe('(-2)^2');
    expect(parse(formatExpression(power)).evaluate([])).toBe(4);
  });

  it('refuses numbers that text cannot express', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(() => formatExpression({ kind: 'number', value, position: 0, text: '' })).toThrow(UsageError);
    }
  });
});

/** Random syntax trees of every node kind and operator, a few levels deep. */
function expressionTrees(): fc.Arbitrary<ExpressionNode> {
  const unaryNames = Object.values(RULES).flatMap((rule) => (rule.arity === 1 ? [rule.name] : []));
  const binaryNames = Object.values(RULES).flatMap((rule) => (rule.arity === 2 ? [rule.name] : []));
  const number = fc
    .oneof(fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 1e30, noNaN: true }))
    .map((value): ExpressionNode => {
      const magnitude = Math.abs(value);
      return { kind: 'number', value: magnitude, position: 0, text: String(magnitude) };
    });
  const variable = fc
    .constantFrom('x', 'y', 'alpha', '_t')
    .map((name): ExpressionNode => ({ kind: 'variable', name, index: 0, position: 0 }));
  const constant = fc
    .constantFrom<'pi' | 'e'>('pi', 'e')
    .map((name): ExpressionNode => ({ kind: 'constant', name, value: CONSTANTS[name], position: 0 }));
  const leaf = fc.oneof(number, variable, constant);
  return fc.letrec<{ node: ExpressionNode }>((tie) => ({
    node: fc.oneof(
      { maxDepth: 6, depthIdentifier: 'expression' },
      leaf,
      fc.tuple(fc.constantFrom<OperatorSymbol>('+', '-', '*', '/', '^'), tie('node'), tie('node')).map(
        ([operator, a, b]): ExpressionNode => ({
          kind: 'call',
          name: INFIX_OPERATORS[operator].name,
          args: [a, b],
          position: 0,
          operator,
        }),
      ),
      tie('node').map(
        (a): ExpressionNode => ({ kind: 'call', name: 'neg', args: [a], position: 0, operator: '-' }),
      ),
      fc
        .tuple(fc.constantFrom(...unaryNames), tie('node'))
        .map(([name, a]): ExpressionNode => ({ kind: 'call', name, args: [a], position: 0 })),
      fc
        .tuple(fc.constantFrom(...binaryNames), tie('node'), tie('node'))
        .map(([name, a, b]): ExpressionNode => ({ kind: 'call', name, args: [a, b], position: 0 })),
    ),
  })).node;
}

describe('the round trip format -> parse', () => {
  it('keeps the structure of random trees', () => {
    fc.assert(
      fc.property(expressionTrees(), (tree) => {
        const text = formatExpression(tree);
        expect(structureOf(parse(text).root), text).toEqual(structureOf(tree));
      }),
      { numRuns: PROPERTY_RUNS * 2 },
    );
  });

  it('keeps the structure of random vectors', () => {
    fc.assert(
      fc.property(fc.array(expressionTrees(), { minLength: 1, maxLength: 4 }), (elements) => {
        const vector: ExpressionNode = { kind: 'vector', elements, position: 0 };
        const text = formatExpression(vector);
        expect(structureOf(parse(text).root), text).toEqual(structureOf(vector));
      }),
      { numRuns: HEAVY_PROPERTY_RUNS },
    );
  });

  it('is a fixed point after one pass, and keeps the value, for parsed random text', () => {
    const characters = [...'0123456789.exyz+-*/^() '];
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...characters), maxLength: 30 }), (source) => {
        let parsed: ReturnType<typeof parse>;
        try {
          parsed = parse(source);
        } catch {
          return true;
        }
        const text = formatExpression(parsed.root);
        const again = parse(text);
        expect(formatExpression(again.root)).toBe(text);
        expect(again.variables).toEqual(parsed.variables);
        const x = parsed.variables.map((_, i) => 0.5 + i);
        expect(Object.is(again.evaluate(x), parsed.evaluate(x))).toBe(true);
        return true;
      }),
      { numRuns: PROPERTY_RUNS * 3 },
    );
  });
});
