/**
 * Tapes reused from call to call, and the meter of tape bytes held during a call.
 *
 * Calls nest (a checkpoint's re-recording happens during a sweep; a derivative may be taken inside a
 * function being differentiated), so the pool is a stack: the tape at depth d is free whenever fewer
 * than d + 1 calls hold one. Tapes keep their grown arrays, so a gradient allocates nothing for its tape
 * once the pool has seen a recording of that size; `releaseTapeMemory()` hands the arrays back.
 */
import { Tape } from '../../tape.js';

const pool: Tape[] = [];
let depth = 0;

/** A reset tape from the pool; give it back with `releaseTape` (LIFO, in a `finally`). */
export function acquireTape(): Tape {
  let tape = pool[depth];
  if (tape === undefined) {
    tape = new Tape();
    pool[depth] = tape;
  }
  depth++;
  tape.reset();
  return tape;
}

/** Returns the most recently acquired tape to the pool. */
export function releaseTape(tape: Tape): void {
  depth--;
  if (pool[depth] !== tape) throw new Error('reverse: tapes released out of order');
}

/** Drops every pooled tape that is not in use, so its memory can be collected. */
export function releasePooledTapes(): void {
  pool.length = depth;
}

/** Bytes of the tape arrays the pool holds (in use or not). */
export function pooledCapacityBytes(): number {
  let total = 0;
  for (const tape of pool) total += tape.capacityBytes;
  return total;
}

// ---------------------------------------------------------------------------------------------------
// The meter: tapes being recorded or swept right now, and the largest total they reached.

const tapesInUse: Tape[] = [];

/** Measures the peak tape bytes of one call, nested calls included. */
export interface Meter {
  /** How many tapes were in use when the call started (they belong to enclosing calls). */
  readonly base: number;
  /** Largest total bytes of this call's tapes seen so far. */
  peak: number;
}

const meters: Meter[] = [];

/** Starts measuring a call whose main tape is `tape`. End with `endMeter` in a `finally`. */
export function beginMeter(tape: Tape): Meter {
  const meter: Meter = { base: tapesInUse.length, peak: 0 };
  meters.push(meter);
  tapesInUse.push(tape);
  return meter;
}

/** Stops measuring the innermost call. */
export function endMeter(meter: Meter): void {
  meters.pop();
  tapesInUse.length = meter.base;
}

/** Marks a scratch tape as held (a checkpoint's re-recording) until `endTapeUse`. */
export function beginTapeUse(tape: Tape): void {
  tapesInUse.push(tape);
}

/** Releases the scratch tape marked last. */
export function endTapeUse(): void {
  tapesInUse.pop();
}

/**
 * Updates every running meter with the bytes its tapes hold now. Called where a tape is at its largest:
 * when a recording ends and when a checkpoint's re-recording ends.
 */
export function notePeak(): void {
  let total = 0;
  let level = tapesInUse.length;
  for (let m = meters.length - 1; m >= 0; m--) {
    const meter = meters[m]!;
    while (level > meter.base) total += tapesInUse[--level]!.bytes;
    if (total > meter.peak) meter.peak = total;
  }
}
