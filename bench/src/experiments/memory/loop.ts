/**
 * The checkpointing experiment's loop: T steps of a small nonlinear map on a state of a few numbers
 * (a damped chain of coupled oscillators), written once with core's free functions. Its tape grows by
 * the same amount every step, so a plain reverse gradient holds O(T) entries and a checkpointed one
 * about O(√T).
 */
import {
  add,
  type Counters,
  mul,
  type Scalar,
  type ScalarFunction,
  sin,
  square,
  sub,
  sum,
} from '@dualtape/core';
import { checkpointedLoop, gradient, type LoopStep } from '@dualtape/reverse';

/** Entries of the loop's state (the function's inputs). */
export const LOOP_STATE_SIZE = 8;

/** Step size of the map. */
const STEP = 0.01;

/** One step: s_i ← s_i + h·(sin(s_{i+1}) − 0.1·s_i), indices cyclic. */
export const loopStep: LoopStep = <T extends Scalar>(state: readonly T[]): readonly T[] => {
  const next: T[] = new Array(state.length);
  for (let i = 0; i < state.length; i++) {
    const neighbour = state[(i + 1) % state.length]!;
    next[i] = add(state[i]!, mul(STEP, sub(sin(neighbour), mul(0.1, state[i]!))));
  }
  return next;
};

/** Σ s_i² after `steps` steps from x, as a plain loop (every step on the tape). */
export function plainLoop(steps: number): ScalarFunction {
  return <T extends Scalar>(x: readonly T[]): T => {
    let state: readonly T[] = x;
    for (let t = 0; t < steps; t++) state = loopStep(state, t);
    return sum(state.map((s) => square(s)));
  };
}

/** The same function with reverse mode's `checkpointedLoop` (√T steps per segment by default). */
export function checkpointedLoopFunction(steps: number): ScalarFunction {
  return <T extends Scalar>(x: readonly T[]): T => {
    const state = checkpointedLoop(loopStep, x, steps);
    return sum(state.map((s) => square(s)));
  };
}

/** The starting state the experiment differentiates at. */
export function loopStart(): Float64Array {
  const x = new Float64Array(LOOP_STATE_SIZE);
  for (let i = 0; i < LOOP_STATE_SIZE; i++) x[i] = 0.5 + 0.1 * i;
  return x;
}

/** A reverse gradient of the plain or checkpointed loop, counting into `counters`. */
export function loopGradient(checkpointed: boolean, steps: number, counters?: Counters): () => Float64Array {
  const f = checkpointed ? checkpointedLoopFunction(steps) : plainLoop(steps);
  const x = loopStart();
  const options = counters === undefined ? {} : { counters };
  return () => gradient(f, x, options);
}
