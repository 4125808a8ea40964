import { DomainError, FUNCTIONS, RULES, type Rule, type Scalar } from '@dualtape/core';
import { gradient as tapeGradient } from '@dualtape/reverse';
import {
  expectAllClose,
  expectClose,
  ORACLE_STEP,
  oracleDerivative,
  seededRandom,
  TOLERANCES,
  uniformIn,
} from '@dualtape/testing';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { fromSource, ORACLE_TOLERANCE, POINTS_PER_RULE, spelling } from '../helpers.js';

// Every rule; those by convention (stopGradient, refereed: false) have no finite-difference derivative, so
// they are checked against the overloading modes only.
const ALL_RULES: readonly Rule[] = Object.values(RULES);

function nearKink(rule: Rule, x: readonly number[]): boolean {
  const reach = 1.5 * 4 * ORACLE_STEP * Math.max(1, ...x.map(Math.abs));
  if (rule.name === 'abs') return Math.abs(x[0]!) < reach;
  if (rule.name === 'min' || rule.name === 'max') return Math.abs(x[0]! - x[1]!) < 2 * reach;
  return false;
}

describe('every rule of the table through the adjoint code', () => {
  for (const rule of ALL_RULES) {
    it(`${rule.name}: matches the oracle and the tape`, () => {
      const compiled = compile(fromSource(`(x) => ${spelling(rule, 'x[0]', 'x[1]')}`));
      const generic = (x: readonly Scalar[]) =>
        rule.arity === 1
          ? (FUNCTIONS[rule.name] as (a: Scalar) => Scalar)(x[0]!)
          : (FUNCTIONS[rule.name] as (a: Scalar, b: Scalar) => Scalar)(x[0]!, x[1]!);
      const random = seededRandom(rule.code + 707);
      for (let k = 0; k < POINTS_PER_RULE; k++) {
        const x =
          rule.arity === 1
            ? [uniformIn(random, rule.sample.min, rule.sample.max)]
            : rule.sample.map((s) => uniformIn(random, s.min, s.max));
        if (nearKink(rule, x)) continue;
        const { value, gradient } = compiled.valueAndGradient(x);
        const tape = tapeGradient(generic as never, x);
        expect(value).toBe(rule.arity === 1 ? rule.value(x[0]!) : rule.value(x[0]!, x[1]!));
        for (let i = 0; i < rule.arity; i++) {
          const where = `${rule.name} ∂/∂x${i} at (${x.join(', ')})`;
          expectClose(gradient[i]!, tape[i]!, TOLERANCES.adjointCode, `${where}, against the tape`);
          const expected = oracleDerivative((t) => {
            const moved = [...x];
            moved[i] = t;
            return rule.arity === 1 ? rule.value(moved[0]!) : rule.value(moved[0]!, moved[1]!);
          }, x[i]!);
          if (rule.refereed)
            expectClose(gradient[i]!, expected, ORACLE_TOLERANCE, `${where}, against the oracle`);
        }
      }
    });
  }

  it('keeps the conventions at awkward points, as the tape does', () => {
    const cases: [string, number[]][] = [
      ['(x) => Math.abs(x[0])', [0]],
      ['(x) => x[0] ** 0', [0]],
      ['(x) => x[0] ** 3', [-2]],
      ['(x) => x[1] ** x[0]', [0.5, 0]],
      ['(x) => Math.pow(x[0], x[1])', [-2, 3]],
      ['(x) => Math.hypot(x[0], x[1])', [0, 0]],
      ['(x) => Math.sqrt(x[0] * x[0] + x[1] * x[1])', [0, 0]],
      ['(x) => Math.min(x[0], x[1])', [1, 1]],
      ['(x) => Math.max(x[0], x[1])', [1, 1]],
      ['(x) => Math.log(x[0])', [-1]],
      ['(x) => Math.sqrt(x[0])', [0]],
      ['(x) => Math.sqrt(x[0]) * 0 + x[1]', [0, 2]],
    ];
    for (const [source, x] of cases) {
      const compiled = compile(fromSource(source));
      const transformed = compiled.gradient(x);
      const tape = tapeGradient(compiled.lift, x);
      for (let i = 0; i < x.length; i++) {
        expect(
          Object.is(transformed[i], tape[i]),
          `${source} ∂/∂x${i}: ${transformed[i]} vs ${tape[i]}`,
        ).toBe(true);
      }
    }
  });

  it('reports NaN where the tape does, even where plain arithmetic would hide it', () => {
    const f = fromSource<(x: number[], d: number[]) => number>('(x, d) => x[0] + d[0]');
    const result = compile(f).valueAndGradient([1], undefined, [Number.NaN]);
    expect(result.value).toBeNaN();
    expect(result.gradient[0]).toBeNaN();
  });

  it('steps loop counters back exactly, and falls back to saving them when one is not an integer', () => {
    const f = fromSource<(x: number[], start: number) => number>(
      '(x, start) => { let s = 0; for (let i = start; i < start + 3; i++) s += x[0] * i * i; return s; }',
    );
    const compiled = compile(f);
    expect(compiled.source.adjoint()).toMatch(/i = i - 1;/);
    for (const start of [0, 2, 0.1, -0.7]) {
      const expected = [start * start + (start + 1) ** 2 + (start + 2) ** 2];
      expectClose(
        compiled.gradient([1.5], undefined, start)[0]!,
        expected[0]!,
        TOLERANCES.exact,
        `start ${start}`,
      );
    }
  });

  it('reports what the forward sweep saved', () => {
    const compiled = compile(
      fromSource('(x) => { let s = 1; for (let i = 0; i < x.length; i++) s = s * x[i]; return s; }'),
    );
    compiled.gradient(new Float64Array(1000).fill(1.001));
    // The running product is needed by each multiplication's partial: 1000 saved values, plus the loop's entry.
    expect(compiled.stats.bytesSaved).toBeGreaterThanOrEqual(8 * 1000);
    expect(compiled.stats.bytesSaved).toBeLessThan(8 * 1000 + 64);
    expect(compiled.stats.peakBytes).toBeGreaterThanOrEqual(compiled.stats.bytesSaved);
    const linear = compile(
      fromSource('(x) => { let s = 0; for (let i = 0; i < x.length; i++) s = s + 2 * x[i]; return s; }'),
    );
    linear.gradient(new Float64Array(1000).fill(1));
    // Linear operations need no saved values: only the loop's count and counter.
    expect(linear.stats.bytesSaved).toBeLessThan(64);
  });
});

