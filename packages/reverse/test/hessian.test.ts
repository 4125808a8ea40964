import { add, DomainError, mul, type Scalar, ShapeError, sin } from '@dualtape/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hessian } from '../src/index.js';
import {
  expectAllClose,
  oracleGradient,
  oracleJacobian,
  PROGRAM_INPUTS,
  PROPERTY_RUNS,
  plainScalar,
  randomProgram,
  rosenbrock,
  rosenbrockHessian,
  SAFE_PROGRAM_INPUT,
  TOLERANCES,
} from './helpers.js';

describe('hessian', () => {
  it('matches Rosenbrock’s hand-derived tridiagonal Hessian and is symmetric', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 2, maxLength: 8 }),
        (x) => {
          const rows = hessian(rosenbrock, x);
          const expected = rosenbrockHessian(x);
          rows.forEach((row, i) => {
            expectAllClose(row, expected[i]!, TOLERANCES.exact, `row ${i}`);
            const column = rows.map((other) => other[i]!);
            expectAllClose(row, column, TOLERANCES.exact, `row ${i} against column ${i}`);
          });
        },
      ),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('matches second differences of the oracle on random programs built from the rule table', () => {
    fc.assert(
      fc.property(
        randomProgram(),
        fc.array(SAFE_PROGRAM_INPUT, { minLength: PROGRAM_INPUTS, maxLength: PROGRAM_INPUTS }),
        (program, x) => {
          const plain = plainScalar(program.f);
          // Row i of the Hessian: the oracle's derivative, along x_i, of the oracle's gradient.
          const expected = x.map((_, i) =>
            oracleJacobian(
              ([t]) => {
                const moved = [...x];
                moved[i] = t!;
                return Array.from(oracleGradient(plain, moved));
              },
              [x[i]!],
            ).map((row) => row[0]!),
          );
          hessian(program.f, x).forEach((row, i) => {
            expectAllClose(row, expected[i]!, TOLERANCES.oracle, `row ${i}`);
          });
        },
      ),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('gives hand-computed second derivatives of x·y + sin(x)', () => {
    const f = <T extends Scalar>([x, y]: readonly T[]) => add(mul(x!, y!), sin(x!));
    const rows = hessian(f, [0.5, 2]).map((row) => Array.from(row));
    expect(rows).toEqual([
      [-Math.sin(0.5), 1],
      [1, 0],
    ]);
  });

  it('gives zero rows for a linear function and a constant one', () => {
    const linear = <T extends Scalar>([x, y]: readonly T[]) => add(mul(3, x!), y!);
    expect(hessian(linear, [1, 2]).map((row) => Array.from(row))).toEqual([
      [0, 0],
      [0, 0],
    ]);
    const constant = (() => 4) as <T extends Scalar>(x: readonly T[]) => T;
    expect(hessian(constant, [1]).map((row) => Array.from(row))).toEqual([[0]]);
  });

  it('gives N rows when the output is an early input itself (f(x) = x0, N = 2)', () => {
    const first = <T extends Scalar>([x]: readonly T[]) => x!;
    expect(hessian(first, [0, 0]).map((row) => Array.from(row))).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it('refuses vector functions, empty and non-finite x', () => {
    const vector = ((x: readonly Scalar[]) => [x[0]]) as unknown as <T extends Scalar>(x: readonly T[]) => T;
    expect(() => hessian(vector, [1])).toThrow(ShapeError);
    expect(() => hessian(rosenbrock, [])).toThrow(ShapeError);
    expect(() => hessian(rosenbrock, [1, Number.NEGATIVE_INFINITY])).toThrow(DomainError);
  });
});
