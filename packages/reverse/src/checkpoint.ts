/**
 * Checkpointing: trading reverse mode's memory for recomputation. A checkpointed segment (e.g. a stretch
 * of a time-stepping loop) runs on plain numbers while f is recorded, leaving on the tape only one entry,
 * its outputs and its saved inputs. When the sweep reaches that entry it re-records the segment on a
 * scratch tape from the saved inputs, sweeps it with the outputs' adjoints and adds the result to the
 * inputs' adjoints. A loop of T steps split into segments of √T steps then holds O(√T) entries at a time
 * instead of O(T), for about one extra evaluation of f.
 *
 * Segments nest (a segment may checkpoint inside itself); the sweep recurses only as deep as they nest.
 */
import {
  ControlFlowError,
  checkFunction,
  checkOptions,
  describeValue,
  PerturbationError,
  type Scalar,
  UsageError,
} from '@dualtape/core';
import { acquireTape, beginTapeUse, endTapeUse, notePeak, releaseTape } from './internal/tape/pool.js';
import { closeSession, currentSession, openSession, type Session } from './internal/tape/session.js';
import type { Tape, TapeSegment } from './tape.js';
import { foreignVariable, Var } from './var.js';

/**
 * A segment of computation over a state vector, written once for every number type (it runs on plain
 * numbers forward and on `Var`s when re-recorded). It must compute only from its state: a `Var` captured
 * from outside is refused with `PerturbationError`; pass it in the state instead.
 */
export type StateSegment = <T extends Scalar>(state: readonly T[]) => readonly T[];

/** One step of a loop over a state vector; `step` counts from 0. */
export type LoopStep = <T extends Scalar>(state: readonly T[], step: number) => readonly T[];

/** Options of `checkpointedLoop`. */
export interface CheckpointedLoopOptions {
  /** Steps per checkpointed segment. @default Math.ceil(Math.sqrt(steps)) */
  readonly every?: number;
}

/**
 * Runs `segment` on `state` as a checkpoint: inside a reverse-mode call its intermediates are not kept
 * on the tape but recomputed during the sweep. Outside a reverse-mode call, on plain numbers, or inside
 * `hessian` (which needs every intermediate) it simply runs the segment.
 *
 * @param segment - the computation, generic over the number type, deterministic, using only its state.
 * @param state - the segment's inputs: `Var`s of the current call and/or plain numbers.
 * @returns the segment's outputs, as `Var`s of the current call.
 * @throws PerturbationError for a `Var` of another call, or one the segment captured instead of receiving;
 *   UsageError when the segment does not return an array of numbers.
 */
export function checkpoint<T extends Scalar>(segment: StateSegment, state: readonly T[]): T[] {
  checkFunction('checkpoint', segment, 'segment');
  if (!Array.isArray(state))
    throw new UsageError(`checkpoint: state must be an array, got ${describeValue(state)}`);
  const session = currentSession;
  if (session === null || session.tape === null || session.inlineCheckpoints)
    return Array.from(segment(state));
  const size = state.length;
  const inputs = new Int32Array(size);
  const saved = new Float64Array(size);
  let variables = 0;
  for (let j = 0; j < size; j++) {
    const element: Scalar = state[j]!;
    if (typeof element === 'number') {
      inputs[j] = -1;
      saved[j] = element;
    } else if (element instanceof Var) {
      if (element.session !== session) throw foreignVariable('checkpoint', element);
      inputs[j] = element.index;
      // From the tape, not `primal`: the segment's input is no read by f (a replay re-runs the segment).
      saved[j] = session.tape.values[element.index]!;
      variables++;
    } else {
      throw new UsageError(
        `checkpoint: state[${j}] is ${describeValue(element)}; expected a number or a Var`,
      );
    }
  }
  if (variables === 0) return Array.from(segment(state));
  const outputs = runUnrecorded(segment, saved);
  const entry = session.tape.pushSegment(
    new CheckpointSegment(segment, inputs, saved, outputs.length),
    outputs,
  );
  return outputs.map((_, j) => new Var(entry + 1 + j, session) as unknown as T);
}

/**
 * Runs `steps` steps of a loop, checkpointing every `every` steps (√steps by default): the classic
 * memory/time trade of reverse mode. Peak tape bytes drop from O(steps) to about O(√steps); the
 * gradient costs about one extra evaluation of the loop.
 *
 * @param step - one step, generic over the number type, using only its state.
 * @param initialState - the state before step 0.
 * @param steps - how many steps (an integer >= 0).
 * @param options - `every`: steps per checkpointed segment.
 * @returns the state after the last step.
 * @throws UsageError for a non-integer or negative `steps`, an `every` that is not a positive integer, or
 *   an unknown option.
 */
