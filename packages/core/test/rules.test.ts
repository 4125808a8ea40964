import { expectClose, ORACLE_STEP, oracleDerivative, seededRandom, uniformIn } from '@dualtape/testing';
import { describe, expect, it } from 'vitest';
import { primal } from '../src/real.js';
import {
  add,
  type BinaryRule,
  comparePrimals,
  div,
  eq,
  FUNCTIONS,
  ge,
  gt,
  le,
  lt,
  mul,
  ne,
  RULES,
  RULES_BY_CODE,
  type Rule,
  ruleNamed,
  sin,
  stopGradient,
  sub,
  type UnaryRule,
} from '../src/rules.js';
import { EXACT_TOLERANCE, ORACLE_TOLERANCE, POINTS_PER_RULE, TracedNumber } from './helpers.js';

const ALL_RULES: readonly Rule[] = Object.values(RULES);
const UNARY_RULES = ALL_RULES.filter((rule): rule is UnaryRule => rule.arity === 1);
const BINARY_RULES = ALL_RULES.filter((rule): rule is BinaryRule => rule.arity === 2);

/** A fixed generator per rule, so each rule's points do not depend on which other rules exist. */
function randomFor(name: string): () => number {
  let seed = 17;
  for (const c of name) seed = Math.imul(seed, 31) + c.charCodeAt(0);
  return seededRandom(seed);
}

describe('the rule table', () => {
  it('names every rule by its key, with unique codes indexing RULES_BY_CODE', () => {
    for (const [key, rule] of Object.entries(RULES)) expect(rule.name).toBe(key);
    expect(RULES_BY_CODE).toHaveLength(ALL_RULES.length);
    RULES_BY_CODE.forEach((rule, code) => {
      expect(rule.code).toBe(code);
    });
  });

  it('finds rules by name and nothing else', () => {
    expect(ruleNamed('sin')).toBe(RULES.sin);
    expect(ruleNamed('atan2')).toBe(RULES.atan2);
    expect(ruleNamed('toString')).toBeUndefined();
    expect(ruleNamed('constructor')).toBeUndefined();
    expect(ruleNamed('sine')).toBeUndefined();
  });

  it('has one free function per rule', () => {
    expect(Object.keys(FUNCTIONS).sort()).toEqual(Object.keys(RULES).sort());
  });

  it('declares sample intervals with min < max', () => {
    for (const rule of ALL_RULES) {
      const intervals = rule.arity === 1 ? [rule.sample] : rule.sample;
      for (const { min, max } of intervals) expect(min, rule.name).toBeLessThan(max);
    }
  });
});

/**
 * Distance from (a, b) to the nearest kink of the non-smooth rules, where a difference stencil stops
 * measuring the derivative. Smooth rules have none.
 */
const KINK_DISTANCE: Partial<Record<string, (a: number, b: number) => number>> = {
  abs: (x) => Math.abs(x),
  min: (a, b) => Math.abs(a - b),
  max: (a, b) => Math.abs(a - b),
};

/** True when the oracle's widest stencil around `t` (4 steps) stays clear of the rule's kink. */
function stencilIsSmooth(name: string, t: number, a: number, b = 0): boolean {
  const distance = KINK_DISTANCE[name];
  const reach = 4 * ORACLE_STEP * Math.max(1, Math.abs(t));
  return distance === undefined || distance(a, b) > 1.5 * reach;
}

/** A point of the interval, redrawn while the stencil around it would straddle a kink. */
function smoothPoint(random: () => number, min: number, max: number, accept: (t: number) => boolean): number {
  for (;;) {
    const t = uniformIn(random, min, max);
    if (accept(t)) return t;
  }
}

describe('every unary rule against the 9-point oracle', () => {
  // Rules by convention (stopGradient) have a defined derivative the oracle cannot see; tested below.
  for (const rule of UNARY_RULES.filter((candidate) => candidate.refereed)) {
    it(`${rule.name}: d matches the oracle at ${POINTS_PER_RULE} sampled points`, () => {
      const random = randomFor(rule.name);
      for (let i = 0; i < POINTS_PER_RULE; i++) {
        const x = smoothPoint(random, rule.sample.min, rule.sample.max, (t) =>
          stencilIsSmooth(rule.name, t, t),
        );
        const partial = rule.d(x, rule.value(x));
        expect(typeof partial).toBe('number');
        expectClose(
          partial as number,
          oracleDerivative(rule.value, x),
          ORACLE_TOLERANCE,
          `${rule.name}'(${x})`,
        );
      }
    });
  }
});

