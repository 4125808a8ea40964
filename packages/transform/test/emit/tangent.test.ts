import { apply, argument, DomainError, FUNCTIONS, RULES, type Rule, type Scalar } from '@dualtape/core';
import { jvp as dualJvp } from '@dualtape/forward';
import { expectClose, ORACLE_STEP, oracleDerivative, seededRandom, uniformIn } from '@dualtape/testing';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { fromSource, ORACLE_TOLERANCE, POINTS_PER_RULE, spelling, TANGENT_TOLERANCE } from '../helpers.js';

// Every rule; those by convention (stopGradient, refereed: false) have no finite-difference derivative, so
// they are checked against the overloading modes only.
const ALL_RULES: readonly Rule[] = Object.values(RULES);

function sampleAt(random: () => number, rule: Rule): number[] {
  if (rule.arity === 1) return [uniformIn(random, rule.sample.min, rule.sample.max)];
  return rule.sample.map((s) => uniformIn(random, s.min, s.max));
}

/** Whether the oracle's widest stencil (4 steps) around x reaches the kink of abs/min/max. */
function nearKink(rule: Rule, x: readonly number[]): boolean {
  const reach = 1.5 * 4 * ORACLE_STEP * Math.max(1, ...x.map(Math.abs));
  if (rule.name === 'abs') return Math.abs(x[0]!) < reach;
  if (rule.name === 'min' || rule.name === 'max') return Math.abs(x[0]! - x[1]!) < 2 * reach;
  return false;
}

describe('every rule of the table through the tangent code', () => {
  for (const rule of ALL_RULES) {
    it(`${rule.name}: matches the oracle and the dual numbers`, () => {
      const f = fromSource<(x: number[]) => number>(`(x) => ${spelling(rule, 'x[0]', 'x[1]')}`);
      const compiled = compile(f);
      const dualF = (x: readonly Scalar[]) =>
        rule.arity === 1
          ? (FUNCTIONS[rule.name] as (a: Scalar) => Scalar)(x[0]!)
          : (FUNCTIONS[rule.name] as (a: Scalar, b: Scalar) => Scalar)(x[0]!, x[1]!);
      const random = seededRandom(rule.code + 101);
      for (let k = 0; k < POINTS_PER_RULE; k++) {
        const x = sampleAt(random, rule);
        if (nearKink(rule, x)) continue;
        for (let i = 0; i < rule.arity; i++) {
          const v = x.map((_, j) => (j === i ? 1 : 0));
          const { value, tangent } = compiled.jvp(x, v);
          const dual = dualJvp(dualF as never, x, v);
          const expected = oracleDerivative((t) => {
            const moved = [...x];
            moved[i] = t;
            return rule.arity === 1 ? rule.value(moved[0]!) : rule.value(moved[0]!, moved[1]!);
          }, x[i]!);
          const where = `${rule.name} ∂/∂x${i} at (${x.join(', ')})`;
          expect(value[0], where).toBe(dual.value[0]);
          expectClose(tangent[0]!, dual.tangent[0]!, TANGENT_TOLERANCE, `${where}, against Dual`);
          if (rule.refereed)
            expectClose(tangent[0]!, expected, ORACLE_TOLERANCE, `${where}, against the oracle`);
        }
      }
    });
  }

  it('keeps the conventions at awkward points, as the dual numbers do', () => {
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
    ];
    for (const [source, x] of cases) {
      const compiled = compile(fromSource(source));
      const lifted = compiled.lift;
      for (let i = 0; i < x.length; i++) {
        const v = x.map((_, j) => (j === i ? 1 : 0));
        const transformed = compiled.jvp(x, v);
        const dual = dualJvp(lifted as never, x, v);
        expect(
          Object.is(transformed.tangent[0], dual.tangent[0]),
          `${source} ∂/∂x${i}: ${transformed.tangent[0]} vs ${dual.tangent[0]}`,
        ).toBe(true);
        expect(Object.is(transformed.value[0], dual.value[0])).toBe(true);
      }
    }
  });

  it('reports NaN where the dual numbers do, even where plain arithmetic would hide it', () => {
    // d[0] is NaN: the value is NaN, so by the table's guard its derivative is NaN too (fast plain
    // arithmetic alone would say 1); the fast code's NaN output sends the call to the exact code.
    const f = fromSource<(x: number[], d: number[]) => number>('(x, d) => x[0] + d[0]');
    const result = compile(f).jvp([1], [1], [Number.NaN]);
    expect(result.value[0]).toBeNaN();
    expect(result.tangent[0]).toBeNaN();
    // Strong zero: an infinite partial times a zero tangent is 0, not NaN (sqrt(x²) at 0, x = 0 seeded 0).
    const g = compile(fromSource('(x) => Math.sqrt(x[0] * x[0]) + x[1]'));
    expect(g.jvp([0, 1], [0, 1]).tangent[0]).toBe(1);
  });

  it('gives the same numbers with k lanes per pass as with one', () => {
    const f = fromSource<(x: number[]) => number[]>(`(x) => {
      const y = new Float64Array(3);
      for (let i = 0; i < x.length; i++) {
        y[i % 3] += Math.sin(x[i]) * x[(i + 1) % x.length];
      }
      return y;
    }`);
    const compiled = compile(f);
    const x = [0.3, -1.2, 2, 0.7, 1.1];
    const one = compiled.jacobian(x, { chunkSize: 1 });
    for (const k of [2, 3, 5]) expect(compiled.jacobian(x, { chunkSize: k })).toEqual(one);
    for (let j = 0; j < x.length; j++) {
      const v = x.map((_, i) => (i === j ? 1 : 0));
      const tangent = compiled.jvp(x, v).tangent;
      for (let i = 0; i < 3; i++) expect(tangent[i]).toBe(one[i]![j]);
    }
  });
});