export function checkpointedLoop<T extends Scalar>(
  step: LoopStep,
  initialState: readonly T[],
  steps: number,
  options?: CheckpointedLoopOptions,
): T[] {
  checkFunction('checkpointedLoop', step, 'step');
  if (!Number.isInteger(steps) || steps < 0) {
    throw new UsageError(`checkpointedLoop: steps must be an integer >= 0, got ${steps}`);
  }
  checkOptions('checkpointedLoop', options, ['every']);
  const every = options?.every ?? Math.max(1, Math.ceil(Math.sqrt(steps)));
  if (!Number.isInteger(every) || every < 1) {
    throw new UsageError(`checkpointedLoop: every must be an integer >= 1, got ${every}`);
  }
  let state: T[] = Array.from(initialState);
  for (let start = 0; start < steps; start += every) {
    const count = Math.min(every, steps - start);
    const first = start;
    const segment: StateSegment = (input) => {
      let current = input;
      for (let i = 0; i < count; i++) current = step(current, first + i);
      return current;
    };
    state = checkpoint(segment, state);
  }
  return state;
}

/** Bytes a segment keeps besides its entries, per input: the saved value and the input's index. */
const SEGMENT_BYTES_PER_INPUT = 8 + 4;

/** A recorded checkpoint: what the sweep needs to re-record the segment. */
class CheckpointSegment implements TapeSegment {
  readonly bytes: number;

  constructor(
    private readonly segment: StateSegment,
    /** Tape entry of each input, -1 for a plain number. */
    private readonly inputs: Int32Array,
    /** Input values at the last recording or replay. */
    private readonly saved: Float64Array,
    private readonly outputCount: number,
  ) {
    this.bytes = inputs.length * SEGMENT_BYTES_PER_INPUT;
  }

  forward(_tape: Tape, values: Float64Array, entry: number): void {
    const { inputs, saved } = this;
    for (let j = 0; j < inputs.length; j++) if (inputs[j]! >= 0) saved[j] = values[inputs[j]!]!;
    const outputs = runUnrecorded(this.segment, saved);
    this.checkOutputCount(outputs.length);
    for (let j = 0; j < outputs.length; j++) values[entry + 1 + j] = outputs[j]!;
  }

  backward(tape: Tape, entry: number): void {
    const adjoints = tape.adjoints;
    let needed = false;
    for (let j = 1; j <= this.outputCount; j++) if (adjoints[entry + j] !== 0) needed = true;
    if (!needed) return;
    const scratch = acquireTape();
    beginTapeUse(scratch);
    try {
      const session = openSession(scratch, 'checkpoint');
      let outputs: unknown;
      try {
        const state: Scalar[] = Array.from(this.saved, (value, j) =>
          this.inputs[j]! >= 0 ? new Var(scratch.pushInput(value), session) : value,
        );
        outputs = this.segment(state);
      } finally {
        closeSession(session);
      }
      notePeak();
      if (!Array.isArray(outputs)) throw notAnArray(outputs);
      this.checkOutputCount(outputs.length);
      const entries = outputs.map((output: unknown, j) => scratchIndex(output, j, session));
      scratch.seedAndSweep(entries, adjoints.subarray(entry + 1, entry + 1 + outputs.length));
      let input = 0;
      for (let j = 0; j < this.inputs.length; j++) {
        const target = this.inputs[j]!;
        if (target >= 0) adjoints[target] = adjoints[target]! + scratch.adjoints[input++]!;
      }
    } finally {
      endTapeUse();
      releaseTape(scratch);
    }
  }

  private checkOutputCount(count: number): void {
    if (count !== this.outputCount) {
      throw new ControlFlowError(
        `checkpoint: the segment returned ${this.outputCount} values when recorded and ${count} now; ` +
          'a checkpointed segment must return a state of fixed size',
      );
    }
  }
}

/** The scratch-tape entry of a re-recorded output (-1 for a plain number, which has no derivative). */
function scratchIndex(output: unknown, position: number, session: Session): number {
  if (typeof output === 'number') return -1;
  if (output instanceof Var) {
    if (output.session !== session) throw foreignVariable('checkpoint', output);
    return output.index;
  }
  throw new UsageError(
    `checkpoint: the segment's output [${position}] is ${describeValue(output)}; expected a number`,
  );
}

/** Runs a segment on plain numbers with recording forbidden, so a captured `Var` is caught. */
function runUnrecorded(segment: StateSegment, state: Float64Array): number[] {
  const session = openSession(null, 'checkpoint segment');
  let outputs: unknown;
  try {
    outputs = segment(Array.from(state));
  } finally {
    closeSession(session);
  }
  if (!Array.isArray(outputs)) throw notAnArray(outputs);
  return outputs.map((output: unknown, j) => {
    if (typeof output === 'number') return output;
    if (output instanceof Var) {
      throw new PerturbationError(
        `checkpoint: the segment returned a Var (entry #${output.index}) at output [${j}] that it did not ` +
          'compute from its state; pass every variable it uses in its state',
      );
    }
    throw new UsageError(
      `checkpoint: the segment's output [${j}] is ${describeValue(output)}; expected a number`,
    );
  });
}

function notAnArray(outputs: unknown): UsageError {
  return new UsageError(
    `checkpoint: the segment must return an array (its new state), got ${describeValue(outputs)}`,
  );
}
