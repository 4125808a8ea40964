import { ShapeError } from '@dualtape/core';
import * as forward from '@dualtape/forward';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildProgram,
  evaluateProgram,
  type OperationName,
  programCaseArbitrary,
  programFunction,
  type StepDescription,
  sameSignature,
  signatureNodes,
  traceProgram,
} from '../src/index.js';
import { RUNS } from './helpers.js';

const op = (operation: OperationName, refs: [number, number] = [0, 0]): StepDescription => ({
  kind: 'operation',
  operation,
  refs,
  constant: null,
});

describe('evaluateProgram', () => {
  it('computes on plain numbers exactly what the trace computes', () => {
    fc.assert(
      fc.property(programCaseArbitrary({ branches: true }), ({ program, point }) => {
        const outputs = evaluateProgram(program, Array.from(point));
        const traced = traceProgram(program, point).outputs;
        if (!outputs.every((y, k) => Object.is(y, traced[k]))) throw new Error(`${outputs} vs ${traced}`);
      }),
      { numRuns: RUNS.generator / 2 },
    );
  });

  it('runs on dual numbers (forward mode differentiates it)', () => {
    // y = sin(x0) · x0; dy/dx0 = cos(x0)·x0 + sin(x0), hand-derived.
    const program = buildProgram({ inputCount: 1, steps: [op('sin'), op('mul', [0, 1])], outputs: [0] });
    const x = 0.5;
    expect(forward.jacobian(programFunction(program), [x])[0]![0]).toBeCloseTo(
      Math.cos(x) * x + Math.sin(x),
      15,
    );
  });

  it('refuses a point of the wrong length', () => {
    const program = buildProgram({ inputCount: 2, steps: [], outputs: [0] });
    expect(() => evaluateProgram(program, [1])).toThrow(ShapeError);
    expect(() => traceProgram(program, [1, 2, 3])).toThrow(/has 2 inputs, got 3 values/);
  });
});

describe('traceProgram', () => {
  it('notes the side of every kink and branch', () => {
    const program = buildProgram({
      inputCount: 2,
      // abs(x1), min(x0, x1), max(x1, x1) (no kink: it is x1), then x0 <= x1 ? x0 : x1.
      steps: [
        op('abs', [0, 0]),
        op('min', [2, 1]),
        op('max', [2, 2]),
        { kind: 'branch', comparison: 'le', refs: [4, 3, 4, 3] },
      ],
      outputs: [0, 1, 2, 3],
    });
    expect(signatureNodes(program)).toEqual([2, 3, 5]);
    expect(Array.from(traceProgram(program, [0.5, -1]).signature)).toEqual([-1, 1, 0]);
    expect(Array.from(traceProgram(program, [-2, 0]).signature)).toEqual([0, -1, 1]);
    expect(sameSignature(traceProgram(program, [0.5, -1]), traceProgram(program, [0.7, -0.5]))).toBe(true);
    expect(sameSignature(traceProgram(program, [0.5, -1]), traceProgram(program, [-0.7, -0.5]))).toBe(false);
  });
});
