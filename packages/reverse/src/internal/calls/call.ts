/**
 * The skeleton every reverse-mode call shares: take a tape, open a session, create the input variables,
 * run f, check what it returned, and afterwards report the work (counters, tape statistics).
 */
import {
  type Counters,
  describeValue,
  outputTypeError,
  PerturbationError,
  singleOutputError,
} from '@dualtape/core';
import { noteCallStats } from '../../stats.js';
import type { Tape } from '../../tape.js';
import { Var } from '../../var.js';
import { acquireTape, beginMeter, endMeter, type Meter, releaseTape } from '../tape/pool.js';
import { closeSession, openSession, type Session } from '../tape/session.js';

/** Runs `body` with a tape from the pool and a meter for its bytes; both are released afterwards. */
export function withPooledTape<R>(body: (tape: Tape, meter: Meter) => R): R {
  const tape = acquireTape();
  const meter = beginMeter(tape);
  try {
    return body(tape, meter);
  } finally {
    endMeter(meter);
    releaseTape(tape);
  }
}

/** Runs `body` with a tape the caller keeps (recordings, VJPs) and a meter for its bytes. */
export function withOwnTape<R>(tape: Tape, body: (meter: Meter) => R): R {
  const meter = beginMeter(tape);
  try {
    return body(meter);
  } finally {
    endMeter(meter);
  }
}

/**
 * Records `f` at `point` on `tape` in a session of its own, closed before returning. A `replayable`
 * recording (one that will run at other inputs) guards every `primal` read (tape.ts, `PRIMAL_READ`).
 */
export function recordCall(
  operation: string,
  tape: Tape,
  point: Float64Array,
  f: (inputs: Var[]) => unknown,
  replayable = false,
): { readonly output: unknown; readonly session: Session } {
  const session = openSession(tape, operation, false, replayable);
  try {
    return { output: f(inputVariables(tape, point, session)), session };
  } finally {
    closeSession(session);
  }
}

/** One input `Var` per coordinate of `point`, recorded as the tape's first entries. */
export function inputVariables(tape: Tape, point: Float64Array, session: Session): Var[] {
  const inputs: Var[] = new Array(point.length);
  for (let i = 0; i < point.length; i++) inputs[i] = new Var(tape.pushInput(point[i]!), session);
  return inputs;
}

/** A checked output: its tape entry (-1 for a plain number, which has derivative 0) and its value. */
export interface Output {
  readonly index: number;
  readonly value: number;
}

/**
 * Checks a single output of f: a plain number or a `Var` of this call; `index` numbers an entry of a
 * vector function's output in messages.
 */
export function scalarOutput(operation: string, output: unknown, session: Session, index?: number): Output {
  if (typeof output === 'number') return { index: -1, value: output };
  if (output instanceof Var) {
    if (output.session !== session) {
      const where = index === undefined ? 'f' : `f's output [${index}]`;
      throw new PerturbationError(
        `${operation}: ${where} returned a reverse-mode Var of another ${output.session.purpose} call, ` +
          'not one computed from its own inputs',
      );
    }
    // Read from the tape: the session has closed, so `output.primal` would refuse.
    return { index: output.index, value: session.tape!.values[output.index]! };
  }
  if (index === undefined && (Array.isArray(output) || ArrayBuffer.isView(output))) {
    throw singleOutputError(operation, describeValue(output));
  }
  throw outputTypeError(operation, output, index);
}

/** Checks a vector output of f (a single value counts as one output). */
export function vectorOutput(operation: string, output: unknown, session: Session): Output[] {
  if (Array.isArray(output) || ArrayBuffer.isView(output)) {
    return Array.from(output as ArrayLike<unknown>, (element, i) =>
      scalarOutput(operation, element, session, i),
    );
  }
  if (typeof output === 'number' || output instanceof Var) return [scalarOutput(operation, output, session)];
  throw outputTypeError(operation, output, undefined, 'a number or an array of numbers');
}

/** Reports a finished call: tape statistics for `tapeStats()` and the caller's counters. */
export function finishCall(tape: Tape, meter: Meter, counters: Counters | undefined, sweeps: number): void {
  noteCallStats(tape.length, tape.bytes, meter.peak);
  if (counters === undefined) return;
  counters.sweeps += sweeps;
  counters.operations += tape.length;
  counters.peakTapeBytes = Math.max(counters.peakTapeBytes, meter.peak);
}
