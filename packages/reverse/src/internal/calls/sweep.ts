/**
 * Record-then-sweep for one scalar output: the work behind `gradient`, `valueAndGradient` and
 * `derivative`.
 */
import { checkDifferentiationOptions, type DifferentiationOptions } from '@dualtape/core';
import type { Tape } from '../../tape.js';
import type { Var } from '../../var.js';
import { TapeWatch } from '../tape/anomaly.js';
import { notePeak } from '../tape/pool.js';
import { finishCall, recordCall, scalarOutput, withPooledTape } from './call.js';

/**
 * Sweeps back from one output entry (seed 1) and copies the inputs' adjoints into `gradient`; a `watch`
 * then checks the sweep's adjoints (`sweep` names it in messages).
 */
export function sweepInto(
  tape: Tape,
  output: number,
  gradient: Float64Array,
  watch: TapeWatch | null = null,
  sweep = 'sweep of the output',
): void {
  tape.seedAndSweep([output]);
  watch?.checkAdjoints(output, sweep);
  gradient.set(tape.adjoints.subarray(0, gradient.length));
}

/**
 * Checks a reverse-mode call's options (core's: `counters`, `detectAnomaly`, plus `extra`) and returns
 * the anomaly watch for `tape` when `detectAnomaly` is set, else null.
 */
export function watchFor(
  operation: string,
  options: DifferentiationOptions | undefined,
  extra: readonly string[] = [],
): (tape: Tape) => TapeWatch | null {
  const detect = checkDifferentiationOptions(operation, options, extra);
  return (tape) => (detect ? new TapeWatch(operation, tape) : null);
}

/** The value of f at `point` and its gradient by one reverse sweep. */
export function valueAndGradientAt(
  operation: string,
  f: (inputs: Var[]) => unknown,
  point: Float64Array,
  options: DifferentiationOptions | undefined,
): { readonly value: number; readonly gradient: Float64Array } {
  const watching = watchFor(operation, options);
  return withPooledTape((tape, meter) => {
    const { output, session } = recordCall(operation, tape, point, f);
    const { index, value } = scalarOutput(operation, output, session);
    notePeak();
    const watch = watching(tape);
    watch?.checkValues();
    const gradient = new Float64Array(point.length);
    if (index >= 0) sweepInto(tape, index, gradient, watch);
    finishCall(tape, meter, options?.counters, index >= 0 ? 1 : 0);
    return { value, gradient };
  });
}