describe('every binary rule against the 9-point oracle', () => {
  for (const rule of BINARY_RULES.filter((candidate) => candidate.refereed)) {
    it(`${rule.name}: da and db match the oracle at ${POINTS_PER_RULE} sampled points`, () => {
      const random = randomFor(rule.name);
      const [sampleA, sampleB] = rule.sample;
      for (let i = 0; i < POINTS_PER_RULE; i++) {
        const a = uniformIn(random, sampleA.min, sampleA.max);
        const b = smoothPoint(
          random,
          sampleB.min,
          sampleB.max,
          (t) => stencilIsSmooth(rule.name, a, a, t) && stencilIsSmooth(rule.name, t, a, t),
        );
        const y = rule.value(a, b);
        const expectedA = oracleDerivative((t) => rule.value(t, b), a);
        const expectedB = oracleDerivative((t) => rule.value(a, t), b);
        expectClose(rule.da(a, b, y) as number, expectedA, ORACLE_TOLERANCE, `d${rule.name}/da(${a}, ${b})`);
        expectClose(rule.db(a, b, y) as number, expectedB, ORACLE_TOLERANCE, `d${rule.name}/db(${a}, ${b})`);
      }
    });
  }
});

describe('rules by convention', () => {
  it('are exactly the rows marked refereed: false, today stopGradient alone', () => {
    expect(ALL_RULES.filter((rule) => !rule.refereed).map((rule) => rule.name)).toEqual(['stopGradient']);
  });
  it('stopGradient is the identity with partial 0 (NaN where its value is NaN, as every rule)', () => {
    const rule = RULES.stopGradient;
    for (const x of [0, -0, 1.5, -3, 1e300, Number.POSITIVE_INFINITY]) {
      expect(Object.is(rule.value(x), x), `value at ${x}`).toBe(true);
      expect(rule.d(x, x), `partial at ${x}`).toBe(0);
    }
    expect(rule.d(Number.NaN, Number.NaN)).toBeNaN();
    expect(stopGradient(2.5)).toBe(2.5);
    // On a Real it dispatches through the table like every rule, and its partial stays the constant 0.
    const traced = new TracedNumber(0.7);
    expect(primal(stopGradient(traced))).toBe(0.7);
    expect(rule.d(traced, traced)).toBe(0);
  });
});

describe('partials are generic (what nested differentiation relies on)', () => {
  it('every partial evaluated on Real numbers has the same primal as on plain numbers', () => {
    for (const rule of UNARY_RULES) {
      const random = randomFor(`${rule.name} generic`);
      for (let i = 0; i < 10; i++) {
        const x = uniformIn(random, rule.sample.min, rule.sample.max);
        const y = rule.value(x);
        const onReals = rule.d(new TracedNumber(x), new TracedNumber(y));
        expect(primal(onReals), `${rule.name}' at ${x}`).toBe(rule.d(x, y));
      }
    }
    for (const rule of BINARY_RULES) {
      const random = randomFor(`${rule.name} generic`);
      for (let i = 0; i < 10; i++) {
        const a = uniformIn(random, rule.sample[0].min, rule.sample[0].max);
        const b = uniformIn(random, rule.sample[1].min, rule.sample[1].max);
        const y = rule.value(a, b);
        const [ta, tb, ty] = [new TracedNumber(a), new TracedNumber(b), new TracedNumber(y)];
        expect(primal(rule.da(ta, tb, ty)), `d${rule.name}/da`).toBe(rule.da(a, b, y));
        expect(primal(rule.db(ta, tb, ty)), `d${rule.name}/db`).toBe(rule.db(a, b, y));
      }
    }
  });
});

