/**
 * Watching the numeric referee: a program wrapped so that every evaluation the referee makes is compared
 * with the point's own kinks and branches. A finite difference whose stencil stepped across a kink of
 * abs/min/max/hypot (or a branch) measures a different function, so such a comparison is skipped, not
 * failed; every evaluation the referee actually made is checked, whatever its steps and stencils. For
 * evaluations on other number types (the complex step) the primal parts are checked: the complex-step
 * Hessian steps the real parts too. (A kink crossed and crossed back between two stencil points would go
 * unnoticed; with smooth arguments that needs two roots within one step and is not worth a finer check.)
 */
import { primal, type Scalar } from '@dualtape/core';
import { evaluateProgram, sameSignature, traceProgram } from './evaluate.js';
import type { Program } from './program.js';

/** A program's functions for the referee, and whether the referee has crossed a kink or branch. */
export interface WatchedProgram {
  /** All outputs (R^N -> R^M). */
  readonly vector: <T extends Scalar>(x: readonly T[]) => readonly T[];
  /** Output `k` alone (R^N -> R). */
  scalar(k: number): <T extends Scalar>(x: readonly T[]) => T;
  /** True once an evaluation took another side of a kink or branch than the point did. */
  crossed(): boolean;
  /** Evaluations seen so far (of any number type). */
  evaluations(): number;
}

/** Wraps `program` for a numeric referee working around `point` (see the module comment). */
export function watchKinks(program: Program, point: ArrayLike<number>): WatchedProgram {
  const reference = traceProgram(program, point);
  let crossed = false;
  let evaluations = 0;
  const vector = <T extends Scalar>(x: readonly T[]): readonly T[] => {
    evaluations++;
    const plain = x.every((v) => typeof v === 'number');
    const trace = traceProgram(program, plain ? (x as readonly number[]) : x.map(primal));
    if (!sameSignature(trace, reference)) crossed = true;
    return plain ? (Array.from(trace.outputs) as unknown as T[]) : evaluateProgram(program, x);
  };
  return {
    vector,
    scalar:
      (k) =>
      <T extends Scalar>(x: readonly T[]): T =>
        vector(x)[k]!,
    crossed: () => crossed,
    evaluations: () => evaluations,
  };
}
