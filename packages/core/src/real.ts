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
import type { Comparison, Formula } from './formula.js';

export type { Comparison } from './formula.js';

/**
 * A number type that dualtape can differentiate through. Implementations: `Dual` and `ChunkDual`
 * (forward), `Var` (reverse), `Complex` (numeric complex step).
 */
export interface Real {
  /** The plain value underneath every layer of tangents or recording; used for control flow and printing. */
  readonly primal: number;
  /** Applies a one-argument operation of the rule table to this number. */
  apply1(rule: UnaryRow): this;
  /**
   * Applies a two-argument operation of the rule table. `this` is the first argument unless
   * `thisIsSecond` is true (e.g. `sub(2, x)` arrives as `x.apply2(SUB, 2, true)`).
   */
  apply2(rule: BinaryRow, other: Scalar, thisIsSecond: boolean): this;
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

/** An open interval of safe sample points (inside the domain, away from singularities). */
export interface SampleInterval {
  readonly min: number;
  readonly max: number;
}

/**
 * One row of the rule table for an operation of one argument. The rows live in table.ts; their shape lives
 * here, beside the `Real` that applies them, so the two modules do not import each other.
 */
export interface UnaryRow<Name extends string = string> {
  readonly arity: 1;
  /** The operation's name: its key in the table, its free function's name. */
  readonly name: Name;
  /** Small integer identifying the operation (tape opcodes). Unique across unary and binary rules. */
  readonly code: number;
  /** The value on plain numbers. */
  readonly value: (x: number) => number;
  /** The JavaScript prefix operator that computes `value` (`'-'` for neg), or undefined. */
  readonly operator: string | undefined;
  /**
   * dy/dx as data, over the argument x (argument 0) and the result y, before the NaN guard (which every
   * reader applies: where y is NaN, the partial is NaN). What code generators read.
   */
  readonly partials: readonly [Formula];
  /** dy/dx at `x`, given the output `y = value(x)`, generic over the number type (NaN guard included). */
  readonly d: (x: Scalar, y: Scalar) => Scalar;
  /** Where tests and random programs sample `x`. */
  readonly sample: SampleInterval;
  /**
   * False for operations with a kink inside `sample` (abs at 0): there a finite difference straddling the
   * kink matches neither one-sided derivative, so samplers must keep a step's distance from it.
   */
  readonly smooth: boolean;
  /**
   * False for a rule by convention, whose partial is a definition rather than the derivative of `value`
   * (`stopGradient`: the identity, partial 0). Referees that differentiate values (finite differences, a
   * symbolic differentiator) see the value's derivative there, so tests against them leave such rows out.
   */
  readonly refereed: boolean;
}

/** One row of the rule table for an operation of two arguments. */
export interface BinaryRow<Name extends string = string> {
  readonly arity: 2;
  /** The operation's name: its key in the table, its free function's name. */
  readonly name: Name;
  /** Small integer identifying the operation (tape opcodes). Unique across unary and binary rules. */
  readonly code: number;
  /** The value on plain numbers. */
  readonly value: (a: number, b: number) => number;
  /** The JavaScript infix operator that computes `value` (`'+'`, `'-'`, `'*'`, `'/'`), or undefined. */
  readonly operator: string | undefined;
  /** ∂y/∂a and ∂y/∂b as data, over a (argument 0), b (argument 1) and y, before the NaN guard. */
  readonly partials: readonly [Formula, Formula];
  /** ∂y/∂a at `(a, b)`, given the output `y` (generic, NaN guard included). */
  readonly da: (a: Scalar, b: Scalar, y: Scalar) => Scalar;
  /** ∂y/∂b at `(a, b)`, given the output `y` (generic, NaN guard included). */
  readonly db: (a: Scalar, b: Scalar, y: Scalar) => Scalar;
  /** Where tests and random programs sample `a` and `b`. */
  readonly sample: readonly [SampleInterval, SampleInterval];
  /** False for operations with a kink (min/max where a = b); see `UnaryRow.smooth`. */
  readonly smooth: boolean;
  /** False for a rule by convention; see `UnaryRow.refereed`. */
  readonly refereed: boolean;
}

/** A row of the rule table, of any name (the table's own rows are `Rule`s, named by the table's keys). */
export type Row = UnaryRow | BinaryRow;
