import { describe, expect, it } from 'vitest';
import { compile } from '../src/compile.js';
import { TransformError } from '../src/errors.js';
import { fromSource } from './helpers.js';

/** The TransformError compiling `source` throws. */
function failure(source: string, options = {}): TransformError {
  try {
    compile(typeof source === 'string' && source.startsWith('export') ? source : fromSource(source), options);
  } catch (error) {
    if (error instanceof TransformError) return error;
    throw error;
  }
  throw new Error(`expected a TransformError for: ${source}`);
}

/** Each unsupported construct: the source, words its message must contain, and the text under the caret. */
const UNSUPPORTED: readonly [string, string, string, string][] = [
  ['an object', '(x) => { const o = { a: x[0] }; return o.a; }', 'objects are not supported', '{ a: x[0] }'],
  ['a class', '(x) => { class C {} return x[0]; }', 'classes are not supported', 'class C'],
  [
    'a closure value',
    '(x) => { const g = [1].map((v) => v); return x[0]; }',
    'the method .map() is not supported',
    '[1].map',
  ],
  [
    'a function as a value',
    '(x) => { const h = function () { return 1; }; return h; }',
    'used as a value',
    'h;',
  ],
  [
    'recursion',
    '(x) => { function r(v) { return v < 1 ? v : r(v - 1); } return r(x[0]); }',
    'recursion cannot be transformed',
    'r(v - 1)',
  ],
  ['eval', '(x) => eval("x[0]")', "'eval' is not defined here", 'eval("x[0]")'],
  ['try', '(x) => { try { return x[0]; } catch { return 0; } }', 'try/catch is not supported', 'try {'],
  ['a generator', 'function* (x) { yield x[0]; }', 'a generator function', 'function*'],
  ['async', 'async (x) => x[0]', 'an async function', 'async'],
  ['no parameter', '() => 1', 'the function takes no parameters', '() => 1'],
  ['Math.random', '(x) => x[0] * Math.random()', 'Math.random is not a function of x', 'Math.random()'],
  [
    'a Math function without a rule',
    '(x) => Math.clz32(x[0])',
    'Math.clz32 has no derivative rule',
    'Math.clz32',
  ],
  [
    'Math.floor of x',
    '(x) => Math.floor(x[0])',
    'Math.floor of a value that depends on x',
    'Math.floor(x[0])',
  ],
  ['% of x', '(x) => x[0] % 2', 'the % operator of a value that depends on x', 'x[0] % 2'],
  ['a free identifier', '(x) => x[0] * scale', "'scale' is not defined here", 'scale'],
  ['a string', '(x) => { const s = "a"; return x[0]; }', 'the string "a" is not a number', '"a"'],
  [
    'switch',
    '(x) => { switch (x.length) { case 1: return x[0]; } return 0; }',
    'switch is not supported',
    'switch',
  ],
  [
    'for…in',
    '(x) => { let s = 0; for (const k in x) s += 1; return s; }',
    'for…in loops over object keys',
    'for (const k in x)',
  ],
  ['this', 'function (x) { return this.a; }', "'this' is not supported", 'this'],
  [
    'writing into x',
    '(x) => { x[0] = 1; return x[0]; }',
    'the transform does not write into its arguments',
    'x[0]',
  ],
  ['an index from x', '(x) => x[x[0]]', 'an array index that depends on x', 'x[x[0]]'],
  [
    'typeof',
    '(x) => typeof x[0] === "number" ? x[0] : 0',
    'the operator typeof is not supported',
    'typeof x[0]',
  ],
  [
    'a destructuring assignment',
    '(x) => { let a = 0, b = 1; [a, b] = [b, a]; return a; }',
    'destructuring assignment',
    '[a, b]',
  ],
  ['spread', '(x) => Math.max(...x)', 'spread arguments are not supported', 'Math.max(...x)'],
  ['optional chaining', '(x) => x?.[0]', 'optional chaining', 'x?.[0]'],
  [
    'new Array with several arguments',
    '(x) => { const a = new Array(1, 2); return x[0]; }',
    'new Array(...) with other than one length',
    'new Array(1, 2)',
  ],
  ['a boolean result', '(x) => x[0] > 1', 'returns a boolean', 'x[0] > 1'],
  ['no return value', '(x) => { const y = x[0]; }', 'never returns a value', '(x) =>'],
  ['a const assigned', '(x) => { const a = 1; a = x[0]; return a; }', "'a' is a const", 'a'],
  [
    'a closure over a variable',
    '(x) => { let s = 0; const add = (v) => v + s; return add(x[0]); }',
    "reads 's' of the function around it",
    's;',
  ],
  [
    'a module let',
    'export let k = 2;\nexport function f(x) { return x[0] * k; }',
    'module-level let/var',
    'k;',
  ],
  [
    'console.log',
    '(x) => { console.log(x[0]); return x[0]; }',
    "'console' is not defined here",
    'console.log',
  ],
];

