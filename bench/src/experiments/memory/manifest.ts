/** The memory experiment's manifest and its settings. */
import { powersOfTwo } from '../../internal/sizes.js';
import type { ExperimentManifest } from '../manifest.js';

/** The memory experiment's settings. */
export interface MemoryProfile {
  /** Input sizes N of the memory sweep (of the `--fn` function); memory needs larger sizes to rise above noise. */
  readonly memorySizes: readonly number[];
  /** Depths of the memory sweep against the operation count (`sin-chain`: one input, `depth` operations). */
  readonly depths: readonly number[];
  /** Memory fits use the points at least this large (below it the heap figures sit at the resolution). */
  readonly memoryFitFrom: number;
  /** Loop lengths T of the checkpointing experiment. */
  readonly steps: readonly number[];
}

/** The memory experiment, before it runs. */
export const MEMORY: ExperimentManifest<'memory', MemoryProfile> = {
  name: 'memory',
  summary: ['peak and retained heap, tape bytes (adjoint code: bytes saved) vs size; checkpointed loop'],
  full: {
    memorySizes: powersOfTwo(8, 18),
    depths: powersOfTwo(10, 20),
    memoryFitFrom: 4096,
    steps: powersOfTwo(6, 14),
  },
  quick: {
    memorySizes: powersOfTwo(10, 16, 3),
    depths: powersOfTwo(10, 16, 3),
    memoryFitFrom: 1024,
    steps: powersOfTwo(5, 10),
  },
};

/** The function of the memory sweep against the operation count: one input, `size` operations. */
export const DEPTH_FUNCTION = 'sin-chain';
