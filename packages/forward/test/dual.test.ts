import {
  add,
  type BinaryRule,
  eq,
  FUNCTIONS,
  ge,
  gt,
  le,
  lt,
  mul,
  ne,
  pow,
  RULES,
  type Scalar,
  sqrt,
  stopGradient,
  type UnaryRule,
} from '@dualtape/core';
import { Dual, derivative, gradient, jvp } from '@dualtape/forward';
import { describe, expect, it } from 'vitest';
import {
  expectClose,
  oracleDerivative,
  oracleGradient,
  SEED,
  seededRandom,
  TOLERANCES,
  uniformIn,
} from './helpers.js';

const POINTS_PER_RULE = 12;
// Against the oracle: the rules whose derivative is their value's (stopGradient's is 0 by definition).
const unaryRules = Object.values(RULES).filter(
  (rule): rule is UnaryRule => rule.arity === 1 && rule.refereed,
);
const binaryRules = Object.values(RULES).filter(
  (rule): rule is BinaryRule => rule.arity === 2 && rule.refereed,
);
// The oracle's stencil reaches 4·ORACLE_STEP·max(1, |x|) either side; points closer than that to a kink
// (abs at 0, min/max at a tie) would difference across it, so they are resampled.
const STENCIL_REACH = 0.05;
const nearKink1 = (rule: UnaryRule, x: number) => rule.name === 'abs' && Math.abs(x) < STENCIL_REACH;
const nearKink2 = (rule: BinaryRule, a: number, b: number) =>
  (rule.name === 'min' || rule.name === 'max') &&
  Math.abs(a - b) < 2 * STENCIL_REACH * Math.max(1, Math.abs(a), Math.abs(b));
const call1 = (rule: UnaryRule) => FUNCTIONS[rule.name] as <T extends Scalar>(x: T) => T;
const call2 = (rule: BinaryRule) =>
  FUNCTIONS[rule.name] as <T extends Scalar>(a: T | number, b: T | number) => T;

describe('Dual reads every rule of the table', () => {
  for (const rule of unaryRules) {
    it(`${rule.name}: value is the rule's, derivative matches the oracle`, () => {
      const random = seededRandom(SEED + rule.code);
      const f = call1(rule);
      for (let p = 0; p < POINTS_PER_RULE; p++) {
        const x = uniformIn(random, rule.sample.min, rule.sample.max);
        if (nearKink1(rule, x)) continue;
        const { value, tangent } = jvp((xs) => [f(xs[0]!)], [x], [1]);
        expect(value[0]).toBe(rule.value(x));
        expectClose(tangent[0]!, oracleDerivative(rule.value, x), TOLERANCES.oracle, `${rule.name}'(${x})`);
      }
    });

    it(`${rule.name}: second derivative (nested duals) matches the oracle of the first`, () => {
      const random = seededRandom(SEED + 100 + rule.code);
      const f = call1(rule);
      const first = (t: number) => derivative(f, t);
      for (let p = 0; p < 4; p++) {
        const x = uniformIn(random, rule.sample.min, rule.sample.max);
        if (nearKink1(rule, x)) continue;
        const second = derivative((t) => derivative(f, t), x);
        expectClose(second, oracleDerivative(first, x), TOLERANCES.oracle, `${rule.name}''(${x})`);
      }
    });
  }

  for (const rule of binaryRules) {
    it(`${rule.name}: both partials, and each with the other operand constant, match the oracle`, () => {
      const random = seededRandom(SEED + rule.code);
      const f = call2(rule);
      for (let p = 0; p < POINTS_PER_RULE; p++) {
        const a = uniformIn(random, rule.sample[0].min, rule.sample[0].max);
        const b = uniformIn(random, rule.sample[1].min, rule.sample[1].max);
        if (nearKink2(rule, a, b)) continue;
        const expected = oracleGradient(([u, v]) => rule.value(u!, v!), [a, b]);
        const both = gradient((xs) => f(xs[0]!, xs[1]!), [a, b], { chunkSize: 1 });
        expectClose(both[0]!, expected[0]!, TOLERANCES.oracle, `∂${rule.name}/∂a at (${a}, ${b})`);
        expectClose(both[1]!, expected[1]!, TOLERANCES.oracle, `∂${rule.name}/∂b at (${a}, ${b})`);
        expectClose(
          derivative((x) => f(x, b), a),
          expected[0]!,
          TOLERANCES.oracle,
          `${rule.name}(x, const)`,
        );
        expectClose(
          derivative((x) => f(a, x), b),
          expected[1]!,
          TOLERANCES.oracle,
          `${rule.name}(const, x)`,
        );
        expect(jvp((xs) => [f(xs[0]!, xs[1]!)], [a, b], [1, 1]).value[0]).toBe(rule.value(a, b));
      }
    });
  }
});

describe('Dual conventions', () => {
  it('a zero tangent contributes exactly 0 even where the partial is NaN (strong zero)', () => {
    // d/dx pow(x, y) at x = -2, y = 3 is 3·(-2)² = 12; ∂/∂y is NaN (log of a negative number), but
    // y's tangent is 0 here, so it must not leak into the result.
    const dx = derivative((x) => pow(x, add(3, mul(0, x))), -2);
    expect(dx).toBe(12);
  });

  it('an infinite partial times a non-zero tangent is reported, not hidden', () => {
    expect(derivative((x) => sqrt(x), 0)).toBe(Number.POSITIVE_INFINITY);
  });

  it('compares on primal values, with the dual on either side', () => {
    let seen: boolean[] = [];
    derivative((x) => {
      seen = [lt(x, 3), le(x, 2), gt(3, x), ge(x, 2), eq(x, 2), ne(2, x), lt(x, mul(x, 2))];
      return x;
    }, 2);
    expect(seen).toEqual([true, true, true, true, true, false, true]);
  });

  it('exposes value, tangent and primal', () => {
    let seen: Dual | undefined;
    derivative((x) => {
      seen = mul(x, 3) as unknown as Dual;
      expect(seen).toBeInstanceOf(Dual);
      expect(seen.value).toBe(6);
      expect(seen.tangent).toBe(3);
      expect(seen.primal).toBe(6);
      return x;
    }, 2);
    expect(seen).toBeDefined();
  });
});

describe('Dual and stopGradient (a rule by convention: partial 0)', () => {
  it('drops the tangent and keeps the value, in one-tangent and chunked passes', () => {
    expect(derivative((x) => mul(x, stopGradient(x)), 3)).toBe(3);
    expect(jvp(([x]) => [stopGradient(mul(x!, x!))], [2], [1])).toEqual({
      value: Float64Array.of(4),
      tangent: Float64Array.of(0),
    });
    expect(Array.from(gradient(([x, y]) => mul(stopGradient(x!), y!), [2, 3]))).toEqual([0, 2]);
    expect(Array.from(gradient(([x, y]) => mul(stopGradient(x!), y!), [2, 3], { chunkSize: 1 }))).toEqual([
      0, 2,
    ]);
  });
  it('nests: a stopped value is a constant for every derivative around it', () => {
    // d/dx [x · d/dy (sg(x) · y)] = d/dx [x · sg(x)] = sg(x) = 2.
    expect(
      derivative(
        (x) =>
          mul(
            x,
            derivative((y) => mul(stopGradient(x), y), 1),
          ),
        2,
      ),
    ).toBe(2);
    // d/dy [sg(x·y) · y] = sg(x·y): constant in x too.
    expect(derivative((x) => derivative((y) => mul(stopGradient(mul(x, y)), y), 1), 2)).toBe(0);
  });
});