describe('what the transform refuses, and where', () => {
  for (const [what, source, words, underCaret] of UNSUPPORTED) {
    it(`${what}: a TransformError naming it, with line:column and a caret`, () => {
      const error = failure(source, { entry: source.startsWith('export') ? 'f' : undefined });
      expect(error.message).toContain(words);
      expect(error.position, `${what} has a position`).toBeDefined();
      const { line, column } = error.position!;
      expect(error.message).toContain(`at ${line}:${column + 1}`);
      const text = source.split('\n')[line - 1]!;
      expect(text.slice(column).startsWith(underCaret), `caret at '${text.slice(column)}'`).toBe(true);
      // The excerpt's caret sits under that character of the line.
      const [, excerpt, caret] = error.message.split('\n');
      expect(excerpt![caret!.indexOf('^')]).toBe(text[column]);
    });
  }

  it('says what to do instead', () => {
    expect(failure('(x) => x[0] * scale').message).toContain('pass its value in options.scope');
    expect(failure('(x) => { x[0] = 1; return 1; }').message).toContain('copy it into a local array first');
    expect(failure('(x) => Math.floor(x[0])').message).toContain('wrap the argument in primal(...)');
  });

  it('names a built-in or bound function that has no source text', () => {
    expect(() => compile(Math.sin as never)).toThrow(/built-in or bound function/);
    expect(() => compile(((x: number[]) => x[0]!).bind(null) as never)).toThrow(TransformError);
  });

  it('reports a syntax error in module text with its position', () => {
    const error = failure('export function f(x) { return x[0] +; }');
    expect(error.message).toMatch(/does not parse/);
    expect(error.position?.line).toBe(1);
  });

  it('asks for an entry among several functions, and names the ones there are', () => {
    expect(() =>
      compile('export function f(x) { return x[0]; }\nexport function g(x) { return x[1]; }'),
    ).toThrow("several functions (f, g): name the one to differentiate with the 'entry' option");
    expect(() => compile('export function f(x) { return x[0]; }', { entry: 'h' })).toThrow(
      "the module has no function 'h' (its functions: f)",
    );
  });
});

/**
 * The supported language, construct by construct: each program computes the same value as the original
 * JavaScript, and its tangent code the same derivatives as the 9-point oracle and as the dual numbers running
 * the lifted function.
 */
