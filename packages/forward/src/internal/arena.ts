/**
 * The lane arena of chunked forward mode: Float64Array blocks holding the k tangent lanes of every value
 * a pass computes, side by side. A pass appends k slots per operation, moving on to the next block when
 * one is full (no copying, no huge contiguous allocation); the arena is rewound, not freed, between
 * passes, and the next call reuses it too (up to 8 MiB), so warm gradients allocate no scratch at all.
 * Scratch is O(operations · k) doubles for the largest pass.
 */
import type { Tag } from '../tag.js';

/** Doubles per block (512 KiB); a block is larger only when one value's lanes need more. */
const BLOCK_DOUBLES = 64 * 1024;

/** Blocks kept for the next call (8 MiB); any beyond are released when a call ends. */
const KEPT_BLOCKS = 16;

/** Block-allocated scratch storage for tangent lanes, shared by the passes of one differentiation call. */
export class LaneArena {
  /** The block `allocate` last reserved in. Read it right after `allocate`. */
  block: Float64Array;
  private readonly blocks: Float64Array[];
  private blockIndex = 0;
  private used = 0;

  constructor() {
    this.block = new Float64Array(BLOCK_DOUBLES);
    this.blocks = [this.block];
  }

  /**
   * Reserves `width` consecutive doubles, in `this.block` from now on, and returns their offset in it.
   * The contents are stale: overwrite them.
   */
  allocate(width: number): number {
    if (this.used + width > this.block.length) this.nextBlock(width);
    const offset = this.used;
    this.used = offset + width;
    return offset;
  }

  /** Rewinds to empty for the next pass; lanes of the previous pass become invalid. */
  reset(): void {
    this.blockIndex = 0;
    this.block = this.blocks[0]!;
    this.used = 0;
  }

  /** Bytes currently reserved. */
  get bytes(): number {
    let total = 0;
    for (const block of this.blocks) total += block.byteLength;
    return total;
  }

  /** Drops blocks beyond what is worth keeping between calls. */
  trim(): void {
    this.reset();
    if (this.blocks.length > KEPT_BLOCKS) this.blocks.length = KEPT_BLOCKS;
  }

  private nextBlock(width: number): void {
    this.blockIndex++;
    let block = this.blocks[this.blockIndex];
    if (block === undefined || block.length < width) {
      block = new Float64Array(Math.max(BLOCK_DOUBLES, width));
      this.blocks[this.blockIndex] = block;
    }
    this.block = block;
    this.used = 0;
  }
}

let spareArena: LaneArena | null = null;

/**
 * An arena for one differentiation call: the one the previous call released if there is one, so repeated
 * gradients allocate no scratch once warm (fresh typed arrays per call cost far more in allocation and
 * garbage collection than the passes themselves). Pair with `releaseArena`.
 */
export function acquireArena(): LaneArena {
  const arena = spareArena ?? new LaneArena();
  spareArena = null;
  arena.reset();
  return arena;
}

/** Returns an arena after its call, trimmed to 8 MiB, for the next call. */
export function releaseArena(arena: LaneArena): void {
  arena.trim();
  spareArena = arena;
}

/** One chunked pass: its tag (so values escaping the pass are caught), its lane count and its arena. */
export class ChunkPass {
  constructor(
    /** Open while the pass runs. */
    readonly tag: Tag,
    /** Tangent lanes per value (k, or fewer on the last pass). */
    readonly width: number,
    /** Where the lanes live. */
    readonly arena: LaneArena,
  ) {}
}
