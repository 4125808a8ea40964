import { describe, expect, it } from 'vitest';
import { evaluateFormula, formulaReads } from '../src/formula.js';
import { primal, type Scalar } from '../src/real.js';
import {
  type BinaryRule,
  FUNCTIONS,
  nanGuarded,
  plainFormulaSource,
  RULES,
  type Rule,
  type RuleName,
  type UnaryRule,
} from '../src/rules.js';
import { TracedNumber } from './helpers.js';

const ALL_RULES: readonly Rule[] = Object.values(RULES);

/** Points where the conventions live (zeros, signs, infinities, NaN, subnormals) and ordinary ones. */
const SPECIAL = [0, -0, 1, -1, 0.5, -2, 2, 3, 1e-320, 1e300, -1e300, Infinity, -Infinity, Number.NaN];

const RUNTIME = {
  apply: (operation: string, operands: readonly Scalar[]) =>
    (FUNCTIONS[operation as RuleName] as (...values: Scalar[]) => Scalar)(...operands),
  primal,
};

/** The partial as plain JavaScript: `plainFormulaSource` with each rule's value function bound by name. */
function plainPartial(rule: Rule, index: number): (...values: number[]) => number {
  const names = rule.arity === 1 ? ['x'] : ['a', 'b'];
  const source = plainFormulaSource(nanGuarded(rule.partials[index]!), names, 'y', (r) => `V.${r.name}`);
  const values = Object.fromEntries(ALL_RULES.map((r) => [r.name, r.value]));
  return new Function('V', `return (${names.join(', ')}, y) => ${source};`)(values);
}

function pointsOf(rule: Rule): number[][] {
  if (rule.arity === 1) {
    const { min, max } = rule.sample;
    return [...SPECIAL, min, max, (min + max) / 2, min + 0.3 * (max - min)].map((x) => [x]);
  }
  const [sa, sb] = rule.sample;
  const as = [...SPECIAL, sa.min, (sa.min + sa.max) / 2];
  const bs = [...SPECIAL, sb.min, (sb.min + sb.max) / 2];
  return as.flatMap((a) => bs.map((b) => [a, b]));
}

function partialsAt(rule: Rule, args: readonly number[]): number[] {
  if (rule.arity === 1) {
    const y = rule.value(args[0]!);
    return [rule.d(args[0]!, y) as number];
  }
  const y = rule.value(args[0]!, args[1]!);
  return [rule.da(args[0]!, args[1]!, y) as number, rule.db(args[0]!, args[1]!, y) as number];
}

describe('the table as formulas', () => {
  it('every partial is the same number compiled, interpreted, and written as plain code', () => {
    for (const rule of ALL_RULES) {
      const plain = rule.partials.map((_, i) => plainPartial(rule, i));
      for (const args of pointsOf(rule)) {
        const y = rule.arity === 1 ? rule.value(args[0]!) : rule.value(args[0]!, args[1]!);
        const compiled = partialsAt(rule, args);
        rule.partials.forEach((partial, i) => {
          const interpreted = evaluateFormula(nanGuarded(partial), args, y, RUNTIME);
          const written = plain[i]!(...args, y);
          const where = `${rule.name} partial ${i} at (${args.join(', ')})`;
          expect(Object.is(interpreted, compiled[i]), `${where}: interpreted ${interpreted}`).toBe(true);
          expect(Object.is(written, compiled[i]), `${where}: plain code ${written}`).toBe(true);
        });
      }
    }
  });

  it('applies the NaN guard: where the output is NaN every partial is NaN', () => {
    expect(RULES.log.d(-1, Math.log(-1))).toBeNaN();
    expect(RULES.add.da(Number.NaN, 1, Number.NaN)).toBeNaN();
    expect(RULES.sqrt.d(-4, Math.sqrt(-4))).toBeNaN();
  });

  it('keeps both sides of a branching partial in the data (select), not one traced branch', () => {
    const abs = RULES.abs.partials[0];
    expect(abs.kind).toBe('select');
    const source = plainFormulaSource(abs, ['x'], 'y');
    expect(source).toContain('x > 0');
    expect(source).toContain('x < 0');
    expect(source).toContain('x === 0');
    const pow = plainFormulaSource(RULES.pow.partials[1], ['a', 'b'], 'y');
    expect(pow).toContain('a === 0');
    expect(pow).toContain('b >= 0');
  });

  it('writes operators for the rules that are operators, value calls for the others', () => {
    expect(plainFormulaSource(RULES.div.partials[1], ['a', 'b'], 'y')).toBe('(-(y / b))');
    expect(plainFormulaSource(RULES.sin.partials[0], ['x'], 'y')).toBe('cos(x)');
    expect(plainFormulaSource(RULES.atan.partials[0], ['t'], 'y', (r) => `R_${r.name}`)).toBe(
      '(1 / (1 + R_square(t)))',
    );
    for (const rule of ALL_RULES) {
      if (rule.operator === undefined) continue;
      for (const args of pointsOf(rule)) {
        const viaOperator =
          rule.arity === 1
            ? new Function('x', `return ${rule.operator}x;`)(args[0])
            : new Function('a', 'b', `return a ${rule.operator} b;`)(args[0], args[1]);
        const viaValue = rule.arity === 1 ? rule.value(args[0]!) : rule.value(args[0]!, args[1]!);
        expect(Object.is(viaOperator, viaValue), `${rule.name} at ${args.join(', ')}`).toBe(true);
      }
    }
  });

  it('says which values each partial reads, so a code generator knows what to keep', () => {
    const reads = (rule: UnaryRule | BinaryRule, i: number) => {
      const r = formulaReads(rule.partials[i]!);
      return { args: [...r.arguments].sort(), result: r.result };
    };
    expect(reads(RULES.add, 0)).toEqual({ args: [], result: false });
    expect(reads(RULES.mul, 0)).toEqual({ args: [1], result: false });
    expect(reads(RULES.exp, 0)).toEqual({ args: [], result: true });
    expect(reads(RULES.sin, 0)).toEqual({ args: [0], result: false });
    expect(reads(RULES.hypot, 1)).toEqual({ args: [1], result: true });
  });

  it('compiles partials that stay generic: on a Real they dispatch through the free functions', () => {
    const log: { name: string }[] = [];
    const x = new TracedNumber(0.3, log as never);
    const partial = RULES.tanh.d(x, RULES.tanh.value(0.3));
    expect(primal(partial)).toBeCloseTo(1 / Math.cosh(0.3) ** 2, 15);
    expect(log.map((op) => op.name)).toEqual(['cosh', 'square', 'div']);
  });
});
