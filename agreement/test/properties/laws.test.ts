/**
 * The laws of differentiation, checked on random programs in each AD mode: linearity
 * ∇(a·f + b·g) = a∇f + b∇g, the product rule ∇(f·g) = f∇g + g∇f, and the chain rule through composition
 * (one program's outputs fed into another's inputs). Each side is computed by the same mode in a
 * different way, so a mode that mishandles constants, shared operands or values crossing from one
 * function into another fails here even when it agrees with the other mode.
 */
import { add, mul, type Scalar, type ScalarFunction, tanh, type VectorFunction } from '@dualtape/core';
import * as forward from '@dualtape/forward';
import * as reverse from '@dualtape/reverse';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  absoluteJacobian,
  evaluateProgram,
  POINT_RANGE,
  type Program,
  programArbitrary,
  programCaseArbitrary,
  programFunction,
} from '../../src/index.js';
import { EXACT, expectRowsAgree, PROPERTY_TIMEOUT_MS, RUNS } from '../helpers.js';

/** The two modes' calls on plain points (`gradient` also has a nesting overload, not tested here). */
interface GradientMode {
  gradient(f: ScalarFunction, x: ArrayLike<number>): Float64Array;
  jacobian(f: VectorFunction, x: ArrayLike<number>): Float64Array[];
}
const MODES: readonly (readonly [string, GradientMode])[] = [
  ['forward', forward],
  ['reverse', reverse],
];

/** Multiples of 1/8 in [-4, 4]: exact in binary. */
const coefficient = fc.integer({ min: -32, max: 32 }).map((k) => k / 8);

const output =
  (program: Program, k: number) =>
  <T extends Scalar>(x: readonly T[]): T =>
    evaluateProgram(program, x)[k]!;

function combine(a: ArrayLike<number>, wa: number, b: ArrayLike<number>, wb: number): Float64Array {
  return Float64Array.from(a, (ai, j) => wa * ai + wb * b[j]!);
}

describe.each(MODES)('%s mode', (_name, mode) => {
  it(
    'is linear: ∇(a·f + b·g) = a∇f + b∇g',
    () => {
      fc.assert(
        fc.property(
          programCaseArbitrary({ minOutputs: 2 }),
          coefficient,
          coefficient,
          ({ program, point }, a, b) => {
            const [f, g] = [output(program, 0), output(program, 1)];
            const h = <T extends Scalar>(x: readonly T[]): T => add(mul(a, f(x)), mul(b, g(x)));
            const [scaleF, scaleG] = absoluteJacobian(program, point) as [Float64Array, Float64Array];
            const expected = combine(mode.gradient(f, point), a, mode.gradient(g, point), b);
            const scale = combine(scaleF, Math.abs(a), scaleG, Math.abs(b));
            expectRowsAgree([mode.gradient(h, point)], [expected], [scale], EXACT, '∇(a·f + b·g)');
          },
        ),
        { numRuns: RUNS.linearity },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'follows the product rule: ∇(f·g) = f∇g + g∇f',
    () => {
      fc.assert(
        fc.property(programCaseArbitrary({ minOutputs: 2 }), ({ program, point }) => {
          const [f, g] = [output(program, 0), output(program, 1)];
          const h = <T extends Scalar>(x: readonly T[]): T => mul(f(x), g(x));
          const [fx, gx] = evaluateProgram(program, Array.from(point)) as [number, number];
          const [scaleF, scaleG] = absoluteJacobian(program, point) as [Float64Array, Float64Array];
          const expected = combine(mode.gradient(g, point), fx, mode.gradient(f, point), gx);
          const scale = combine(scaleG, Math.abs(fx), scaleF, Math.abs(gx));
          expectRowsAgree([mode.gradient(h, point)], [expected], [scale], EXACT, '∇(f·g)');
        }),
        { numRuns: RUNS.productRule },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'follows the chain rule through composition: J(q ∘ p) = J(q) · J(p)',
    () => {
      // p's outputs are squashed into q's input range, POINT_RANGE · tanh(y), so q stays in its domain; the
      // squash is part of the inner function, differentiated like the rest.
      const inner = programCaseArbitrary({ maxOutputs: 8 });
      const pair = inner.chain((c) =>
        fc.tuple(
          fc.constant(c),
          programArbitrary({
            minInputs: c.program.outputs.length,
            maxInputs: c.program.outputs.length,
            maxOutputs: 8,
          }),
        ),
      );
      fc.assert(
        fc.property(pair, ([{ program: p, point }, q]) => {
          const squashedP = <T extends Scalar>(x: readonly T[]): T[] =>
            evaluateProgram(p, x).map((y) => mul(POINT_RANGE, tanh(y)));
          const composed = <T extends Scalar>(x: readonly T[]): readonly T[] =>
            evaluateProgram(q, squashedP(x));
          const middle = squashedP(Array.from(point));
          const jp = mode.jacobian(squashedP, point);
          const jq = mode.jacobian(programFunction(q), middle);
          // |d squash/dy| <= POINT_RANGE bounds the rounding scale of the squashed inner Jacobian.
          const scaleP = absoluteJacobian(p, point).map((row) => row.map((s) => POINT_RANGE * s));
          const scaleQ = absoluteJacobian(q, middle);
          expectRowsAgree(
            mode.jacobian(composed, point),
            multiply(jq, jp),
            multiply(scaleQ, scaleP),
            EXACT,
            'J(q ∘ p)',
          );
        }),
        { numRuns: RUNS.chainRule },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});

function multiply(a: readonly Float64Array[], b: readonly Float64Array[]): Float64Array[] {
  const columns = b[0]?.length ?? 0;
  return a.map((row) => {
    const out = new Float64Array(columns);
    row.forEach((aik, k) => {
      for (let j = 0; j < columns; j++) out[j]! += aik * b[k]![j]!;
    });
    return out;
  });
}
