/**
 * A zoo function as an expression: f runs once on a number type that builds the syntax tree of what it
 * computes (`x1`, `x2`, ... for its inputs), and the tree is written in the expression language, so the
 * page draws a zoo function with the same `computationalGraph` as a typed expression. Branches follow the
 * point f was traced at (the graph of f there, as a tape would record it).
 */
import {
  type BinaryRow,
  type Comparison,
  comparePrimals,
  primal,
  type Real,
  type Scalar,
  type UnaryRow,
} from '@dualtape/core';
import { type ExpressionNode, formatExpression } from '@dualtape/expression';
import type { ZooScalarInstance } from '@dualtape/zoo';

/** The expression language's infix and prefix symbols of the rule table's operators. */
const INFIX: Readonly<Record<string, '+' | '-' | '*' | '/' | '^'>> = {
  add: '+',
  sub: '-',
  mul: '*',
  div: '/',
  pow: '^',
};

function numberNode(value: number): ExpressionNode {
  return { kind: 'number', value, text: String(value), position: 0 };
}

/** A `Real` whose value is also the syntax tree of how it was computed. */
class ExpressionTracer implements Real {
  constructor(
    readonly primal: number,
    readonly node: ExpressionNode,
  ) {}

  apply1(rule: UnaryRow): this {
    const node: ExpressionNode = {
      kind: 'call',
      name: rule.name as Extract<ExpressionNode, { kind: 'call' }>['name'],
      args: [this.node],
      position: 0,
      ...(rule.name === 'neg' ? { operator: '-' as const } : {}),
    };
    return new ExpressionTracer(rule.value(this.primal), node) as this;
  }

  apply2(rule: BinaryRow, other: Scalar, thisIsSecond: boolean): this {
    const otherNode = other instanceof ExpressionTracer ? other.node : numberNode(primal(other));
    const [a, b] = thisIsSecond ? [otherNode, this.node] : [this.node, otherNode];
    const [va, vb] = thisIsSecond ? [primal(other), this.primal] : [this.primal, primal(other)];
    const operator = INFIX[rule.name];
    const node: ExpressionNode = {
      kind: 'call',
      name: rule.name as Extract<ExpressionNode, { kind: 'call' }>['name'],
      args: [a, b],
      position: 0,
      ...(operator === undefined ? {} : { operator }),
    };
    return new ExpressionTracer(rule.value(va, vb), node) as this;
  }

  compare(comparison: Comparison, other: Scalar, thisIsSecond: boolean): boolean {
    const [a, b] = thisIsSecond ? [primal(other), this.primal] : [this.primal, primal(other)];
    return comparePrimals(comparison, a, b);
  }
}

/** The names a traced zoo function's inputs get: `x1` ... `xN`. */
export function inputName(index: number): string {
  return `x${index + 1}`;
}

/**
 * The expression a scalar zoo instance computes at `point` (its inputs named `x1` ... `xN`). An input f
 * does not read at this point does not appear in the expression.
 */
export function zooExpression(instance: ZooScalarInstance, point: Float64Array): string {
  const inputs = Array.from(
    point,
    (value, index) =>
      new ExpressionTracer(value, { kind: 'variable', name: inputName(index), index, position: 0 }),
  );
  const output = instance.f(inputs);
  if (!(output instanceof ExpressionTracer)) {
    throw new Error(
      `${instance.name} does not depend on its inputs at this point (it returned ${primal(output)})`,
    );
  }
  return formatExpression(output.node);
}
