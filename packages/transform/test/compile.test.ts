import { DomainError, ShapeError, UsageError } from '@dualtape/core';
import * as forward from '@dualtape/forward';
import * as reverse from '@dualtape/reverse';
import { expectAllClose, seededRandom, TOLERANCES } from '@dualtape/testing';
import { ZOO, type ZooInstance } from '@dualtape/zoo';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/compile.js';
import { TransformError } from '../src/errors.js';
import { fromSource } from './helpers.js';

describe('compile: the API', () => {
  const f = compile(fromSource<(x: number[]) => number>('(x) => x[0] * x[0] + Math.sin(x[1])'));

  it('answers value, jvp, jacobian, gradient, valueAndGradient and vjp', () => {
    expect(f.name).toBe('f');
    expect(f.output).toBe('scalar');
    expect(f.value([1, 2])).toBe(1 + Math.sin(2));
    expect(Array.from(f.jvp([1, 2], [1, 0]).tangent)).toEqual([2]);
    expect(Array.from(f.jvp([1, 2], [0, 1]).tangent)).toEqual([Math.cos(2)]);
    expect(f.jacobian([1, 2]).map((r) => Array.from(r))).toEqual([[2, Math.cos(2)]]);
    expect(f.jacobian([1, 2], { mode: 'reverse' }).map((r) => Array.from(r))).toEqual([[2, Math.cos(2)]]);
    expect(Array.from(f.gradient([1, 2]))).toEqual([2, Math.cos(2)]);
    const out = new Float64Array(2).fill(7);
    expect(f.gradient([1, 2], out)).toBe(out);
    expect(Array.from(out)).toEqual([2, Math.cos(2)]); // overwritten, not accumulated
    expect(f.valueAndGradient([1, 2]).value).toBe(1 + Math.sin(2));
    expect(Array.from(f.vjp([1, 2], [3]).cotangent)).toEqual([6, 3 * Math.cos(2)]);
  });

  it('passes further arguments through as constant data', () => {
    const g = compile(
      fromSource(
        '(x, w, bias) => { let s = bias; for (let i = 0; i < x.length; i++) s += w[i] * x[i] * x[i]; return s; }',
      ),
    );
    const w = [2, 3];
    expect(g.value([1, 2], w, 0.5)).toBe(0.5 + 2 + 12);
    expect(Array.from(g.gradient([1, 2], undefined, w, 0.5))).toEqual([4, 12]);
    expect(Array.from(g.jvp([1, 2], [1, 1], w, 0.5).tangent)).toEqual([16]);
  });

  it('reads free names from scope: numbers, arrays and functions (transformed too)', () => {
    const weights = new Float64Array([1, -1]);
    const cube = (v: number) => v * v * v;
    const g = compile(fromSource('(x) => scale * cube(x[0]) + weights[1] * x[1]'), {
      scope: { scale: 2, weights, cube },
    });
    expect(Array.from(g.gradient([2, 5]))).toEqual([24, -1]);
  });

  it('refuses unknown options, bad points and bad directions with the modes’ own errors', () => {
    expect(() => compile(fromSource('(x) => x[0]'), { chunksize: 3 } as never)).toThrow(UsageError);
    expect(() => compile(fromSource('(x) => x[0]'), { chunksize: 3 } as never)).toThrow(
      /unknown option 'chunksize'/,
    );
    expect(() => f.jacobian([1, 2], { mode: 'sideways' } as never)).toThrow(UsageError);
    expect(() => f.jacobian([1, 2], { chunks: 2 } as never)).toThrow(/unknown option 'chunks'/);
    expect(() => f.gradient([])).toThrow(ShapeError);
    expect(() => f.gradient([1, Number.NaN])).toThrow(DomainError);
    expect(() => f.jvp([1, 2], [1])).toThrow(ShapeError);
    expect(() => f.jvp([1, 2], [1, Number.POSITIVE_INFINITY])).toThrow(DomainError);
    expect(() => f.vjp([1, 2], [1, 2])).toThrow(ShapeError);
    expect(() => f.gradient([1, 2], new Float64Array(3))).toThrow(/out must be a Float64Array of length 2/);
    const vector = compile(fromSource('(x) => [x[0], x[1]]'));
    expect(() => vector.gradient([1, 2])).toThrow(/use vjp\(x, u\) or jacobian\(x\)/);
    const reading = compile(fromSource('(x) => x[0] + x[5]'));
    expect(() => reading.gradient([1, 2])).toThrow(/f reads x\[5\], but x has 2 entries/);
  });

  it('shows its generated code, which names the source lines', () => {
    expect(f.source.lift).toContain('$mul(');
    expect(f.source.tangent()).toContain('// line 1: x[0] * x[0] + Math.sin(x[1])');
    expect(f.source.tangent(3)).toContain('_d2');
    expect(f.source.adjoint()).toContain('x_b[');
    expect(f.source.adjoint(true)).toContain('$sz(');
  });

  it('throws TransformError, never computes a wrong derivative, for what it cannot read', () => {
    expect(() => compile(fromSource('(x) => ({ a: x[0] }).a'))).toThrow(TransformError);
  });
});

