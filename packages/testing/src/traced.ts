/**
 * A test double of core's \`Real\`: it computes values with the rule table and logs every operation it
 * receives, so tests can check that code dispatches through the rule table the way every mode sees it.
 */
import {
  type BinaryRule,
  type Comparison,
  comparePrimals,
  primal,
  type Real,
  type Scalar,
  type UnaryRule,
} from '@dualtape/core';

/** One operation as a `TracedNumber` saw it: the rule's name and its plain arguments, in order. */
export interface TracedOperation {
  readonly name: string;
  readonly args: readonly number[];
}

/**
 * A `Real` that computes values with the rule table and appends every operation to a shared log, like a
 * tape would. Its primal must always equal the plain-number computation.
 */
export class TracedNumber implements Real {
  constructor(
    readonly primal: number,
    readonly log: TracedOperation[] = [],
  ) {}

  apply1(rule: UnaryRule): this {
    this.log.push({ name: rule.name, args: [this.primal] });
    return new TracedNumber(rule.value(this.primal), this.log) as this;
  }

  apply2(rule: BinaryRule, other: Scalar, thisIsSecond: boolean): this {
    const a = thisIsSecond ? primal(other) : this.primal;
    const b = thisIsSecond ? this.primal : primal(other);
    this.log.push({ name: rule.name, args: [a, b] });
    return new TracedNumber(rule.value(a, b), this.log) as this;
  }

  compare(comparison: Comparison, other: Scalar, thisIsSecond: boolean): boolean {
    const a = thisIsSecond ? primal(other) : this.primal;
    const b = thisIsSecond ? this.primal : primal(other);
    this.log.push({ name: comparison, args: [a, b] });
    return comparePrimals(comparison, a, b);
  }
}

/** Traced copies of `values` sharing one log. */
export function traced(values: ArrayLike<number>, log: TracedOperation[] = []): TracedNumber[] {
  return Array.from(values, (value) => new TracedNumber(value, log));
}
