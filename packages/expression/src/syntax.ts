/**
 * The syntax tree of the expression language and the operator table that the parser and the formatter
 * share, so both agree on precedence and associativity by construction.
 */
import type { BinaryName, Scalar, ScalarFunction, UnaryName, VectorFunction } from '@dualtape/core';

/** The infix and prefix operators of the language (`**` is read as `^`). */
export type OperatorSymbol = '+' | '-' | '*' | '/' | '^';

/**
 * A node of the syntax tree. Operators become calls of the rule table's operations (`a+b` is `add`,
 * `-a` is `neg`, `a^b` is `pow`) that remember their `operator`, so formatting writes them back as
 * operators; `add(a, b)` written as a call has no `operator`. `position` is the 0-based offset of the
 * node's first token (the operator for operator calls, the name for calls).
 */
export type ExpressionNode =
  | { readonly kind: 'number'; readonly value: number; readonly position: number; readonly text: string }
  | { readonly kind: 'variable'; readonly name: string; readonly index: number; readonly position: number }
  | {
      readonly kind: 'constant';
      readonly name: 'pi' | 'e';
      readonly value: number;
      readonly position: number;
    }
  | {
      readonly kind: 'call';
      readonly name: UnaryName | BinaryName;
      readonly args: readonly ExpressionNode[];
      readonly position: number;
      readonly operator?: OperatorSymbol;
    }
  | { readonly kind: 'vector'; readonly elements: readonly ExpressionNode[]; readonly position: number };

/** The result of `parse`: the tree, its variables, and ready-to-run functions for every mode. */
export interface ParsedExpression {
  /** The text that was parsed. */
  readonly source: string;
  /** Variable names in order of first appearance; `x[i]` of `evaluate` is `variables[i]`. */
  readonly variables: readonly string[];
  /** True when the expression is a top-level vector `[e1, e2, ...]`. */
  readonly isVector: boolean;
  /** Number of outputs: 1 for a scalar expression, the element count for a vector. */
  readonly outputSize: number;
  /** The syntax tree. */
  readonly root: ExpressionNode;
  /**
   * Evaluates on any number type through core's free functions; `x[i]` is `variables[i]`. Returns one
   * value for a scalar expression and an array for a vector. Parts that do not depend on the variables
   * come back as plain numbers. Throws a `ShapeError` when `x` does not have one value per variable.
   */
  evaluate<T extends Scalar>(x: readonly T[]): T | readonly T[];
  /** The expression as a scalar function; calling it throws a `UsageError` if the expression is a vector. */
  readonly scalar: ScalarFunction;
  /** The expression as a vector function; a scalar expression gives a one-element array. */
  readonly vector: VectorFunction;
}

/** Deepest nesting `parse` accepts (tree height and bracket depth); deeper input is a `ParseError`. */
export const MAX_EXPRESSION_DEPTH = 1000;

/** How an infix operator binds: higher precedence binds tighter. */
export interface InfixOperator {
  readonly name: 'add' | 'sub' | 'mul' | 'div' | 'pow';
  readonly precedence: number;
  readonly rightAssociative: boolean;
}

/** The infix operators, by symbol. `^` binds tighter than prefix minus, so `-x^2` is `-(x^2)`. */
export const INFIX_OPERATORS: Readonly<Record<OperatorSymbol, InfixOperator>> = {
  '+': { name: 'add', precedence: 1, rightAssociative: false },
  '-': { name: 'sub', precedence: 1, rightAssociative: false },
  '*': { name: 'mul', precedence: 2, rightAssociative: false },
  '/': { name: 'div', precedence: 2, rightAssociative: false },
  '^': { name: 'pow', precedence: 4, rightAssociative: true },
};

/** Precedence of prefix `-` and `+`: between `*` and `^`. */
export const PREFIX_PRECEDENCE = 3;

/** Precedence of atoms: numbers, variables, constants, `name(...)` calls and parenthesised groups. */
export const ATOM_PRECEDENCE = 5;

/** The operator symbol an operation is written with in infix form, if it has one. */
export const INFIX_SYMBOL_OF: Readonly<Partial<Record<BinaryName, OperatorSymbol>>> = {
  add: '+',
  sub: '-',
  mul: '*',
  div: '/',
  pow: '^',
};

/** The named constants of the language; reserved, never variables. */
export const CONSTANTS: Readonly<Record<'pi' | 'e', number>> = { pi: Math.PI, e: Math.E };
