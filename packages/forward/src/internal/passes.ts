/**
 * Seeding and reading forward passes. A pass seeds some inputs with tangent directions (one `Dual`, or
 * the k lanes of `ChunkDual`s), runs the function, and reads the output's tangents. Inputs outside the
 * pass's directions stay plain numbers: they are constants for the pass, so operations between them run
 * at plain-number speed and the results equal those of an all-dual pass (zero tangents contribute an exact
 * 0 under the strong-zero convention).
 */
import type { Counters, Scalar } from '@dualtape/core';
import { ChunkDual, seedChunkDual } from '../chunk.js';
import { Dual } from '../dual.js';
import { closeTag, escapedDualError, openTag, type Tag, tagOf } from '../tag.js';
import { ForwardWatch } from './anomaly.js';
import { acquireArena, ChunkPass, type LaneArena, releaseArena } from './arena.js';
import { plainNumber } from './checks.js';

/**
 * The tangent of `y` for the call tagged `tag`: 0 when `y` does not depend on that call's inputs
 * (a plain number, an enclosing call's number, another number type).
 */
export function tangentFor(operation: string, y: Scalar, tag: Tag): Scalar {
  if (y instanceof Dual && y.tag === tag) return y.tangent;
  checkNotEscaped(operation, y);
  return 0;
}

/** The value of `y` one layer below the call tagged `tag`. */
export function valueFor(y: Scalar, tag: Tag): Scalar {
  return y instanceof Dual && y.tag === tag ? y.value : y;
}

function checkNotEscaped(operation: string, y: Scalar): void {
  const tag = tagOf(y);
  if (tag !== undefined && !tag.active) throw escapedDualError(operation);
}

/**
 * One pass over the input columns `first .. first + width - 1`: seeds them into `inputs` (a plain array
 * holding `x` everywhere else), reads tangent lanes of outputs, and restores `inputs` on `close`.
 */
export class ColumnPass {
  readonly tag: Tag;
  private readonly chunk: ChunkPass | null;

  /**
   * Opens the pass. With an `arena` the columns become the lanes of `ChunkDual`s; without, `width` must
   * be 1 and the column becomes a one-tangent `Dual`. With a `watch`, the pass reports anomalies.
   */
  constructor(
    private readonly operation: string,
    private readonly inputs: Scalar[],
    private readonly x: Float64Array,
    readonly first: number,
    readonly width: number,
    arena: LaneArena | null,
    watch: ForwardWatch | null = null,
  ) {
    this.tag = openTag(watch);
    if (arena === null) {
      this.chunk = null;
      inputs[first] = new Dual(x[first]!, 1, this.tag);
      return;
    }
    arena.reset();
    const chunk = new ChunkPass(this.tag, width, arena);
    this.chunk = chunk;
    for (let lane = 0; lane < width; lane++)
      inputs[first + lane] = seedChunkDual(chunk, x[first + lane]!, lane);
  }

  /** Tangent lane `lane` of output `y`, as a plain number (0 where `y` does not depend on the pass). */
  lane(y: Scalar, lane: number): number {
    const chunk = this.chunk;
    if (chunk !== null) {
      if (y instanceof ChunkDual && y.pass === chunk) return y.lanes[y.offset + lane]!;
    } else if (y instanceof Dual && y.tag === this.tag) {
      return plainNumber(this.operation, y.tangent);
    }
    checkNotEscaped(this.operation, y);
    return 0;
  }

  /** Ends the pass: its duals become escaped, and `inputs` holds plain numbers again. */
  close(): void {
    closeTag(this.tag);
    for (let column = this.first; column < this.first + this.width; column++) {
      this.inputs[column] = this.x[column]!;
    }
  }
}

/** The inputs a pass seeds, for messages: `x[3]` or `x[0]..x[11]`. */
export function seededColumns(first: number, width: number): string {
  return width === 1 ? `x[${first}]` : `x[${first}]..x[${first + width - 1}]`;
}

/** The watch of pass `index` (from 1) of `total`, seeding `width` columns from `first`; null unwatched. */
export function passWatch(
  operation: string,
  detect: boolean,
  index: number,
  total: number,
  columns: string,
  kind = 'forward pass',
): ForwardWatch | null {
  return detect ? new ForwardWatch(operation, `${kind} ${index} of ${total} (seeding ${columns})`) : null;
}

/**
 * Runs `ceil(n / chunkSize)` passes over the columns of `x` and hands each pass's output to `visit`.
 * Chunk size 1 uses one-tangent `Dual`s; larger sizes use `ChunkDual`s in one arena reused by every pass.
 * With `detect`, every pass is watched for anomalies. Returns the number of passes.
 */
export function forEachColumnPass(
  operation: string,
  f: (inputs: readonly Scalar[]) => unknown,
  x: Float64Array,
  chunkSize: number,
  visit: (output: unknown, pass: ColumnPass) => void,
  detect = false,
): number {
  const n = x.length;
  const inputs: Scalar[] = Array.from(x);
  const arena = chunkSize > 1 ? acquireArena() : null;
  const total = Math.ceil(n / chunkSize);
  let passes = 0;
  try {
    for (let first = 0; first < n; first += chunkSize) {
      const width = Math.min(chunkSize, n - first);
      const watch = passWatch(operation, detect, passes + 1, total, seededColumns(first, width));
      const pass = new ColumnPass(operation, inputs, x, first, width, arena, watch);
      try {
        visit(f(inputs), pass);
      } finally {
        pass.close();
      }
      passes++;
    }
  } finally {
    if (arena !== null) releaseArena(arena);
  }
  return passes;
}

/** Adds a call's work to the caller's counters, if any. */
export function countWork(counters: Counters | undefined, passes: number, lanes: number): void {
  if (counters === undefined) return;
  counters.passes += passes;
  counters.lanes += lanes;
}
