/**
 * Turns a syntax tree into nested closures once, so evaluating an expression many times (every
 * benchmark sample, every finite-difference probe) costs one closure call per node instead of a walk
 * with a switch per node. The closures call core's free functions, so they run on every number type.
 */
import { type Binary, FUNCTIONS, type Scalar, type Unary, UsageError } from '@dualtape/core';
import { languageFunction } from './functions.js';
import { type ExpressionNode, flatChain } from './syntax.js';

type Inputs = readonly Scalar[];
type Evaluator = (x: Inputs) => Scalar;

/**
 * A function evaluating `node` at `x` (where `x[i]` is the variable with index `i`): one value for a
 * scalar tree, an array for a vector. Recursion follows the tree's nesting, which the parser caps; a flat
 * chain `a + b + c + …` of any length is one loop.
 */
export function compileExpression(node: ExpressionNode): (x: Inputs) => Scalar | readonly Scalar[] {
  if (node.kind !== 'vector') return compileScalar(node);
  const elements = node.elements.map(compileScalar);
  return (x) => elements.map((element) => element(x));
}

function compileScalar(node: ExpressionNode): Evaluator {
  switch (node.kind) {
    case 'number':
    case 'constant': {
      const value = node.value;
      return () => value;
    }
    case 'variable': {
      const index = node.index;
      return (x) => x[index]!;
    }
    case 'call': {
      const chain = flatChain(node);
      if (chain.links.length > 1) return compileChain(chain.first, chain.links);
      if (!Object.hasOwn(FUNCTIONS, node.name)) {
        const { apply } = languageFunction(node.name);
        const args = node.args.map(compileScalar);
        return (x) => apply(args.map((argument) => argument(x)));
      }
      if (node.args.length === 1) {
        const f = FUNCTIONS[node.name as keyof typeof FUNCTIONS] as Unary;
        const argument = compileScalar(node.args[0]!);
        return (x) => f(argument(x));
      }
      const f = FUNCTIONS[node.name as keyof typeof FUNCTIONS] as Binary;
      const left = compileScalar(node.args[0]!);
      const right = compileScalar(node.args[1]!);
      return (x) => f(left(x), right(x));
    }
    case 'vector':
      // The parser only builds vectors at the top, where compileExpression handles them.
      throw new UsageError('evaluate: a vector [...] inside an expression cannot be evaluated');
  }
}

/** A flat chain as one loop: the left operand first, then each operator with its right operand, in order. */
function compileChain(first: ExpressionNode, links: ReturnType<typeof flatChain>['links']): Evaluator {
  const start = compileScalar(first);
  const operations = links.map(({ call }) => FUNCTIONS[call.name as keyof typeof FUNCTIONS] as Binary);
  const operands = links.map(({ right }) => compileScalar(right));
  return (x) => {
    let value = start(x);
    for (let i = 0; i < operations.length; i++) value = operations[i]!(value, operands[i]!(x));
    return value;
  };
}
