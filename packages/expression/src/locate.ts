/**
 * Where in an expression an anomaly happened: the modes name the operation and its arguments' values
 * (core's `Anomaly`), and an expression is evaluated in a fixed order (arguments before their call, left to
 * right), so the first call node of that operation whose arguments have those values at the point is the
 * one. Its position gives the caret under the expression.
 */
import { type Anomaly, caretExcerpt } from '@dualtape/core';
import { languageFunction } from './functions.js';
import { type CallNode, type ExpressionNode, flatChain, type ParsedExpression } from './syntax.js';

/**
 * The position (0-based character offset) of the call in `parsed` that the anomaly names: the first, in
 * evaluation order, applying `anomaly.operation` to arguments equal to `anomaly.arguments` at `point`
 * (one value per variable); undefined when no call matches (e.g. the anomaly came from another function).
 */
export function locateAnomaly(
  parsed: ParsedExpression,
  point: ArrayLike<number>,
  anomaly: Pick<Anomaly, 'operation' | 'arguments'>,
): number | undefined {
  let found: number | undefined;
  const apply = (node: CallNode, args: readonly number[]): number => {
    if (
      found === undefined &&
      node.name === anomaly.operation &&
      args.length === anomaly.arguments.length &&
      args.every((value, i) => Object.is(value, anomaly.arguments[i]))
    ) {
      found = node.position;
    }
    return languageFunction(node.name).apply(args) as number;
  };
  const evaluate = (node: ExpressionNode): number => {
    switch (node.kind) {
      case 'number':
      case 'constant':
        return node.value;
      case 'variable':
        return point[node.index]!;
      case 'vector':
        for (const element of node.elements) evaluate(element);
        return Number.NaN;
      case 'call': {
        const { first, links } = flatChain(node);
        if (links.length === 0) return apply(node, node.args.map(evaluate));
        // A flat chain in a loop, in the order the compiled function evaluates it.
        let value = evaluate(first);
        for (const { call, right } of links) value = apply(call, [value, evaluate(right)]);
        return value;
      }
    }
  };
  evaluate(parsed.root);
  return found;
}

/**
 * The expression with a caret under the call the anomaly names (see `locateAnomaly`), or undefined when
 * no call matches.
 *
 * @example anomalyCaret(parse('log1p(exp(x))'), [1000], anomaly) // '  log1p(exp(x))\n        ^'
 */
export function anomalyCaret(
  parsed: ParsedExpression,
  point: ArrayLike<number>,
  anomaly: Pick<Anomaly, 'operation' | 'arguments'>,
): string | undefined {
  const position = locateAnomaly(parsed, point, anomaly);
  return position === undefined ? undefined : caretExcerpt(parsed.source, position);
}
