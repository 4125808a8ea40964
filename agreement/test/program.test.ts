import { RULES, UsageError } from '@dualtape/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALL_OPERATION_NAMES,
  argumentsOf,
  buildProgram,
  evaluateProgram,
  OPERATION_NAMES,
  type ProgramDescription,
  programArbitrary,
  programCaseArbitrary,
  programStats,
  traceProgram,
} from '../src/index.js';
import { RUNS, SEED } from './helpers.js';

const operation = (
  name: (typeof OPERATION_NAMES)[number],
  refs: [number, number],
  constant: { value: number; position: 0 | 1 } | null = null,
) => ({ kind: 'operation' as const, operation: name, refs, constant });

describe('buildProgram', () => {
  it('resolves back-references counted from the newest node', () => {
    // x0, x1, then sin(x0) (reference 1: one node before the newest), then the product of the last two.
    const description: ProgramDescription = {
      inputCount: 2,
      steps: [operation('sin', [1, 0]), operation('mul', [0, 1])],
      outputs: [0],
    };
    const program = buildProgram(description);
    expect(program.nodes[2]).toMatchObject({ kind: 'operation', args: [{ node: 0, guard: null }] });
    expect(program.nodes[3]).toMatchObject({ args: [{ node: 2 }, { node: 1 }] });
    expect(program.outputs).toEqual([3]);
    expect(evaluateProgram(program, [0.5, 3])).toEqual([Math.sin(0.5) * 3]);
  });

  it('takes references modulo the number of nodes that exist', () => {
    const program = buildProgram({ inputCount: 1, steps: [operation('neg', [7, 7])], outputs: [5] });
    expect(program.nodes[1]).toMatchObject({ args: [{ node: 0 }] });
    expect(program.outputs).toEqual([0]);
  });

  it('puts a constant operand in the position the step asks for', () => {
    const minus = buildProgram({
      inputCount: 1,
      steps: [operation('sub', [0, 0], { value: 2, position: 0 })],
      outputs: [0],
    });
    expect(evaluateProgram(minus, [0.5])).toEqual([1.5]);
    const power = buildProgram({
      inputCount: 1,
      steps: [operation('pow', [0, 0], { value: 2, position: 1 })],
      outputs: [0],
    });
    // The base of pow needs a guard (its sample interval is positive); the exponent 2 does not.
    const base = RULES.pow.sample[0];
    expect(power.nodes[2]).toMatchObject({
      args: [{ guard: { center: (base.min + base.max) / 2 } }, { node: 1, guard: null }],
    });
  });

  it('guards an argument unless its range lies in the sample interval', () => {
    const program = buildProgram({
      inputCount: 1,
      steps: [
        operation('sin', [0, 0]),
        operation('exp', [0, 0]),
        operation('log', [0, 0]),
        operation('log', [3, 3]),
      ],
      outputs: [0, 1],
    });
    // exp(sin x0) needs nothing; log(exp(sin x0)) neither (exp(±1) lies in [0.1, 4]); log(x0) does.
    expect(program.nodes[1]).toMatchObject({ args: [{ node: 0, guard: null }] });
    expect(program.nodes[2]).toMatchObject({ args: [{ node: 1, guard: null }] });
    expect(program.nodes[3]).toMatchObject({ args: [{ node: 2, guard: null }] });
    const { min, max } = RULES.log.sample;
    expect(program.nodes[4]).toMatchObject({
      args: [{ node: 0, guard: { center: (max + min) / 2, halfWidth: (max - min) / 2 } }],
    });
  });

  it('keeps only the nodes the outputs depend on live', () => {
    const program = buildProgram({
      inputCount: 3,
      steps: [operation('cos', [1, 1]), operation('tan', [0, 0])],
      outputs: [1],
    });
    // Output: cos(x1) (one before the last node); tan(cos x1) is dead, and x0, x2 are unused.
    expect(program.live).toEqual([1, 3]);
  });

  it('refuses descriptions without inputs or outputs, or with negative references', () => {
    expect(() => buildProgram({ inputCount: 0, steps: [], outputs: [0] })).toThrow(UsageError);
    expect(() => buildProgram({ inputCount: 1, steps: [], outputs: [] })).toThrow(/at least one output/);
    expect(() => buildProgram({ inputCount: 1, steps: [operation('sin', [-1, 0])], outputs: [0] })).toThrow(
      /references must be integers >= 0, got -1/,
    );
    expect(() =>
      buildProgram({ inputCount: 1, steps: [{ kind: 'constant', value: Number.NaN }], outputs: [0] }),
    ).toThrow(/step 0 has a non-finite constant NaN/);
    const unknown = { ...operation('sin', [0, 0]), operation: 'sinc' as 'sin' };
    expect(() => buildProgram({ inputCount: 1, steps: [unknown], outputs: [0] })).toThrow(
      /step 0 names no operation of the rule table: 'sinc'/,
    );
  });
});

describe('generated programs', () => {
  it('are topologically ordered, and evaluate to finite values inside the ranges their guards assumed', () => {
    fc.assert(
      fc.property(programCaseArbitrary({ branches: true }), ({ program, point }) => {
        program.nodes.forEach((node, id) => {
          if (argumentsOf(node).some((argument) => argument >= id))
            throw new Error(`node ${id} reads a later node`);
        });
        const { outputs } = traceProgram(program, point);
        program.outputs.forEach((id, k) => {
          const { min, max } = program.ranges[id]!;
          const y = outputs[k]!;
          if (!(Number.isFinite(y) && y >= min && y <= max))
            throw new Error(`y${k} = ${y} is outside [${min}, ${max}]`);
        });
      }),
      { numRuns: RUNS.generator },
    );
  });

  it('cover every operation of the rule table, deep chains, sharing, and up to 20 inputs and outputs', () => {
    const programs = fc.sample(programArbitrary(), { numRuns: 2000, seed: SEED });
    const stats = programs.map(programStats);
    const used = new Set(stats.flatMap((s) => s.operationNames));
    // By default every rule a referee can check; rules by convention (stopGradient) only on request.
    const refereed = Object.values(RULES).filter((rule) => rule.refereed);
    expect([...used].sort()).toEqual(refereed.map((rule) => rule.name).sort());
    expect(OPERATION_NAMES.length).toBe(refereed.length);
    expect(ALL_OPERATION_NAMES.length).toBe(Object.keys(RULES).length);
    const withConventions = fc.sample(programArbitrary({ operations: ALL_OPERATION_NAMES, reads: true }), {
      numRuns: 500,
      seed: SEED,
    });
    const conventionStats = withConventions.map(programStats);
    expect(conventionStats.some((s) => s.operationNames.includes('stopGradient'))).toBe(true);
    expect(conventionStats.some((s) => s.reads > 0)).toBe(true);
    expect(Math.max(...stats.map((s) => s.depth))).toBeGreaterThanOrEqual(20);
    expect(stats.filter((s) => s.sharedNodes > 0).length).toBeGreaterThan(programs.length / 2);
    expect(Math.max(...stats.map((s) => s.inputs))).toBe(20);
    expect(Math.max(...stats.map((s) => s.outputs))).toBe(20);
  });
});
