/**
 * Tape statistics, public for the memory benchmarks: how many entries the last reverse-mode call
 * recorded, how many bytes they occupy, and the most the call's tapes held at once (which includes the
 * scratch tapes of checkpointed segments).
 */
import { releasePooledTapes } from './internal/tape/pool.js';
import { BYTES_PER_ENTRY } from './tape.js';

/** What a tape held. */
export interface TapeStats {
  /** Entries recorded: operations, plus inputs, comparisons and checkpoint entries. */
  readonly operations: number;
  /** Bytes the recorded entries (and checkpoints' saved inputs) occupy. */
  readonly bytes: number;
  /** Most bytes held at once by the call's tapes, checkpoint re-recordings included. */
  readonly peakBytes: number;
  /** `bytes / operations`: 33 for a tape without checkpoints. */
  readonly bytesPerOperation: number;
}

let last: TapeStats = { operations: 0, bytes: 0, peakBytes: 0, bytesPerOperation: BYTES_PER_ENTRY };

/**
 * Statistics of the most recent reverse-mode call (`gradient`, `jacobian`, `record`, ...) on this
 * thread. All zero before the first call.
 */
export function tapeStats(): TapeStats {
  return last;
}

/** The statistics object for a tape of `operations` entries and `bytes` bytes that peaked at `peakBytes`. */
export function makeStats(operations: number, bytes: number, peakBytes: number): TapeStats {
  return {
    operations,
    bytes,
    peakBytes: Math.max(peakBytes, bytes),
    bytesPerOperation: operations === 0 ? BYTES_PER_ENTRY : bytes / operations,
  };
}

/** Notes a finished call's statistics for `tapeStats()`. */
export function noteCallStats(operations: number, bytes: number, peakBytes: number): void {
  last = makeStats(operations, bytes, peakBytes);
}

/**
 * Lets the tapes that reverse mode keeps for reuse be garbage-collected, e.g. after one very large
 * gradient. The next call allocates a fresh tape that grows as needed.
 */
export function releaseTapeMemory(): void {
  releasePooledTapes();
}
