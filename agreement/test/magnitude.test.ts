import * as forward from '@dualtape/forward';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  absoluteHessian,
  absoluteJacobian,
  buildProgram,
  evaluateProgram,
  type OperationName,
  programCaseArbitrary,
  programFunction,
  type StepDescription,
} from '../src/index.js';
import { RUNS } from './helpers.js';

const op = (operation: OperationName, refs: [number, number] = [0, 0]): StepDescription => ({
  kind: 'operation',
  operation,
  refs,
  constant: null,
});

/** Relative slack for the second partials of `absoluteHessian`, which come from central differences. */
const SECOND_PARTIAL_SLACK = 1e-6;

describe('absoluteJacobian', () => {
  it('sums the magnitudes of the chain-rule terms, which cancel in the Jacobian', () => {
    // x0 − x0: Jacobian 0, absolute Jacobian |1| + |−1| = 2.
    const difference = buildProgram({ inputCount: 1, steps: [op('sub')], outputs: [0] });
    expect(Array.from(absoluteJacobian(difference, [0.3])[0]!)).toEqual([2]);
    // sin(x0) · x0 at x0 = -1: |cos(−1)|·|−1| + |sin(−1)| (the two terms have opposite signs).
    const product = buildProgram({ inputCount: 1, steps: [op('sin'), op('mul', [0, 1])], outputs: [0] });
    expect(absoluteJacobian(product, [-1])[0]![0]).toBeCloseTo(Math.cos(1) + Math.sin(1), 15);
  });

  it('bounds every Jacobian entry', () => {
    fc.assert(
      fc.property(programCaseArbitrary({ branches: true }), ({ program, point }) => {
        const jacobian = forward.jacobian(programFunction(program), point);
        const bound = absoluteJacobian(program, point);
        jacobian.forEach((row, i) => {
          row.forEach((entry, j) => {
            if (!(Math.abs(entry) <= bound[i]![j]! * (1 + 1e-12))) {
              throw new Error(`J[${i}][${j}] = ${entry} > ${bound[i]![j]}`);
            }
          });
        });
      }),
      { numRuns: RUNS.generator / 4 },
    );
  });
});

describe('absoluteHessian', () => {
  it('sums the magnitudes of the second-order chain-rule terms', () => {
    // x0 · x1: Hessian [[0, 1], [1, 0]]. sin(x0) − cos(x0): second derivative cos(x0) − sin(x0), whose
    // terms have magnitude |sin x0| + |cos x0|.
    const product = buildProgram({ inputCount: 2, steps: [op('mul', [0, 1])], outputs: [0] });
    const [[h00, h01], [h10, h11]] = absoluteHessian(product, [0.5, 2]) as [Float64Array, Float64Array];
    expect([h00, h11]).toEqual([0, 0]);
    expect(h01).toBeCloseTo(1, 8);
    expect(h10).toBeCloseTo(1, 8);
    const program = buildProgram({
      inputCount: 1,
      steps: [op('sin'), op('cos', [1, 1]), op('sub', [1, 0])],
      outputs: [0],
    });
    expect(evaluateProgram(program, [0.7])[0]).toBe(Math.sin(0.7) - Math.cos(0.7));
    expect(absoluteHessian(program, [0.7])[0]![0]).toBeCloseTo(Math.sin(0.7) + Math.cos(0.7), 8);
  });

  it('bounds every Hessian entry', () => {
    fc.assert(
      fc.property(
        programCaseArbitrary({ maxInputs: 5, maxOutputs: 1, maxSteps: 30 }),
        ({ program, point }) => {
          const hessian = forward.hessian((x) => evaluateProgram(program, x)[0]!, point);
          const bound = absoluteHessian(program, point);
          hessian.forEach((row, i) => {
            row.forEach((entry, j) => {
              const limit = bound[i]![j]! * (1 + SECOND_PARTIAL_SLACK) + 1e-12;
              if (!(Math.abs(entry) <= limit)) throw new Error(`H[${i}][${j}] = ${entry} > ${bound[i]![j]}`);
            });
          });
        },
      ),
      { numRuns: RUNS.generator / 4 },
    );
  });
});
