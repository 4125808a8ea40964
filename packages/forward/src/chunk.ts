/**
 * Chunked (vector-mode) forward duals: a value and k tangents at once, so a gradient of f: R^N -> R takes
 * ceil(N/k) passes instead of N (ForwardDiff.jl's chunk mode). The lanes live in a per-pass arena
 * (`internal/arena.ts`) of Float64Array blocks shared by every value of a pass; a `ChunkDual` is just its
 * value and where its k lanes are, so an operation allocates one small object and writes k doubles.
 *
 * Chunked duals carry plain numbers only. Inside an enclosing derivative the operators use one-tangent
 * `Dual`s instead, which can carry the enclosing call's numbers.
 */
import {
  type BinaryRule,
  type Comparison,
  comparePrimals,
  compareValues,
  nestingLevelOf,
  PerturbationError,
  type Real,
  type Scalar,
  strongZeroProduct,
  type UnaryRule,
  UsageError,
} from '@dualtape/core';
import type { ChunkPass } from './internal/arena.js';
import {
  escapedDualError,
  operatorOnDualError,
  type Tag,
  type Tagged,
  tagOf,
  withoutForwardLayers,
} from './tag.js';

export { CHUNK_THRESHOLD, defaultChunkSize } from '@dualtape/core';

/**
 * A dual number with k tangent lanes, created by chunked `gradient`/`jacobian`/`hessian` passes. Its
 * lanes live in its pass's arena at `offset`; read them with `tangent(lane)` while the pass runs. Using
 * it after its pass has ended throws `PerturbationError`.
 *
 * Memory: each operation of a pass reserves k doubles of arena scratch, so a pass holds
 * O(operations · k) doubles; the arena is reused by the next pass and the next call (up to 8 MiB).
 */
export class ChunkDual implements Real, Tagged {
  // `declare` fields are only assigned in the constructor (see `Dual`).
  /** The value (always a plain number). */
  declare readonly value: number;
  /** The arena block holding this value's lanes. */
  declare readonly lanes: Float64Array;
  /** Where this value's lanes start in `lanes`. */
  declare readonly offset: number;
  /** The pass this value belongs to. */
  declare readonly pass: ChunkPass;

  constructor(value: number, lanes: Float64Array, offset: number, pass: ChunkPass) {
    this.value = value;
    this.lanes = lanes;
    this.offset = offset;
    this.pass = pass;
  }

  /** The nesting level of its pass (core's `nestingLevelOf`): the pass's tag's creation order. */
  get nestingLevel(): number {
    return this.pass.tag.id;
  }

  /** The plain value. */
  get primal(): number {
    return this.value;
  }

  /** The pass's tag. */
  get tag(): Tag {
    return this.pass.tag;
  }

  /** Number of tangent lanes. */
  get width(): number {
    return this.pass.width;
  }

  /** The tangent in lane `lane` (0-based, below `width`). */
  tangent(lane: number): number {
    if (!this.pass.tag.active) throw escapedDualError('ChunkDual.tangent');
    if (!Number.isInteger(lane) || lane < 0 || lane >= this.pass.width) {
      throw new UsageError(`ChunkDual.tangent: lane ${lane} is not in 0..${this.pass.width - 1}`);
    }
    return this.lanes[this.offset + lane]!;
  }

  /** Throws: JavaScript operators would drop the tangents. Use core's free functions. */
  valueOf(): never {
    throw operatorOnDualError('ChunkDual');
  }

  /** `ChunkDual(value; k lanes)`, for printing. */
  toString(): string {
    return `ChunkDual(${this.value}; ${this.pass.width} lanes)`;
  }

  apply1(rule: UnaryRule): this {
    const pass = this.pass;
    if (!pass.tag.active) throw escapedDualError(rule.name);
    const x = this.value;
    const y = rule.value(x);
    const partial = rule.d(x, y) as number;
    const result = this.scaled(y, partial);
    pass.tag.watch?.check(rule, [x], y, [partial], [this.laneView()], result.laneView());
    return result;
  }