describe('checks of x in the fast adjoint code', () => {
  const rosenbrock = fromSource<(x: number[]) => number>(
    'function f(x) { let s = 0; for (let i = 0; i + 1 < x.length; i++) { const a = x[i + 1] - x[i] * x[i]; s += 100 * a * a + (1 - x[i]) * (1 - x[i]); } return s; }',
  );

  it('where x decides no path, reads are summed and the exact code names the first bad entry', () => {
    const compiled = compile(rosenbrock);
    expect(compiled.source.adjoint()).toContain('$xc += ');
    expect(compiled.source.adjoint()).not.toContain('$badInput');
    expect(compiled.source.adjoint(true)).toContain('$badInput');
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const x = [0.5, 1.2, 0.8, bad, 1.1];
      expect(() => compiled.gradient(x)).toThrow(DomainError);
      expect(() => compiled.gradient(x)).toThrow(/x\[3\]/);
    }
    // The same compiled function still gives the gradient at a good point afterwards.
    expectAllClose(
      compiled.gradient([0.5, 1.2]),
      [2 * (-200 * 0.5 * (1.2 - 0.25) - (1 - 0.5)), 200 * 0.95],
      TOLERANCES.adjointCode,
    );
  });

  it('a non-finite entry whose outputs come out finite (atan of Infinity) is still refused', () => {
    const compiled = compile(fromSource<(x: number[]) => number>('(x) => Math.atan(x[0]) + x[1]'));
    expect(compiled.source.adjoint()).toContain('$xc += ');
    expect(() => compiled.gradient([Number.POSITIVE_INFINITY, 1])).toThrow(/x\[0\]/);
    expect(() => compiled.vjp([1, Number.NaN], [1])).toThrow(/x\[1\]/);
  });

  it('where a value read from x steers a loop, a branch or an index, each read is tested', () => {
    const steering = [
      'function f(x) { let s = 0; while (s < 10) s += x[0]; return s; }',
      'function f(x) { const a = [0]; a[0] = x[0] * 2; return a[0] > 1 ? x[1] : -x[1]; }',
      'function f(x) { const t = primal(x[0]); let s = 0; for (let i = 0; i < t; i++) s += x[1]; return s; }',
    ];
    for (const source of steering) {
      const compiled = compile(source);
      expect(compiled.source.adjoint(), source).toContain('$badInput');
      expect(compiled.source.adjoint(), source).not.toContain('$xc');
      // A NaN that would keep the loop going is refused at its read, not spun on.
      expect(() => compiled.gradient([Number.NaN, 1]), source).toThrow(DomainError);
    }
  });
});