describe('one rule table', () => {
  it('a changed rule changes the generated code and its derivatives (nothing is written twice)', () => {
    const partials = RULES.sin.partials as unknown as [unknown];
    const original = partials[0];
    try {
      // sin' := 2·cos, in the table itself: generated code must follow.
      partials[0] = apply('mul', 2, apply('cos', argument(0)));
      const changed = compile(fromSource('(x) => Math.sin(x[0])'));
      expect(changed.source.tangent()).toContain('2 * $v_cos(t1)');
      expect(changed.jvp([0.4], [1]).tangent[0]).toBeCloseTo(2 * Math.cos(0.4), 15);
    } finally {
      partials[0] = original;
    }
    const restored = compile(fromSource('(x) => Math.sin(x[0])'));
    expect(restored.jvp([0.4], [1]).tangent[0]).toBe(Math.cos(0.4));
  });
});

describe('checks of x and v in the fast tangent code', () => {
  const rosenbrock = fromSource<(x: number[]) => number>(
    'function f(x) { let s = 0; for (let i = 0; i + 1 < x.length; i++) { const a = x[i + 1] - x[i] * x[i]; s += 100 * a * a + (1 - x[i]) * (1 - x[i]); } return s; }',
  );

  it('where x decides no path, reads are summed; a bad entry of x or v is still named', () => {
    const compiled = compile(rosenbrock);
    expect(compiled.source.tangent()).toContain('$xl += ');
    expect(compiled.source.tangent()).not.toContain('$badInput');
    expect(compiled.source.tangent(1, true)).toContain('$badInput');
    const x = [0.5, 1.2, 0.8, 1.1];
    const v = [1, 0, 0, 0];
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => compiled.jvp([0.5, 1.2, bad, 1.1], v)).toThrow(/x\[2\]/);
      expect(() => compiled.jvp(x, [1, 0, bad, 0])).toThrow(/v\[2\]/);
      expect(() => compiled.jacobian([0.5, bad, 0.8, 1.1])).toThrow(DomainError);
    }
    // Good calls afterwards are unaffected.
    expect(compiled.jvp([0.5, 1.2], [0, 1]).tangent[0]).toBeCloseTo(200 * (1.2 - 0.25), 12);
  });

  it('where a value read from x steers, each read is tested (a NaN never spins a loop)', () => {
    const compiled = compile('function f(x) { let s = 0; while (s < 10) s += x[0]; return s; }');
    expect(compiled.source.tangent()).toContain('$badInput');
    expect(() => compiled.jvp([Number.NaN], [1])).toThrow(DomainError);
  });
});