const SUPPORTED: readonly [string, string, number[], unknown[]?][] = [
  [
    'literals, const/let/var',
    '(x) => { const a = 2.5; let b = -1e-3; var c = 0x10; return a * x[0] + b * x[1] + c; }',
    [0.3, 0.7],
  ],
  [
    '= += -= *= /=',
    '(x) => { let s = x[0]; s += x[1]; s -= 0.5; s *= x[0]; s /= 1 + x[1] * x[1]; return s; }',
    [0.3, 0.7],
  ],
  [
    '++ and -- (prefix and postfix)',
    '(x) => { let i = 0; let s = 0; s += x[i++]; s += x[i--] * 2; ++i; --i; return s + x[++i]; }',
    [0.3, 0.7],
  ],
  [
    '+ - * / ** and unary - +',
    '(x) => -x[0] + (+x[1]) * 2 - x[0] / 3 + x[1] ** 3 + (-x[0]) ** 2',
    [0.3, 0.7],
  ],
  [
    '% on counters',
    '(x) => { let s = 0; for (let i = 0; i < 7; i++) s += (i % 3) * x[i % 2]; return s; }',
    [0.3, 0.7],
  ],
  [
    'comparisons, && || ! in conditions',
    '(x) => (x[0] < x[1] && !(x[1] >= 2) || x[0] === 5) ? x[0] * x[1] : x[0] - x[1]',
    [0.3, 0.7],
  ],
  [
    '&& and || as values',
    '(x) => { const a = x[0] && x[1]; const b = 0 || x[0]; return a * b; }',
    [0.3, 0.7],
  ],
  ['the ternary', '(x) => x[0] > 0.5 ? Math.sin(x[1]) : x[0] > 0 ? Math.cos(x[1]) : x[1]', [0.3, 0.7]],
  [
    'if / else if / else',
    '(x) => { let y; if (x[0] > 1) y = x[0]; else if (x[1] > 0.5) { y = x[1] * x[0]; } else y = 0; return y; }',
    [0.3, 0.7],
  ],
  [
    'for with break and continue',
    '(x) => { let s = 0; for (let i = 0; i < 10; i++) { if (i === 2) continue; if (s > 3) break; s += x[0] * i; } return s; }',
    [0.3, 0.7],
  ],
  [
    'while with a data-dependent trip count',
    '(x) => { let s = x[0]; let n = 0; while (s < 5 && n < 50) { s = s * 1.5 + x[1]; n++; } return s; }',
    [0.3, 0.7],
  ],
  [
    'do…while',
    '(x) => { let s = 0; let i = 0; do { s += x[i % 2] * s + 1; i++; } while (i < 4); return s; }',
    [0.3, 0.7],
  ],
  [
    'return from inside a loop',
    '(x) => { for (let i = 0; i < 10; i++) { if (i * x[0] > 1) return i * x[1] * x[0]; } return x[0]; }',
    [0.55, 0.7],
  ],
  [
    'labelled break and continue',
    '(x) => { let s = 0; outer: for (let i = 0; i < 4; i++) { for (let j = 0; j < 4; j++) { if (j > i) continue outer; if (i === 3) break outer; s += x[0] * x[1] * (i + j); } } return s; }',
    [0.3, 0.7],
  ],
  [
    'Math functions, n-ary min/max/hypot, PI and E',
    '(x) => Math.exp(x[0]) * Math.log1p(x[1]) + Math.atan2(x[0], x[1]) + Math.min(x[0], x[1], 0.5) + Math.max(x[0], x[1], -1) + Math.hypot(x[0], x[1], 1) + Math.PI * Math.E * Math.tanh(x[0])',
    [0.3, 0.7],
  ],
  ['Math.pow and Math.abs', '(x) => Math.pow(Math.abs(x[0] - 1), x[1]) + Math.sign(-2) * x[0]', [0.3, 0.7]],
  [
    'data[i][j] and .length',
    '(x, data) => { let s = 0; for (let i = 0; i < data.length; i++) for (let j = 0; j < data[i].length; j++) s += data[i][j] * x[j]; return s; }',
    [0.3, 0.7],
    [
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
    ],
  ],
  [
    'local Float64Array written in place',
    '(x) => { const a = new Float64Array(3); for (let i = 0; i < 3; i++) a[i] = x[0] * i; for (let k = 0; k < 3; k++) for (let i = 1; i < 3; i++) a[i] += a[i - 1] * x[1]; return a[2]; }',
    [0.3, 0.7],
  ],
  [
    'new Array(n).fill(v), literals and push',
    '(x) => { const a = new Array(2).fill(x[0]); const b = [x[1], 1]; b.push(a[0] * b[0]); b[0] = b[2] + a[1]; return b[0] * b.length; }',
    [0.3, 0.7],
  ],
  [
    'for…of over arrays',
    '(x) => { let s = 0; for (const v of x) s += v * v; const w = [1, 2]; for (const v of w) s *= v; return s; }',
    [0.3, 0.7],
  ],
  ['[a, b] patterns', '([a, b]) => { const [c, d] = [a * b, a - b]; return c / d; }', [0.3, 0.7]],
  [
    'helper functions (transformed too)',
    '(x) => { function sq(v) { return v * v; } const cube = (v) => sq(v) * v; return sq(x[0]) + cube(x[1]); }',
    [0.3, 0.7],
  ],
  [
    'helpers taking arrays, with early returns',
    '(x) => { function total(a) { let s = 0; for (let i = 0; i < a.length; i++) { if (a[i] > 10) return -1; s += a[i]; } return s; } const y = new Float64Array(2); y[0] = x[0] * 3; y[1] = x[1]; return total(y) * total(x); }',
    [0.3, 0.7],
  ],
  [
    "dualtape's functions by name",
    '(x) => add(mul(x[0], x[0]), sin(x[1])) + (lt(x[0], x[1]) ? square(x[1]) : 0) + sigmoid(x[0]) + logSumExp(x) + relu(x[1] - 1) + dot(x, x)',
    [0.3, 0.7],
  ],
  [
    'Number.isNaN / isFinite on x',
    '(x) => Number.isFinite(x[0]) && !Number.isNaN(x[1]) ? x[0] * x[1] : 0',
    [0.3, 0.7],
  ],
  [
    'a vector output',
    '(x) => { const y = new Float64Array(3); y[0] = x[0] * x[1]; y[1] = Math.sin(x[0]); y[2] = 4; return y; }',
    [0.3, 0.7],
  ],
  ['an array literal output', '(x) => [x[0] + x[1], x[0] * x[1]]', [0.3, 0.7]],
];