describe('conventions at awkward points (hand-computed)', () => {
  it("abs'(0) = 0, and ±1 away from 0", () => {
    expect(RULES.abs.d(0, 0)).toBe(0);
    expect(RULES.abs.d(-0, 0)).toBe(0);
    expect(RULES.abs.d(2.5, 2.5)).toBe(1);
    expect(RULES.abs.d(-2.5, 2.5)).toBe(-1);
  });

  it('d/da pow: 0 at (0, 0); 12 at (-2, 3); 1 at (0, 1)', () => {
    expect(RULES.pow.da(0, 0, 1)).toBe(0);
    expect(RULES.pow.da(-2, 3, -8)).toBe(12);
    expect(RULES.pow.da(0, 1, 0)).toBe(1);
  });

  it('d/db pow: 0 at (0, 2); 8 ln 2 at (2, 3); NaN at (-2, 3)', () => {
    expect(RULES.pow.db(0, 2, 0)).toBe(0);
    expect(RULES.pow.db(0, 0, 1)).toBe(0);
    expectClose(RULES.pow.db(2, 3, 8) as number, 8 * Math.LN2, EXACT_TOLERANCE, 'd/db 2^3');
    expect(RULES.pow.db(-2, 3, -8)).toBeNaN();
  });

  it('min and max take the first branch on ties', () => {
    for (const rule of [RULES.min, RULES.max]) {
      expect(rule.da(1.5, 1.5, 1.5), rule.name).toBe(1);
      expect(rule.db(1.5, 1.5, 1.5), rule.name).toBe(0);
    }
    expect(RULES.min.da(1, 2, 1)).toBe(1);
    expect(RULES.min.db(1, 2, 1)).toBe(0);
    expect(RULES.min.da(3, 2, 2)).toBe(0);
    expect(RULES.min.db(3, 2, 2)).toBe(1);
    expect(RULES.max.da(1, 2, 2)).toBe(0);
    expect(RULES.max.db(1, 2, 2)).toBe(1);
  });

  it('hypot partials are 0 at the origin', () => {
    expect(RULES.hypot.da(0, 0, 0)).toBe(0);
    expect(RULES.hypot.db(0, 0, 0)).toBe(0);
  });

  it('outside the domain value and every partial are NaN, and nothing throws', () => {
    const unaryOutside: [UnaryRule, number][] = [
      [RULES.log, -1],
      [RULES.sqrt, -1],
      [RULES.asin, 2],
      [RULES.acos, -2],
      [RULES.acosh, 0.5],
      [RULES.atanh, 2],
      [RULES.log1p, -2],
      [RULES.log2, -1],
      [RULES.log10, -1],
    ];
    for (const [rule, x] of unaryOutside) {
      const y = rule.value(x);
      expect(y, `${rule.name}(${x})`).toBeNaN();
      expect(rule.d(x, y), `${rule.name}'(${x})`).toBeNaN();
    }
    const y = RULES.pow.value(-2, 0.5);
    expect(y).toBeNaN();
    expect(RULES.pow.da(-2, 0.5, y)).toBeNaN();
    expect(RULES.pow.db(-2, 0.5, y)).toBeNaN();
  });

  it('NaN inputs give NaN partials, including the comparison-based ones', () => {
    expect(RULES.abs.d(Number.NaN, Number.NaN)).toBeNaN();
    expect(RULES.min.da(Number.NaN, 1, Number.NaN)).toBeNaN();
    expect(RULES.max.db(1, Number.NaN, Number.NaN)).toBeNaN();
  });
});

describe('free functions on plain numbers', () => {
  it('give exactly what Math gives', () => {
    const x = 0.7;
    const pairs: [number, number][] = [
      [FUNCTIONS.sin(x), Math.sin(x)],
      [FUNCTIONS.cos(x), Math.cos(x)],
      [FUNCTIONS.tan(x), Math.tan(x)],
      [FUNCTIONS.exp(x), Math.exp(x)],
      [FUNCTIONS.expm1(x), Math.expm1(x)],
      [FUNCTIONS.log(x), Math.log(x)],
      [FUNCTIONS.log1p(x), Math.log1p(x)],
      [FUNCTIONS.log2(x), Math.log2(x)],
      [FUNCTIONS.log10(x), Math.log10(x)],
      [FUNCTIONS.sqrt(x), Math.sqrt(x)],
      [FUNCTIONS.cbrt(x), Math.cbrt(x)],
      [FUNCTIONS.asin(x), Math.asin(x)],
      [FUNCTIONS.acos(x), Math.acos(x)],
      [FUNCTIONS.atan(x), Math.atan(x)],
      [FUNCTIONS.sinh(x), Math.sinh(x)],
      [FUNCTIONS.cosh(x), Math.cosh(x)],
      [FUNCTIONS.tanh(x), Math.tanh(x)],
      [FUNCTIONS.asinh(x), Math.asinh(x)],
      [FUNCTIONS.acosh(1 + x), Math.acosh(1 + x)],
      [FUNCTIONS.atanh(x), Math.atanh(x)],
      [FUNCTIONS.abs(-x), x],
      [FUNCTIONS.neg(x), -x],
      [FUNCTIONS.square(x), x * x],
      [FUNCTIONS.add(x, 2), x + 2],
      [FUNCTIONS.sub(x, 2), x - 2],
      [FUNCTIONS.mul(x, 3), x * 3],
      [FUNCTIONS.div(x, 3), x / 3],
      [FUNCTIONS.pow(x, 2.5), x ** 2.5],
      [FUNCTIONS.atan2(x, -2), Math.atan2(x, -2)],
      [FUNCTIONS.hypot(x, 2), Math.hypot(x, 2)],
      [FUNCTIONS.min(x, 2), x],
      [FUNCTIONS.max(x, 2), 2],
    ];
    pairs.forEach(([actual, expected], i) => {
      expect(actual, `pair ${i}`).toBe(expected);
    });
  });

  it("give each rule's value at its sample points", () => {
    for (const rule of ALL_RULES) {
      const random = randomFor(`${rule.name} value`);
      for (let i = 0; i < 10; i++) {
        if (rule.arity === 1) {
          const x = uniformIn(random, rule.sample.min, rule.sample.max);
          expect(FUNCTIONS[rule.name](x)).toBe(rule.value(x));
        } else {
          const a = uniformIn(random, rule.sample[0].min, rule.sample[0].max);
          const b = uniformIn(random, rule.sample[1].min, rule.sample[1].max);
          expect(FUNCTIONS[rule.name](a, b)).toBe(rule.value(a, b));
        }
      }
    }
  });

  it('return NaN outside the domain instead of throwing', () => {
    expect(FUNCTIONS.log(-1)).toBeNaN();
    expect(FUNCTIONS.sqrt(-4)).toBeNaN();
    expect(FUNCTIONS.pow(-8, 1 / 3)).toBeNaN();
  });
});

