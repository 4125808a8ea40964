import { RULES, UsageError } from '@dualtape/core';
import { parse } from '@dualtape/expression';
import fc from 'fast-check';
import { all, create } from 'mathjs';
import { describe, expect, it } from 'vitest';
import {
  buildProgram,
  evaluateProgram,
  formatProgram,
  MATHJS_NATIVE_OPERATIONS,
  MATHJS_REWRITES,
  OPERATION_NAMES,
  type OperationName,
  outputExpression,
  type Program,
  programCaseArbitrary,
  type StepDescription,
} from '../src/index.js';
import { expectAgree, RUNS, SYMBOLIC } from './helpers.js';

// mathjs declares its factory bundles as one Record<string, FactoryFunctionMap>: `all` is always there.
const math = create(all!);

function op(
  operation: OperationName,
  refs: [number, number] = [0, 0],
  constant: Extract<StepDescription, { kind: 'operation' }>['constant'] = null,
) {
  return { kind: 'operation' as const, operation, refs, constant } satisfies StepDescription;
}

/** The guard onto a sample interval as printed: the documented map center + halfWidth · tanh(t). */
function guard(interval: { min: number; max: number }, argument: string): string {
  return `${(interval.max + interval.min) / 2} + ${(interval.max - interval.min) / 2} * tanh(${argument})`;
}

function program(inputCount: number, steps: StepDescription[], outputs: number[] = [0]): Program {
  return buildProgram({ inputCount, steps, outputs });
}

describe('formatProgram', () => {
  it('writes shared operations as let lines and each output on its own line', () => {
    // t = sin(x0) is used twice; y0 = exp(t) * t, y1 = x1 - t.
    const p = program(2, [op('sin', [1, 1]), op('exp'), op('mul', [0, 1]), op('sub', [3, 2])], [1, 0]);
    expect(formatProgram(p, [0.5, -1.25])).toBe(
      [
        'program: 2 inputs, 2 outputs, 4 operations, depth 3',
        '  let t1 = sin(x0)',
        '  y0 = exp(t1) * t1',
        '  y1 = x1 - t1',
        '  at x = [0.5, -1.25]',
      ].join('\n'),
    );
  });

  it('writes guards as the affine tanh map, and branches as conditionals', () => {
    const guarded = program(1, [op('log')]);
    expect(formatProgram(guarded)).toContain(`y0 = log(${guard(RULES.log.sample, 'x0')})`);
    const branching = buildProgram({
      inputCount: 2,
      steps: [{ kind: 'branch', comparison: 'lt', refs: [0, 1, 1, 0] }],
      outputs: [0],
    });
    expect(formatProgram(branching)).toContain('y0 = x1 < x0 ? x0 : x1');
  });
});

describe('outputExpression', () => {
  it('uses the fewest parentheses that keep the structure', () => {
    const cases: [StepDescription[], string][] = [
      [
        [op('neg'), op('pow', [0, 0], { value: 2, position: 1 })],
        `(${guard(RULES.pow.sample[0], '-x0')}) ^ 2`,
      ],
      [[op('sin'), op('pow', [0, 0], { value: 1.5, position: 0 }), op('neg')], '-1.5 ^ sin(x0)'],
      [[op('sin'), op('add', [0, 0], { value: 1, position: 1 }), op('sub', [3, 0])], 'x0 - (sin(x0) + 1)'],
      [[op('sub', [0, 0], { value: 0.25, position: 1 }), op('add', [0, 2])], 'x0 - 0.25 + x0'],
      [[op('div', [0, 0], { value: 3, position: 1 }), op('mul', [2, 0])], 'x0 * (x0 / 3)'],
      [[op('mul', [0, 0], { value: -0.5, position: 0 })], '-0.5 * x0'],
      [[op('mul', [0, 0], { value: -0.5, position: 1 })], 'x0 * (-0.5)'],
      [[op('neg'), op('sin', [0, 0]), op('neg')], '-sin(-x0)'],
      [[op('atan2', [0, 0])], `atan2(x0, ${guard(RULES.atan2.sample[1], 'x0')})`],
    ];
    for (const [steps, text] of cases) expect(outputExpression(program(1, steps), 0)).toBe(text);
  });

  it('refuses programs with branches, missing outputs and oversized expansions', () => {
    const branching = buildProgram({
      inputCount: 1,
      steps: [{ kind: 'branch', comparison: 'gt', refs: [0, 0, 0, 0] }],
      outputs: [0],
    });
    expect(() => outputExpression(branching, 0)).toThrow(UsageError);
    expect(() => outputExpression(program(1, [op('sin')]), 1)).toThrow(/output 1 does not exist/);
    // Each step doubles the text: x0 * x0, (x0 * x0) * (x0 * x0), ...
    const doubling = program(
      1,
      Array.from({ length: 30 }, () => op('mul')),
    );
    expect(() => outputExpression(doubling, 0, { maxLength: 10_000 })).toThrow(/exceeds 10000 characters/);
  });

  it("is read back by core's parser into the same computation, bit for bit", () => {
    fc.assert(
      fc.property(
        programCaseArbitrary({ maxSteps: 30, maxInputs: 6, maxOutputs: 3 }),
        ({ program: p, point }) => {
          const expected = evaluateProgram(p, Array.from(point));
          p.outputs.forEach((_, k) => {
            const parsed = parse(outputExpression(p, k));
            const x = parsed.variables.map((name) => point[Number(name.slice(1))]!);
            const value = parsed.evaluate(x);
            if (!Object.is(value, expected[k]))
              throw new Error(`y${k}: parse gives ${value}, the program ${expected[k]}`);
          });
        },
      ),
      { numRuns: RUNS.printing },
    );
  });

  it("has a mathjs form for every operation of the rule table, which mathjs evaluates to the program's value", () => {
    for (const name of OPERATION_NAMES) {
      expect(MATHJS_NATIVE_OPERATIONS.includes(name) || name in MATHJS_REWRITES, name).toBe(true);
    }
    // A rule by convention has no symbolic form: its derivative is a definition, not its value's.
    const stopped = buildProgram({
      inputCount: 1,
      steps: [{ kind: 'operation', operation: 'stopGradient', refs: [0, 0], constant: null }],
      outputs: [0],
    });
    expect(() => outputExpression(stopped, 0, { dialect: 'mathjs' })).toThrow(/rule by convention/);
    expect(outputExpression(stopped, 0)).toBe('stopGradient(x0)');
    fc.assert(
      fc.property(
        programCaseArbitrary({ maxSteps: 20, maxInputs: 4, maxOutputs: 2 }),
        ({ program: p, point }) => {
          const expected = evaluateProgram(p, Array.from(point));
          const scope = Object.fromEntries(Array.from(point, (v, i) => [`x${i}`, v]));
          p.outputs.forEach((_, k) => {
            const value = math.evaluate(outputExpression(p, k, { dialect: 'mathjs' }), scope) as number;
            expectAgree(value, expected[k]!, 0, SYMBOLIC, `y${k} in mathjs`);
          });
        },
      ),
      { numRuns: RUNS.printing / 5 },
    );
  });
});