describe('primal() inside plain JavaScript', () => {
  it('stops the derivative, as on dual numbers', async () => {
    const { jvp } = await import('@dualtape/forward');
    const core = await import('@dualtape/core');
    const compiled = compile(fromSource('(x) => x[0] * primal(x[1])'));
    expect(compiled.jvp([0.3, 0.7], [0, 1]).tangent[0]).toBe(0);
    expect(compiled.jvp([0.3, 0.7], [1, 0]).tangent[0]).toBe(0.7);
    const dual = jvp(([a, b]) => core.mul(a!, core.primal(b!)), [0.3, 0.7], [1, 1]);
    expect(compiled.jvp([0.3, 0.7], [1, 1]).tangent[0]).toBe(dual.tangent[0]);
  });
});

describe('the supported language', () => {
  for (const [what, source, x, data = []] of SUPPORTED) {
    it(`${what}: same value as JavaScript, derivatives of the oracle and of the dual numbers`, async () => {
      const { jvp } = await import('@dualtape/forward');
      const { vjp: tapeVjp } = await import('@dualtape/reverse');
      const { oracleDerivative, expectClose, TOLERANCES } = await import('@dualtape/testing');
      const original = fromSource<(...args: unknown[]) => unknown>(source);
      const compiled = compile(original);
      const plainValue = (() => {
        try {
          return original(x, ...data);
        } catch {
          // dialect code (add, mul, ...) runs on plain numbers too
          return compiled.value(x, ...data);
        }
      })();
      const value = compiled.value(x, ...data);
      if (typeof plainValue === 'number') expect(value).toBe(plainValue);
      else expect(Array.from(value as Float64Array)).toEqual(Array.from(plainValue as ArrayLike<number>));
      for (let i = 0; i < x.length; i++) {
        const v = x.map((_, j) => (j === i ? 1 : 0));
        const transformed = compiled.jvp(x, v, ...data);
        const dual = jvp(((p: never) => compiled.lift(p, ...(data as []))) as never, x, v);
        for (let k = 0; k < transformed.tangent.length; k++) {
          const oracle = oracleDerivative((t) => {
            const moved = [...x];
            moved[i] = t;
            const y = compiled.value(moved, ...data);
            return typeof y === 'number' ? y : y[k]!;
          }, x[i]!);
          expectClose(
            transformed.tangent[k]!,
            dual.tangent[k]!,
            TOLERANCES.tangentCode,
            `${what}: output ${k}, ∂/∂x${i} vs Dual`,
          );
          expectClose(
            transformed.tangent[k]!,
            oracle,
            TOLERANCES.oracle,
            `${what}: output ${k}, ∂/∂x${i} vs oracle`,
          );
        }
      }
      // The adjoint code: one row per output, against the tape running the lifted function.
      const outputs = compiled.jvp(
        x,
        x.map(() => 0),
        ...data,
      ).value.length;
      const tape = tapeVjp(((p: never) => compiled.lift(p, ...(data as []))) as never, x);
      for (let k = 0; k < outputs; k++) {
        const u = Array.from({ length: outputs }, (_, j) => (j === k ? 1 : 0));
        const row = compiled.vjp(x, u, ...data).cotangent;
        const expected = tape.pullback(u);
        for (let i = 0; i < x.length; i++) {
          expectClose(
            row[i]!,
            expected[i]!,
            TOLERANCES.adjointCode,
            `${what}: adjoint of output ${k}, ∂/∂x${i} vs tape`,
          );
        }
      }
      if (outputs === 1) {
        expect(Array.from(compiled.gradient(x, undefined, ...data))).toEqual(
          Array.from(compiled.vjp(x, [1], ...data).cotangent),
        );
      }
    });
  }
});
