/**
 * The syntax tree of the expression language and the operator table that the parser and the formatter
 * share, so both agree on precedence and associativity by construction.
 */
import type { BinaryName, Scalar, ScalarFunction, VectorFunction } from '@dualtape/core';
import type { FunctionName } from './functions.js';

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
      readonly name: FunctionName;
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

/**
 * Deepest nesting `parse` accepts (bracket depth, and the tree's height counted as nesting: a flat chain
 * `a + b - c + …` or `a * b / c * …` of any length is one level, its operands nest inside it); deeper
 * input is a `ParseError`.
 */
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

/** A call node of the tree. */
export type CallNode = Extract<ExpressionNode, { kind: 'call' }>;

/**
 * The precedence of `node` when it is a link of a flat chain — an infix `+ -` or `* /` call, whose left
 * operand may be a longer chain of the same level — else undefined.
 */
export function chainPrecedence(node: ExpressionNode): number | undefined {
  if (node.kind !== 'call' || node.operator === undefined || node.args.length !== 2) return undefined;
  const operator = INFIX_OPERATORS[node.operator];
  return operator.rightAssociative ? undefined : operator.precedence;
}

/** A flat chain `first op₁ right₁ op₂ right₂ …`, in evaluation order. */
export interface FlatChain {
  /** The leftmost operand (not itself a link of this chain). */
  readonly first: ExpressionNode;
  /** Each operator call with its right operand, left to right; empty when the node is not a chain. */
  readonly links: readonly { readonly call: CallNode; readonly right: ExpressionNode }[];
}

/**
 * The chain rooted at `node`, walked down its left spine without recursion, so a sum of a million terms
 * is compiled, formatted and evaluated in a loop (the tree stays the same binary tree the parser builds).
 *
 * @example flatChain(parse('a + b - c').root) // { first: a, links: [{ call: +, right: b }, { call: -, right: c }] }
 */
export function flatChain(node: ExpressionNode): FlatChain {
  const level = chainPrecedence(node);
  const links: { call: CallNode; right: ExpressionNode }[] = [];
  let current = node;
  while (level !== undefined && current.kind === 'call' && chainPrecedence(current) === level) {
    links.push({ call: current, right: current.args[1]! });
    current = current.args[0]!;
  }
  links.reverse();
  return { first: current, links };
}
