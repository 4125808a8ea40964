/**
 * Finding loops in a recording. A function that loops over its inputs records the same few operations
 * again and again, with argument indices that move by a fixed stride per iteration (Rosenbrock: eight
 * entries per term, reading x[i] and x[i+1] and the previous partial sum). Generating one loop for such a
 * run instead of thousands of straight-line statements keeps the generated code small: V8's optimizing
 * compiler takes time superlinear in a function's size (about 0.3 ms per straight-line entry on this
 * project's machines), while a loop body is compiled once.
 *
 * A run is entries `start + period·t + j` (t < count, j < period) such that every entry has the opcode of
 * entry `start + j`, the same operands that are constants, and every argument index affine in t:
 * `arg(t) = arg(0) + stride·t`. Constant operands may differ between iterations (a matrix times a vector):
 * the generated loop then reads them from the tape.
 */
import type { Tape } from '../../tape.js';

/**
 * A block of entries: a loop of `count` iterations of `period` entries, or `period` entries of straight-line
 * code (count 1).
 */
export interface Block {
  readonly start: number;
  readonly period: number;
  readonly count: number;
}

/** Where the loop finder looks, and what it accepts. */
export interface LoopSearch {
  /** Longest loop body tried. */
  readonly maxPeriod: number;
  /** Fewest entries a loop must cover to replace straight-line code. */
  readonly minEntries: number;
}

/** Fewest iterations of a loop: the stride of each argument is learned from the first two. */
const MIN_ITERATIONS = 3;

/**
 * Per entry, what must repeat exactly for two entries to be the same operation of a loop body: the opcode
 * and which operands are constants. (Arguments are compared separately, for their strides.)
 */
function signatures(tape: Tape): Int32Array {
  const { opcodes, arg0, arg1 } = tape;
  const signature = new Int32Array(tape.length);
  for (let k = 0; k < tape.length; k++) {
    signature[k] = opcodes[k]! | (arg0[k]! < 0 ? 256 : 0) | (arg1[k]! < 0 ? 512 : 0);
  }
  return signature;
}

/** True when iteration `t` of the candidate loop at `start` with `period` matches iteration 0 affinely. */
function iterationMatches(
  tape: Tape,
  signature: Int32Array,
  start: number,
  period: number,
  t: number,
): boolean {
  const { arg0, arg1 } = tape;
  for (let j = 0; j < period; j++) {
    const first = start + j;
    const second = first + period;
    const other = first + period * t;
    if (signature[other] !== signature[first]) return false;
    const a = arg0[first]!;
    if (a >= 0 && arg0[other]! !== a + (arg0[second]! - a) * t) return false;
    const b = arg1[first]!;
    if (b >= 0 && arg1[other]! !== b + (arg1[second]! - b) * t) return false;
  }
  return true;
}

/** The longest loop starting at `start` (most entries covered, shortest period on ties), or null. */
function loopAt(tape: Tape, signature: Int32Array, start: number, search: LoopSearch): Block | null {
  const length = tape.length;
  const first = signature[start]!;
  let best: Block | null = null;
  const maxPeriod = Math.min(search.maxPeriod, Math.floor((length - start) / MIN_ITERATIONS));
  for (let period = 1; period <= maxPeriod; period++) {
    // The cheap test first: most periods fail it, and it runs for every entry of code that does not loop.
    if (signature[start + period] !== first || signature[start + 2 * period] !== first) continue;
    // A multiple of a period that already loops covers no more entries.
    if (best !== null && period % best.period === 0) continue;
    // Iteration 1 defines the strides, so only its signatures need checking.
    let operationsMatch = true;
    for (let j = 1; j < period && operationsMatch; j++) {
      operationsMatch = signature[start + j] === signature[start + period + j];
    }
    if (!operationsMatch || !iterationMatches(tape, signature, start, period, 2)) continue;
    let count = MIN_ITERATIONS;
    while (
      start + (count + 1) * period <= length &&
      iterationMatches(tape, signature, start, period, count)
    ) {
      count++;
    }
    if (best === null || count * period > best.count * best.period) best = { start, period, count };
  }
  return best !== null && best.count * best.period >= search.minEntries ? best : null;
}

/**
 * Splits the entries after the inputs into loops and the straight-line stretches between them, in
 * recording order.
 */
export function findBlocks(tape: Tape, search: LoopSearch): Block[] {
  const blocks: Block[] = [];
  let straightStart = tape.inputCount;
  const closeStraight = (end: number) => {
    if (end > straightStart) blocks.push({ start: straightStart, period: end - straightStart, count: 1 });
  };
  const signature = search.maxPeriod > 0 ? signatures(tape) : new Int32Array(0);
  let k = tape.inputCount;
  while (k < tape.length) {
    const loop = search.maxPeriod > 0 ? loopAt(tape, signature, k, search) : null;
    if (loop === null) {
      k++;
      continue;
    }
    closeStraight(k);
    blocks.push(loop);
    k += loop.count * loop.period;
    straightStart = k;
  }
  closeStraight(tape.length);
  return blocks;
}
