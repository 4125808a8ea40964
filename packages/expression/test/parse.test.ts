import { FUNCTIONS, ParseError, RULES, ShapeError, UsageError } from '@dualtape/core';
import { seededRandom, uniformIn } from '@dualtape/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../src/parse.js';
import { MAX_EXPRESSION_DEPTH } from '../src/syntax.js';
import { HEAVY_PROPERTY_RUNS, PROPERTY_RUNS, toSExpression } from './helpers.js';

const tree = (source: string): string => toSExpression(parse(source).root);

/** The ParseError `parse(source)` throws (failing the test if it throws nothing or something else). */
function parseError(source: string): ParseError {
  try {
    parse(source);
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
  expect.fail(`parse(${JSON.stringify(source)}) did not throw`);
}

describe('precedence and associativity', () => {
  it.each([
    ['-x^2', '(neg (pow x 2))'],
    ['2^3^x', '(pow 2 (pow 3 x))'],
    ['x/y/z', '(div (div x y) z)'],
    ['x-y-z', '(sub (sub x y) z)'],
    ['2**3**2', '(pow 2 (pow 3 2))'],
    ['2^-x', '(pow 2 (neg x))'],
    ['2^-x^2', '(pow 2 (neg (pow x 2)))'],
    ['2^-x*y', '(mul (pow 2 (neg x)) y)'],
    ['x+y*z', '(add x (mul y z))'],
    ['(x+y)*z', '(mul (add x y) z)'],
    ['x*y+z', '(add (mul x y) z)'],
    ['-x*y', '(mul (neg x) y)'],
    ['x*-y', '(mul x (neg y))'],
    ['x - -y', '(sub x (neg y))'],
    ['--x', '(neg (neg x))'],
    ['+x', 'x'],
    ['-+x', '(neg x)'],
    ['x^y*z', '(mul (pow x y) z)'],
    ['x/y^2', '(div x (pow y 2))'],
    ['(-x)^2', '(pow (neg x) 2)'],
    ['x^(y+1)', '(pow x (add y 1))'],
    ['((x))', 'x'],
    ['sin(x)^2', '(pow (sin x) 2)'],
    ['-sin(x)', '(neg (sin x))'],
    ['pow(x, 2) - atan2(y, x)', '(sub (pow x 2) (atan2 y x))'],
  ])('%s is %s', (source, expected) => {
    expect(tree(source)).toBe(expected);
  });

  it('evaluates powers the mathematical way', () => {
    expect(parse('2**3**2').evaluate([])).toBe(512);
    expect(parse('-2^2').evaluate([])).toBe(-4);
    expect(parse('2^-1').evaluate([])).toBe(0.5);
    expect(parse('x/y/z').evaluate([8, 2, 2])).toBe(2);
    expect(parse('x-y-z').evaluate([8, 2, 2])).toBe(4);
  });

  it('records the operator of operator calls, and none for named calls', () => {
    const root = parse('x + add(x, y)').root;
    expect(root.kind === 'call' && root.operator).toBe('+');
    const inner = root.kind === 'call' ? root.args[1]! : root;
    expect(inner.kind === 'call' && inner.operator).toBeUndefined();
    const power = parse('x ** 2').root;
    expect(power.kind === 'call' && power.name === 'pow' && power.operator).toBe('^');
  });
});

describe('numbers, variables and constants', () => {
  it.each([
    ['1', 1],
    ['2.5', 2.5],
    ['1e-3', 0.001],
    ['1E+3', 1000],
    ['.5', 0.5],
    ['5.', 5],
    ['0.000', 0],
    ['2e1', 20],
  ])('reads %s as %d, keeping its text', (source, value) => {
    const root = parse(source).root;
    expect(root).toEqual({ kind: 'number', value, position: 0, text: source });
  });

  it('reads variable names and lists them in order of first appearance', () => {
    const parsed = parse('y + x1*y + alpha - _t + X');
    expect(parsed.variables).toEqual(['y', 'x1', 'alpha', '_t', 'X']);
    const root = parse('b + a*b').root;
    expect(root).toMatchObject({
      args: [
        { kind: 'variable', name: 'b', index: 0, position: 0 },
        {
          args: [
            { name: 'a', index: 1 },
            { name: 'b', index: 0 },
          ],
        },
      ],
    });
  });

  it('reserves pi and e as constants', () => {
    const parsed = parse('pi * e');
    expect(parsed.variables).toEqual([]);
    expect(parsed.evaluate([])).toBe(Math.PI * Math.E);
    expect(parse('e').root).toEqual({ kind: 'constant', name: 'e', value: Math.E, position: 0 });
    // Only the exact names are reserved.
    expect(parse('e1 + pie').variables).toEqual(['e1', 'pie']);
  });

  it('skips whitespace of every kind', () => {
    expect(tree(' \t x \n+\r\n1 ')).toBe('(add x 1)');
  });
});

describe('every operation of the rule table', () => {
  it("parses by name and evaluates to the rule's value", () => {
    const random = seededRandom(2024);
    for (const [name, rule] of Object.entries(RULES)) {
      if (rule.arity === 1) {
        const parsed = parse(`${name}(x)`);
        expect(parsed.root).toMatchObject({ kind: 'call', name, position: 0 });
        for (let i = 0; i < 5; i++) {
          const x = uniformIn(random, rule.sample.min, rule.sample.max);
          expect(parsed.evaluate([x]), `${name}(${x})`).toBe(rule.value(x));
        }
      } else {
        const parsed = parse(`${name}(a, b)`);
        for (let i = 0; i < 5; i++) {
          const a = uniformIn(random, rule.sample[0].min, rule.sample[0].max);
          const b = uniformIn(random, rule.sample[1].min, rule.sample[1].max);
          expect(parsed.evaluate([a, b]), `${name}(${a}, ${b})`).toBe(rule.value(a, b));
        }
      }
    }
    expect(Object.keys(FUNCTIONS)).toHaveLength(Object.keys(RULES).length);
  });

  it('accepts calls nested inside calls', () => {
    expect(tree('max(sin(x), min(y, 2))')).toBe('(max (sin x) (min y 2))');
  });
});

describe('vectors', () => {
  it('parses a top-level vector into a vector-valued expression', () => {
    const parsed = parse('[x*y, x + y, 3]');
    expect(parsed.isVector).toBe(true);
    expect(parsed.outputSize).toBe(3);
    expect(parsed.variables).toEqual(['x', 'y']);
    expect(parsed.evaluate([2, 5])).toEqual([10, 7, 3]);
    expect(parsed.vector([2, 5])).toEqual([10, 7, 3]);
  });

  it('a one-element vector is still a vector', () => {
    const parsed = parse('[x]');
    expect(parsed.isVector).toBe(true);
    expect(parsed.outputSize).toBe(1);
    expect(parsed.evaluate([4])).toEqual([4]);
  });

  it('a scalar expression has one output and a one-element vector form', () => {
    const parsed = parse('x^2 + y^2');
    expect(parsed.isVector).toBe(false);
    expect(parsed.outputSize).toBe(1);
    expect(parsed.scalar([4, 3])).toBe(25);
    expect(parsed.vector([4, 3])).toEqual([25]);
  });

  it('refuses to use a vector as a scalar function', () => {
    expect(() => parse('[x, y]').scalar([1, 2])).toThrow(UsageError);
    expect(() => parse('[x, y]').scalar([1, 2])).toThrow(/'\[x, y\]' is vector-valued \(2 outputs\)/);
  });
});

describe('evaluation inputs', () => {
  it('needs exactly one value per variable', () => {
    const parsed = parse('x + y');
    expect(() => parsed.evaluate([1])).toThrow(ShapeError);
    expect(() => parsed.evaluate([1])).toThrow(
      "evaluate: 'x + y' has variables (x, y): expected 2 values, got 1",
    );
    expect(() => parsed.scalar([1, 2, 3])).toThrow(ShapeError);
    expect(() => parse('2').evaluate([1])).toThrow(/'2' has no variables: expected 0 values, got 1/);
  });

  it('refuses a non-string source with a UsageError', () => {
    expect(() => parse(42 as unknown as string)).toThrow(UsageError);
  });
});

describe('errors say what was expected and where', () => {
  it.each<[string, string | RegExp, number]>([
    ['sin(x', "expected ')' to close '(' opened at 3", 5],
    ['(x + 1', "expected ')' to close '(' opened at 0", 6],
    ['(x]', "expected ')' to close '(' opened at 0, found ']'", 2],
    ['x +* y', "expected an operand after '+'", 3],
    ['x ** * y', "expected an operand after '**'", 5],
    ['x +', "expected an operand after '+'", 3],
    ['*x', "expected an operand, found '*'", 0],
    ['()', "expected an operand after '('", 1],
    ['sin(x,)', "expected an operand after ','", 6],
    ['foo(x)', "unknown function 'foo' (did you mean 'cos'?)", 0],
    ['sni(x)', "unknown function 'sni' (did you mean 'sin'?)", 0],
    ['x + zzzz(1)', /^unknown function 'zzzz' \(implicit multiplication is not supported/, 4],
    ['atan2(y)', 'atan2 takes 2 arguments, got 1', 0],
    ['sin(x, y)', 'sin takes 1 argument, got 2', 0],
    ['x + hypot()', 'hypot takes 2 arguments, got 0', 4],
    ['', 'empty expression', 0],
    ['   ', 'empty expression', 0],
    ['x)', "unexpected ')'", 1],
    ['x]', "unexpected ']'", 1],
    ['x, y', "unexpected ',' (write [a, b] for a vector-valued expression)", 1],
    ['[x] + 1', "unexpected '+'", 4],
    ['x @ y', "unexpected character '@'", 2],
    ['x # 2', "unexpected character '#'", 2],
    ['x = 1', "unexpected character '='", 2],
    ['x + .', "unexpected character '.' (a number needs a digit, as in 0.5 or .5)", 4],
    ['2x', "missing operator before 'x' (implicit multiplication is not supported: write 2*x)", 1],
    ['x y', "missing operator before 'y' (implicit multiplication is not supported: write x*y)", 2],
    ['2 3', "missing operator before '3' (implicit multiplication is not supported: write 2*3)", 2],
    ['2(x)', "missing operator before '(' (implicit multiplication is not supported: write '*')", 1],
    ['(x+1)(x-1)', "missing operator before '(' (implicit multiplication is not supported: write '*')", 5],
    ['sin(2x)', "missing operator before 'x' (implicit multiplication is not supported: write 2*x)", 5],
    ['2e', "missing operator before 'e' (implicit multiplication is not supported: write 2*e)", 1],
    ['sin + 1', "'sin' is a function: call it as sin(...)", 0],
    ['pi(2)', "'pi' is a constant, not a function", 0],
    ['e(1)', "'e' is a constant, not a function", 0],
    ['[x, [y]]', 'a vector [...] is only allowed as the whole expression, not inside one', 4],
    ['x + [y]', 'a vector [...] is only allowed as the whole expression, not inside one', 4],
    ['[x, y', "expected ']' to close '[' opened at 0", 5],
    ['[]', "expected an operand after '['", 1],
    ['1e999', "number '1e999' is too large (it overflows to Infinity)", 0],
  ])('%j: %s at %d', (source, reason, position) => {
    const error = parseError(source);
    if (typeof reason === 'string') expect(error.reason).toBe(reason);
    else expect(error.reason).toMatch(reason);
    expect(error.position).toBe(position);
    expect(error.source).toBe(source);
    // The message shows the source with a caret under the position.
    expect(error.message).toContain(`\n  ${' '.repeat(position)}^`);
  });

  it('shows control characters by code point', () => {
    expect(parseError('x \u0001 y').reason).toBe('unexpected character U+0001');
  });
});

describe('nesting is capped, not a stack overflow', () => {
  const nested = (depth: number) => `${'('.repeat(depth)}x${')'.repeat(depth)}`;

  it(`accepts nesting just under the cap of ${MAX_EXPRESSION_DEPTH}`, () => {
    expect(parse(nested(MAX_EXPRESSION_DEPTH - 1)).variables).toEqual(['x']);
    expect(parse(`${'-'.repeat(MAX_EXPRESSION_DEPTH - 1)}x`).evaluate([2])).toBe(-2);
    expect(
      parse(`${'sin('.repeat(MAX_EXPRESSION_DEPTH - 1)}x${')'.repeat(MAX_EXPRESSION_DEPTH - 1)}`).variables,
    ).toEqual(['x']);
    expect(parse(Array(MAX_EXPRESSION_DEPTH).fill('x').join('+')).evaluate([1])).toBe(MAX_EXPRESSION_DEPTH);
  });

  it.each([
    ['parentheses', nested(MAX_EXPRESSION_DEPTH)],
    ['unclosed parentheses', '('.repeat(100_000)],
    ['unary minus', `${'-'.repeat(100_000)}x`],
    ['right-associative powers', `x${'^x'.repeat(100_000)}`],
    ['calls', `${'sin('.repeat(100_000)}x`],
    [
      'chains nested in brackets',
      `${'(x+'.repeat(MAX_EXPRESSION_DEPTH + 1)}x${')'.repeat(MAX_EXPRESSION_DEPTH + 1)}`,
    ],
    ['vector elements', `[${'('.repeat(5000)}`],
  ])('deep %s end in a ParseError', (_, source) => {
    const error = parseError(source);
    expect(error.reason).toMatch(/nested too deeply|too deep/);
    expect(error.reason).toContain(String(MAX_EXPRESSION_DEPTH));
  });
});

describe('flat chains of any length (nesting counts, operands do not)', () => {
  const terms = 100_000;

  it.each([
    ['a sum', `${'x+'.repeat(terms - 1)}x`, [2], terms * 2],
    ['a sum of products', Array.from({ length: terms }, () => 'x*y').join(' + '), [2, 3], terms * 6],
    ['alternating signs', `${'x-y+'.repeat(terms / 2 - 1)}x-y`, [5, 2], (terms / 2) * 3],
    ['a product and quotients', `${'x*y/'.repeat(9999)}x*y`, [1.5, 2], 3 ** 10_000 / 2 ** 9999 / 1.5 ** 9999],
  ])('%s parses and evaluates in a loop', (_, source, point, expected) => {
    const parsed = parse(source);
    const value = parsed.evaluate(point) as number;
    if (Number.isFinite(expected)) expect(value).toBeCloseTo(expected, 6);
    else expect(Number.isNaN(value)).toBe(false);
  });

  it('1,001 terms, the case that used to be refused as nested too deeply', () => {
    const parsed = parse(Array.from({ length: 1001 }, (_, i) => `${i + 1}*x`).join(' + '));
    expect(parsed.evaluate([1])).toBe((1001 * 1002) / 2);
  });

  it('keeps left-to-right evaluation: the tree is the same binary tree a short chain has', () => {
    expect(tree('a - b + c - d')).toBe('(sub (add (sub a b) c) d)');
    expect(tree('a / b * c / d')).toBe('(div (mul (div a b) c) d)');
    // 1e308 + 1e308 overflows before - 1e308 can bring it back, as JavaScript computes it.
    expect(parse('x + x - x').evaluate([1e308])).toBe(Number.POSITIVE_INFINITY);
  });

  it('a chain nests one level over its operands: a deep tower of chains is still refused', () => {
    // Each level is a call (one) around a chain (one) whose first operand is the level below.
    const operand = (depth: number): string => (depth === 0 ? 'x' : `sin(${operand(depth - 1)} + x + x)`);
    expect(() => parse(operand(MAX_EXPRESSION_DEPTH / 2 - 1))).not.toThrow();
    expect(parseError(operand(MAX_EXPRESSION_DEPTH / 2 + 1)).reason).toMatch(/nested too deeply/);
  });
});

describe('hostile input', () => {
  const grammarCharacters = [...'0123456789.eExyzpi_sincoatwhmq+-*/^(),[] \t'];

  /** True when parse succeeds or throws a ParseError pointing inside the source; anything else fails. */
  function onlyParseErrors(source: string): boolean {
    try {
      parse(source);
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      return error.position >= 0 && error.position <= source.length;
    }
    return true;
  }

  it('strings over the grammar alphabet give a result or a ParseError, nothing else', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...grammarCharacters), maxLength: 60 }), onlyParseErrors),
      { numRuns: PROPERTY_RUNS * 5 },
    );
  });

  it('arbitrary strings give a result or a ParseError, nothing else', () => {
    // Built from code points: fast-check's 'binary' unit takes seconds to set up.
    const anyText = fc
      .array(fc.integer({ min: 0, max: 0x10ffff }), { maxLength: 40 })
      .map((codePoints) => String.fromCodePoint(...codePoints));
    fc.assert(fc.property(anyText, onlyParseErrors), { numRuns: PROPERTY_RUNS * 3 });
  });

  it('long strings of brackets and operators stay ParseErrors', () => {
    const noisy = fc.string({
      unit: fc.constantFrom('(', ')', '[', ']', '-', '^', 'x', ',', 's', 'i', 'n'),
      minLength: 1000,
      maxLength: 20_000,
    });
    fc.assert(fc.property(noisy, onlyParseErrors), { numRuns: HEAVY_PROPERTY_RUNS });
  });

  it('whatever parses also evaluates without throwing', () => {
    const random = seededRandom(11);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...grammarCharacters), maxLength: 40 }), (source) => {
        let parsed: ReturnType<typeof parse>;
        try {
          parsed = parse(source);
        } catch {
          return true;
        }
        const x = parsed.variables.map(() => uniformIn(random, -2, 2));
        const value = parsed.evaluate(x);
        const values = Array.isArray(value) ? value : [value];
        expect(values).toHaveLength(parsed.outputSize);
        for (const v of values) expect(typeof v).toBe('number');
        return true;
      }),
      { numRuns: PROPERTY_RUNS * 5 },
    );
  });
});