describe('compile: every zoo function, as written', () => {
  const random = seededRandom(4242);
  for (const entry of ZOO) {
    for (const size of new Set([entry.minSize, entry.defaultSize])) {
      it(`${entry.name} (size ${size}): transformed code = the overloading modes`, () => {
        const instance: ZooInstance = entry.instantiate(size);
        const compiled = compile(instance.f as never, { scope: instance.scope });
        const x = instance.sample(random);
        const expected = instance.f(Array.from(x));
        const value = compiled.value(x);
        if (typeof expected === 'number') expect(value).toBe(expected);
        else expect(Array.from(value as Float64Array)).toEqual(Array.from(expected as number[]));
        const asVector = instance.kind === 'scalar' ? (v: never) => [instance.f(v)] : instance.f;
        expectAllClose(
          compiled.jacobian(x).flatMap((r) => Array.from(r)),
          forward.jacobian(asVector as never, x).flatMap((r) => Array.from(r)),
          TOLERANCES.tangentCode,
          'tangent code',
        );
        expectAllClose(
          compiled.jacobian(x, { mode: 'reverse' }).flatMap((r) => Array.from(r)),
          reverse.jacobian(asVector as never, x).flatMap((r) => Array.from(r)),
          TOLERANCES.adjointCode,
          'adjoint code',
        );
        if (instance.kind === 'scalar' && instance.analyticGradient !== undefined) {
          const analytic = new Float64Array(x.length);
          instance.analyticGradient(x, analytic);
          expectAllClose(compiled.gradient(x), analytic, TOLERANCES.exact, 'analytic gradient');
        }
      });
    }
  }
});

describe('compile: traceLift', () => {
  const text = [
    'export function f(x) {',
    '  const a = x[0] * 2;',
    '  if (a > 10) throw new RangeError("too big");',
    '  return a + x[1];',
    '}',
  ].join('\n');

  it('runs the lifted function and notes the statement it last began, with its line and a caret', () => {
    const trace = compile(text, { entry: 'f' }).traceLift();
    expect(trace.current()).toBeUndefined();
    expect(trace.fn([1, 2])).toBe(4);
    expect(trace.current()).toMatchObject({
      functionName: 'f',
      line: 4,
      column: 3,
      text: 'return a + x[1];',
    });
    expect(trace.current()?.excerpt).toBe('    return a + x[1];\n    ^');
    expect(() => trace.fn([6, 2])).toThrow(RangeError);
    // The throw is a statement of its own, inside the if.
    expect(trace.current()).toMatchObject({ line: 3, column: 15, text: 'throw new RangeError("too big");' });
  });

  it('leaves the ordinary lift untouched (no markers in its code)', () => {
    const compiled = compile(text, { entry: 'f' });
    compiled.traceLift();
    expect(compiled.source.lift).not.toContain('$here');
  });
});
