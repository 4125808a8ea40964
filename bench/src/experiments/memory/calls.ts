/** What the memory experiment times beside the zoo's gradients: the T-step loop, plain or checkpointed. */
import { newCounters } from '@dualtape/core';
import { type CallKind, SMALL_SIZE } from '../../calls/types.js';
import { loopGradient } from './loop.js';

/** The T-step loop's reverse gradient, plain or checkpointed. */
export interface LoopCall {
  readonly kind: 'loop';
  readonly steps: number;
  readonly checkpointed: boolean;
}

/** The loop's call kind. */
export const LOOP_CALLS: CallKind<LoopCall, 'steps'> = {
  kind: 'loop',
  sizeKey: 'steps',
  prepare: (spec) => ({
    call: loopGradient(spec.checkpointed, spec.steps),
    stats: () => {
      const counters = newCounters();
      loopGradient(spec.checkpointed, spec.steps, counters)();
      return { operations: counters.operations, peakTapeBytes: counters.peakTapeBytes };
    },
  }),
  small: (spec) => ({ ...spec, steps: Math.min(spec.steps, SMALL_SIZE) }),
  warmupKey: (spec) => `loop/${spec.checkpointed}`,
  describe: (spec) => `${spec.checkpointed ? 'checkpointed' : 'plain'} loop of ${spec.steps}`,
};
