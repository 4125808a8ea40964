/**
 * Record-then-sweep for one scalar output: the work behind `gradient`, `valueAndGradient` and
 * `derivative`.
 */
import type { Counters } from '@dualtape/core';
import type { Tape } from '../tape.js';
import type { Var } from '../var.js';
import { finishCall, recordCall, scalarOutput, withPooledTape } from './call.js';
import { notePeak } from './pool.js';

/** Sweeps back from one output entry (seed 1) and copies the inputs' adjoints into `gradient`. */
export function sweepInto(tape: Tape, output: number, gradient: Float64Array): void {
  tape.clearAdjoints();
  tape.adjoints[output] = 1;
  tape.sweep(output);
  gradient.set(tape.adjoints.subarray(0, gradient.length));
}

/** The value of f at `point` and its gradient by one reverse sweep. */
export function valueAndGradientAt(
  operation: string,
  f: (inputs: Var[]) => unknown,
  point: Float64Array,
  counters: Counters | undefined,
): { readonly value: number; readonly gradient: Float64Array } {
  return withPooledTape((tape, meter) => {
    const { output, session } = recordCall(operation, tape, point, f);
    const { index, value } = scalarOutput(operation, output, session);
    notePeak();
    const gradient = new Float64Array(point.length);
    if (index >= 0) sweepInto(tape, index, gradient);
    finishCall(tape, meter, counters, index >= 0 ? 1 : 0);
    return { value, gradient };
  });
}