describe('free functions on Real numbers', () => {
  it('hand the rule to apply1', () => {
    const x = new TracedNumber(0.5);
    const y = sin(x);
    expect(y).toBeInstanceOf(TracedNumber);
    expect(y.primal).toBe(Math.sin(0.5));
    expect(x.log).toEqual([{ name: 'sin', args: [0.5] }]);
  });

  it('keep the argument order when a plain number stands first (thisIsSecond)', () => {
    const x = new TracedNumber(4);
    expect(sub(10, x).primal).toBe(6);
    expect(sub(x, 10).primal).toBe(-6);
    expect(div(2, x).primal).toBe(0.5);
    expect(FUNCTIONS.pow(2, x).primal).toBe(16);
    expect(FUNCTIONS.atan2(1, x).primal).toBe(Math.atan2(1, 4));
    expect(x.log.map((op) => [op.name, ...op.args])).toEqual([
      ['sub', 10, 4],
      ['sub', 4, 10],
      ['div', 2, 4],
      ['pow', 2, 4],
      ['atan2', 1, 4],
    ]);
  });

  it('combine two Real numbers', () => {
    const log: TracedNumber['log'] = [];
    const a = new TracedNumber(3, log);
    const b = new TracedNumber(5, log);
    expect(mul(add(a, b), b).primal).toBe(40);
    expect(log.map((op) => op.name)).toEqual(['add', 'mul']);
  });
});

describe('comparisons', () => {
  it('compare plain numbers', () => {
    expect([lt(1, 2), le(2, 2), gt(1, 2), ge(2, 2), eq(2, 2), ne(2, 2)]).toEqual([
      true,
      true,
      false,
      true,
      true,
      false,
    ]);
    expect([lt(2, 1), le(3, 2), gt(3, 2), ge(1, 2), eq(1, 2), ne(1, 2)]).toEqual([
      false,
      false,
      true,
      false,
      false,
      true,
    ]);
  });

  it('are false for NaN except ne', () => {
    const nan = Number.NaN;
    for (const comparison of ['lt', 'le', 'gt', 'ge', 'eq'] as const) {
      expect(comparePrimals(comparison, nan, 1), comparison).toBe(false);
      expect(comparePrimals(comparison, nan, nan), comparison).toBe(false);
    }
    expect(comparePrimals('ne', nan, nan)).toBe(true);
  });

  it('ask the Real side, telling it when it is the second operand', () => {
    const x = new TracedNumber(3);
    expect(lt(x, 4)).toBe(true);
    expect(lt(4, x)).toBe(false);
    expect(ge(4, x)).toBe(true);
    expect(eq(x, 3)).toBe(true);
    expect(x.log).toEqual([
      { name: 'lt', args: [3, 4] },
      { name: 'lt', args: [4, 3] },
      { name: 'ge', args: [4, 3] },
      { name: 'eq', args: [3, 3] },
    ]);
  });
});
