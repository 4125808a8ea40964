import { RULES, UsageError } from '@dualtape/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatProgram,
  POINT_RANGE,
  type ProgramCase,
  programArbitrary,
  programCaseArbitrary,
  programStats,
  traceProgram,
} from '../src/index.js';
import { SEED } from './helpers.js';

/**
 * Seeds of the shrinking tests. They are fixed, unlike the suite's: what is tested is the shrinker's
 * result, which (being a local search) depends on the seed; 30 seeds were surveyed for the bounds below.
 */
const SHRINK_SEEDS = [1, 2, 3, 4, 5];

/** Runs a property that is meant to fail and returns its shrunk counterexample. */
function shrunk(seed: number, predicate: (c: ProgramCase) => boolean, options = {}): ProgramCase {
  const details = fc.check(fc.property(programCaseArbitrary(options), predicate), { seed, numRuns: 2000 });
  expect(details.failed, 'the property was meant to fail').toBe(true);
  return details.counterexample![0];
}

describe('programCaseArbitrary', () => {
  it('draws one coordinate per input, within ±POINT_RANGE, and prints as the program at its point', () => {
    for (const c of fc.sample(programCaseArbitrary({ extraPoints: 2 }), { numRuns: 200, seed: SEED })) {
      expect(c.point.length).toBe(c.program.inputCount);
      expect(c.otherPoints.map((p) => p.length)).toEqual([c.program.inputCount, c.program.inputCount]);
      for (const v of c.point) expect(Math.abs(v)).toBeLessThanOrEqual(POINT_RANGE);
      expect(fc.stringify(c)).toContain(formatProgram(c.program, c.point));
    }
  });

  it('refuses impossible options', () => {
    expect(() => programArbitrary({ minInputs: 0 })).toThrow(
      /inputs must be integers with 1 <= min <= max, got 0..20/,
    );
    expect(() => programArbitrary({ minOutputs: 3, maxOutputs: 2 })).toThrow(UsageError);
    expect(() => programArbitrary({ operations: [] })).toThrow(/operations must not be empty/);
  });

  it('prints programs through formatProgram in fast-check reports', () => {
    const [program] = fc.sample(programArbitrary(), { numRuns: 1, seed: SEED });
    expect(fc.stringify(program)).toBe(formatProgram(program!));
  });
});

describe('shrinking', () => {
  it('reduces a failure caused by one operation to that operation alone', () => {
    const uses = (c: ProgramCase, name: string) =>
      c.program.live.some((id) => {
        const node = c.program.nodes[id]!;
        return node.kind === 'operation' && node.rule.name === name;
      });
    // tan's sample interval is symmetric, so its guard is halfWidth · tanh(x0).
    const halfWidth = RULES.tan.sample.max;
    for (const seed of SHRINK_SEEDS) {
      const counterexample = shrunk(seed, (c) => !uses(c, 'tan'));
      expect(programStats(counterexample.program)).toMatchObject({ inputs: 1, outputs: 1, operations: 1 });
      expect(formatProgram(counterexample.program, counterexample.point)).toBe(
        [
          'program: 1 input, 1 output, 1 operation, depth 1',
          `  y0 = tan(${halfWidth} * tanh(x0))`,
          '  at x = [0]',
        ].join('\n'),
      );
    }
  });

  it('reduces a failure that needs a composition to a short chain', () => {
    // Fails when some output exceeds 25 in magnitude: needs growth (pow, exp, sinh, division) and more.
    // Over 30 seeds the shrunk programs had 1 to 6 operations (median 2).
    const sizes = SHRINK_SEEDS.map((seed) => {
      const counterexample = shrunk(seed, (c) =>
        traceProgram(c.program, c.point).outputs.every((y) => Math.abs(y) <= 25),
      );
      expect(programStats(counterexample.program).outputs).toBe(1);
      return programStats(counterexample.program).operations;
    });
    expect(Math.max(...sizes)).toBeLessThanOrEqual(6);
  });

  it('keeps branches when the failure needs one', () => {
    for (const seed of SHRINK_SEEDS) {
      const counterexample = shrunk(seed, (c) => programStats(c.program).branches === 0, { branches: true });
      expect(programStats(counterexample.program)).toMatchObject({ operations: 1, branches: 1 });
      expect(formatProgram(counterexample.program)).toContain('y0 = x0 < x0 ? x0 : x0');
    }
  });
});
