/**
 * `'auto'`'s probe, bounded: instead of recording f on a tape (which held the whole function, 33 bytes per
 * operation, before anything was decided), f runs on a number type that only counts what a tape would
 * record — one entry per input, operation and comparison — and keeps nothing, so it needs O(1) memory; and
 * it stops as soon as the count passes a limit (the tape budget's worth of entries), when the decision is
 * already clear. Only `'auto'` with a finite `maxTapeBytes` whose cost model prefers a tape ever asks.
 */
import {
  type BinaryRule,
  type Comparison,
  comparePrimalWith,
  OperatorError,
  primal,
  type Real,
  type Scalar,
  type UnaryRule,
  type VectorFunction,
} from '@dualtape/core';

/** Thrown (and caught) to stop a probe that has counted past its limit. */
const STOP = Symbol('probe limit reached');

/** The running count of one probe. */
class Count {
  entries = 0;
  /** Rules by convention (`refereed: false`, e.g. stopGradient) f applied: finite differences cannot see them. */
  readonly conventions = new Set<string>();
  /** What made the last entry: a rule's name, 'comparison' or 'input'. */
  last = '';
  constructor(private readonly limit: number) {}
  tick(what: string): void {
    this.last = what;
    if (++this.entries > this.limit) throw STOP;
  }
}

/** A plain value that counts each operation applied to it, as the reverse tape would record it. */
class CountingNumber implements Real {
  constructor(
    readonly primal: number,
    private readonly count: Count,
  ) {}

  apply1(rule: UnaryRule): this {
    this.count.tick(rule.name);
    if (!rule.refereed) this.count.conventions.add(rule.name);
    return new CountingNumber(rule.value(this.primal), this.count) as this;
  }

  apply2(rule: BinaryRule, other: Scalar, thisIsSecond: boolean): this {
    // Another number type here is an enclosing call's: it owns the operation (as for the tape's Var).
    if (typeof other !== 'number' && !(other instanceof CountingNumber)) {
      return other.apply2(rule, this, !thisIsSecond) as unknown as this;
    }
    this.count.tick(rule.name);
    if (!rule.refereed) this.count.conventions.add(rule.name);
    const that = primal(other);
    const value = thisIsSecond ? rule.value(that, this.primal) : rule.value(this.primal, that);
    return new CountingNumber(value, this.count) as this;
  }

  compare(comparison: Comparison, other: Scalar, thisIsSecond: boolean): boolean {
    this.count.tick('comparison');
    return comparePrimalWith(comparison, this.primal, other, thisIsSecond);
  }

  /** Refuses JavaScript operators, as every dualtape number type does (they would drop the derivative). */
  valueOf(): never {
    throw new OperatorError(
      "mode 'auto': f used a JavaScript operator on the probe's numbers; write it with core's functions " +
        '(add, mul, lt, ...), or choose a mode explicitly',
    );
  }
}

/** What one probe evaluation saw. */
export interface ProbeCount {
  /** Entries a reverse-mode tape would record (inputs, operations, comparisons); undefined past the limit. */
  readonly entries: number | undefined;
  /** Rules by convention applied (stopGradient), as far as the probe got. */
  readonly conventions: readonly string[];
}

/**
 * Runs `f` once at `point` on counting numbers: how many entries a reverse-mode tape would record
 * (undefined once that exceeds `limit`: the probe stopped there) and which rules by convention it applied.
 */
export function countOperations(f: VectorFunction, point: Float64Array, limit: number): ProbeCount {
  const count = new Count(limit);
  let entries: number | undefined;
  try {
    for (let i = 0; i < point.length; i++) count.tick('input');
    f(Array.from(point, (value) => new CountingNumber(value, count)));
    entries = count.entries;
  } catch (error) {
    if (error !== STOP) throw error;
  }
  return { entries, conventions: [...count.conventions] };
}

/**
 * Runs `f` at `point` on counting numbers until the reverse-mode tape entry `entry` (0-based: the inputs
 * first, then operations and comparisons in recording order) would be recorded, and calls `atEntry` there
 * with what makes it (a rule's name, 'comparison' or 'input'). Nothing is called when f records fewer.
 */
export function runToTapeEntry(
  f: VectorFunction,
  point: Float64Array,
  entry: number,
  atEntry: (what: string) => void,
): void {
  const count = new Count(entry);
  try {
    for (let i = 0; i < point.length; i++) count.tick('input');
    f(Array.from(point, (value) => new CountingNumber(value, count)));
  } catch (error) {
    if (error !== STOP) throw error;
    atEntry(count.last);
  }
}
