import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  apply,
  argument,
  checkFormula,
  compileFormula,
  conditions,
  evaluateFormula,
  formulaReads,
  formulaSource,
  numberLiteral,
  operationsApplied,
  RESULT,
  select,
} from '../src/formula.js';
import { PROPERTY_RUNS } from './helpers.js';

const { lt, eq, isNaN: nan, and, or } = conditions;

/** A toy runtime over plain numbers: `twice` and `minus` are the only operations. */
const TOY = {
  apply: (operation: string, operands: readonly number[]) =>
    operation === 'twice' ? 2 * operands[0]! : operands[0]! - operands[1]!,
  primal: (value: number) => value,
  functions: { twice: (v: number) => 2 * v, minus: (a: number, b: number) => a - b },
};
const arityOf = (operation: string) => ({ twice: 1, minus: 2 })[operation];

describe('formulas', () => {
  const x = argument(0);
  const b = argument(1);
  // x < b ? twice(x) : minus(b, y), with NaN for a NaN x.
  const sample = select(nan(x), Number.NaN, select(lt(x, b), apply('twice', x), apply('minus', b, RESULT)));

  it('evaluate, compile and interpret to the same numbers, both sides of every select', () => {
    const generated = compileFormula(sample, 2, 'sample', TOY);
    const interpreted = compileFormula(sample, 2, 'sample', TOY, false);
    fc.assert(
      fc.property(fc.double(), fc.double(), fc.double(), (a, bb, y) => {
        const expected = Number.isNaN(a) ? Number.NaN : a < bb ? 2 * a : bb - y;
        expect(Object.is(evaluateFormula(sample, [a, bb], y, TOY), expected)).toBe(true);
        expect(Object.is(generated(a, bb, y), expected)).toBe(true);
        expect(Object.is(interpreted(a, bb, y), expected)).toBe(true);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('write as fully parenthesized JavaScript in the caller’s spelling', () => {
    const source = formulaSource(sample, {
      argument: (i) => ['p', 'q'][i]!,
      result: () => 'r',
      apply: (operation, operands) => `${operation}(${operands.join(', ')})`,
      primal: (code) => `P(${code})`,
    });
    expect(source).toBe('(Number.isNaN(P(p)) ? (0/0) : ((P(p) < P(q)) ? twice(p) : minus(q, r)))');
    const constants = formulaSource(select(and(eq(x, 0), or(lt(x, -1), nan(RESULT))), -0, 2), {
      argument: () => 'v',
      result: () => 'w',
      apply: () => '',
      primal: (code) => `P(${code})`,
    });
    // A constant is its own primal: no P(...) around literals.
    expect(constants).toBe('(((P(v) === 0) && ((P(v) < (-1)) || Number.isNaN(P(w)))) ? (-0) : 2)');
  });

  it('list what they read and apply', () => {
    const reads = formulaReads(sample);
    expect([...reads.arguments].sort()).toEqual([0, 1]);
    expect(reads.result).toBe(true);
    expect(formulaReads(apply('twice', 3)).arguments.size).toBe(0);
    expect(operationsApplied(sample).sort()).toEqual(['minus', 'twice']);
  });

  it('are checked against the table: unknown operations, operand counts, arguments out of range', () => {
    expect(() => checkFormula(sample, 'toy', 2, arityOf)).not.toThrow();
    expect(() => checkFormula(apply('thrice', x), 'toy', 1, arityOf)).toThrow(
      "rule table: the partial of 'toy' applies 'thrice', which is not in the table",
    );
    expect(() => checkFormula(apply('minus', x), 'toy', 1, arityOf)).toThrow(
      "applies 'minus' to 1 operands (it takes 2)",
    );
    expect(() => checkFormula(apply('twice', b), 'toy', 1, arityOf)).toThrow(
      "reads argument 1, but 'toy' takes 1",
    );
  });

  it('spell every number as a literal that evaluates to exactly it', () => {
    fc.assert(
      fc.property(fc.double(), (value) => {
        const back = new Function(`return 1 - ${numberLiteral(value)};`)();
        expect(Object.is(back, 1 - value)).toBe(true);
        expect(Object.is(new Function(`return ${numberLiteral(value)};`)(), value)).toBe(true);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});