  apply2(rule: BinaryRule, other: Scalar, thisIsSecond: boolean): this {
    const pass = this.pass;
    if (!pass.tag.active) throw escapedDualError(rule.name);
    if (typeof other === 'number') return this.withConstant(rule, other, thisIsSecond);
    if (other instanceof ChunkDual) {
      if (other.pass === pass) return this.combine(rule, other, thisIsSecond);
      if (!other.pass.tag.active) throw escapedDualError(rule.name);
      throw new PerturbationError(`${rule.name}: values of two different chunked passes were combined`);
    }
    const otherTag = tagOf(other);
    if (otherTag === undefined) {
      // Another mode's number of a newer call (a nested reverse-mode tape) carries this value as a constant.
      if (nestingLevelOf(other) > pass.tag.id) return other.apply2(rule, this, !thisIsSecond) as this;
      throw new UsageError(
        `${rule.name}: a chunked forward pass cannot carry another number type ` +
          `(${other.constructor.name}); use chunkSize: 1 for one-tangent duals`,
      );
    }
    if (!otherTag.active) throw escapedDualError(rule.name);
    // A newer call's dual is the outer structure and carries this value as a constant.
    if (otherTag.id > pass.tag.id) return other.apply2(rule, this, !thisIsSecond) as this;
    throw new PerturbationError(
      `${rule.name}: a chunked pass met a dual of an enclosing derivative call, which its plain-number ` +
        'lanes cannot carry',
    );
  }

  compare(comparison: Comparison, other: Scalar, thisIsSecond: boolean): boolean {
    if (!this.pass.tag.active) throw escapedDualError(comparison);
    const theirs = withoutForwardLayers(other, comparison);
    if (typeof theirs === 'number') {
      return thisIsSecond
        ? comparePrimals(comparison, theirs, this.value)
        : comparePrimals(comparison, this.value, theirs);
    }
    return thisIsSecond
      ? compareValues(comparison, theirs, this.value)
      : compareValues(comparison, this.value, theirs);
  }

  /** `other` is a constant: only the partial with respect to this value is evaluated. */
  private withConstant(rule: BinaryRule, other: number, thisIsSecond: boolean): this {
    const a = thisIsSecond ? other : this.value;
    const b = thisIsSecond ? this.value : other;
    const y = rule.value(a, b);
    const partial = (thisIsSecond ? rule.db(a, b, y) : rule.da(a, b, y)) as number;
    const result = this.scaled(y, partial);
    const watch = this.pass.tag.watch;
    if (watch !== null) {
      const lanes = this.laneView();
      watch.check(
        rule,
        [a, b],
        y,
        thisIsSecond ? [0, partial] : [partial, 0],
        thisIsSecond ? [undefined, lanes] : [lanes, undefined],
        result.laneView(),
      );
    }
    return result;
  }

  /** A value of this pass whose lanes are this value's lanes times `partial` (strong zero). */
  private scaled(y: number, partial: number): this {
    const pass = this.pass;
    const width = pass.width;
    const arena = pass.arena;
    const out = arena.allocate(width);
    const lanes = arena.block;
    const source = this.lanes;
    const from = this.offset;
    for (let lane = 0; lane < width; lane++) {
      lanes[out + lane] = strongZeroProduct(partial, source[from + lane]!);
    }
    return new ChunkDual(y, lanes, out, pass) as this;
  }

  /** Both operands are values of this pass. */
  private combine(rule: BinaryRule, other: ChunkDual, thisIsSecond: boolean): this {
    const pass = this.pass;
    const first = thisIsSecond ? other : this;
    const second = thisIsSecond ? this : other;
    const a = first.value;
    const b = second.value;
    const y = rule.value(a, b);
    const partialA = rule.da(a, b, y) as number;
    const partialB = rule.db(a, b, y) as number;
    const width = pass.width;
    const arena = pass.arena;
    const out = arena.allocate(width);
    const lanes = arena.block;
    const sourceA = first.lanes;
    const sourceB = second.lanes;
    const fromA = first.offset;
    const fromB = second.offset;
    for (let lane = 0; lane < width; lane++) {
      lanes[out + lane] =
        strongZeroProduct(partialA, sourceA[fromA + lane]!) +
        strongZeroProduct(partialB, sourceB[fromB + lane]!);
    }
    const result = new ChunkDual(y, lanes, out, pass) as this;
    pass.tag.watch?.check(
      rule,
      [a, b],
      y,
      [partialA, partialB],
      [first.laneView(), second.laneView()],
      result.laneView(),
    );
    return result;
  }

  /** This value's lanes as a view (for the anomaly watch; valid until the pass's arena is rewound). */
  private laneView(): Float64Array {
    return this.lanes.subarray(this.offset, this.offset + this.pass.width);
  }
}

/**
 * A pass input: value `value` seeded with 1 in lane `lane` and 0 elsewhere (lane -1: all zero).
 * Used by the operators; exported from the package only through them.
 */
export function seedChunkDual(pass: ChunkPass, value: number, lane: number): ChunkDual {
  const arena = pass.arena;
  const offset = arena.allocate(pass.width);
  const lanes = arena.block;
  lanes.fill(0, offset, offset + pass.width);
  if (lane >= 0) lanes[offset + lane] = 1;
  return new ChunkDual(value, lanes, offset, pass);
}
