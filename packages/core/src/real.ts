/**
 * The operation set every number type implements. A differentiable function is written once against
 * `Scalar` with core's free functions (`add`, `sin`, ...) and runs unchanged on plain numbers (at full
 * speed), forward-mode duals, reverse-mode tape variables and complex numbers.
 *
 * A number type does not implement `sin`, `mul`, ... one by one: it implements `apply1`/`apply2`, which
 * receive the operation's entry of the rule table (value and partial derivatives) and combine it with the
 * type's own bookkeeping (tangents, tape records, imaginary parts). That is how every mode reads the same
 * derivative rules.
 */
import type { BinaryRule, UnaryRule } from './rules.js';

/** A comparison on primal values, as recorded by types that must replay control flow. */
export type Comparison = 'lt' | 'le' | 'gt' | 'ge' | 'eq' | 'ne';

/**
 * A number type that dualtape can differentiate through. Implementations: `Dual` and `ChunkDual`
 * (forward), `Var` (reverse), `Complex` (numeric complex step).
 */
export interface Real {
  /** The plain value underneath every layer of tangents or recording; used for control flow and printing. */
  readonly primal: number;
  /** Applies a one-argument operation of the rule table to this number. */
  apply1(rule: UnaryRule): this;
  /**
   * Applies a two-argument operation of the rule table. `this` is the first argument unless
   * `thisIsSecond` is true (e.g. `sub(2, x)` arrives as `x.apply2(SUB, 2, true)`).
   */
  apply2(rule: BinaryRule, other: Scalar, thisIsSecond: boolean): this;
  /**
   * Compares primal values for control flow. Types that replay recordings note the outcome so a replay
   * that would branch differently is detected. `thisIsSecond` as in `apply2`.
   */
  compare(comparison: Comparison, other: Scalar, thisIsSecond: boolean): boolean;
}

/** A plain number or any `Real` implementation: the type a write-once function computes with. */
export type Scalar = number | Real;

/** A function written once for every mode, from a vector of inputs to one output. */
export type ScalarFunction = <T extends Scalar>(x: readonly T[]) => T;

/** A function written once for every mode, from a vector of inputs to a vector of outputs. */
export type VectorFunction = <T extends Scalar>(x: readonly T[]) => readonly T[];

/** A function written once for every mode, from one input to one output. */
export type UnivariateFunction = <T extends Scalar>(x: T) => T;

/** True for every `Real` implementation (anything that is not a plain number). */
export function isReal(x: Scalar): x is Real {
  return typeof x !== 'number';
}

/** The plain value of `x`: `x` itself for numbers, `x.primal` for every `Real`. */
export function primal(x: Scalar): number {
  return typeof x === 'number' ? x : x.primal;
}
