/**
 * The computational graph of an expression, as a textbook draws it: one node per distinct subexpression
 * (syntactically equal subexpressions are merged, so it is a DAG, not a tree), each annotated with its
 * value, its forward tangent v̇ = ∂v/∂x for one chosen input x, and its reverse adjoint v̄ = ∂f/∂v.
 *
 * The annotations come ONLY from the public mode APIs, so the picture shows what the modes compute:
 * - tangents: forward `jvp` of the function that returns every node's value, seeded with the chosen input;
 * - adjoints: reverse `gradient` of the function with a zero perturbation εₖ added at every node k, taken
 *   with respect to the ε's: ∂f/∂εₖ = ∂f/∂vₖ, all of them from one sweep.
 */
import {
  add,
  checkOptions,
  checkPoint,
  type Scalar,
  type ScalarFunction,
  UsageError,
  type VectorFunction,
} from '@dualtape/core';
import {
  type ExpressionNode,
  type FunctionName,
  formatExpression,
  LANGUAGE_FUNCTIONS,
  type ParsedExpression,
  parse,
} from '@dualtape/expression';
import { jvp as forwardJvp } from '@dualtape/forward';
import { gradient as reverseGradient } from '@dualtape/reverse';

/** One node of the computational graph. */
export interface GraphNode {
  /** Index in `ComputationalGraph.nodes` (topological order: arguments before their users). */
  readonly id: number;
  /** An input variable, a number or named constant, or an operation of the rule table. */
  readonly kind: 'variable' | 'constant' | 'operation';
  /** What the node shows: the variable's name, the number, or the operator/function (`+`, `sin`). */
  readonly label: string;
  /** The operation of an operation node: a rule of the table, or a derived one of the language (`sigmoid`). */
  readonly operation: FunctionName | undefined;
  /** Ids of the argument nodes, in argument order (the same id twice for `x * x`). */
  readonly inputs: readonly number[];
  /** The subexpression this node computes, formatted. */
  readonly expression: string;
  /** The node's value at the point. */
  readonly value: number;
  /** Forward tangent v̇ = ∂v/∂(wrt): what forward mode carries alongside the value. */
  readonly tangent: number;
  /** Reverse adjoint v̄ = ∂f/∂v: what reverse mode accumulates in its sweep. */
  readonly adjoint: number;
}

/** The annotated computational graph of a scalar expression at a point. */
export interface ComputationalGraph {
  /** The expression's text. */
  readonly source: string;
  /** The expression's variables, in order of first appearance. */
  readonly variables: readonly string[];
  /** The point, one value per variable. */
  readonly point: Float64Array;
  /** The input whose forward tangents are shown. */
  readonly wrt: string;
  /** Every distinct subexpression once, arguments before users. */
  readonly nodes: readonly GraphNode[];
  /** Id of the node that computes the expression. */
  readonly output: number;
}

/** Options of `computationalGraph`. An unknown option is a `UsageError` naming it. */
export interface GraphOptions {
  /** The input whose forward tangents are shown. @default the expression's first variable */
  readonly wrt?: string;
}

const OPERATOR_LABELS: Readonly<Record<string, string>> = {
  '+': '+',
  '-': '−',
  '*': '×',
  '/': '÷',
  '^': '^',
};

/** The structure of a node without its numbers. */
interface Shape {
  readonly kind: GraphNode['kind'];
  readonly label: string;
  readonly operation: FunctionName | undefined;
  readonly inputs: readonly number[];
  readonly expression: string;
  /** The variable's index, or the constant's value. */
  readonly payload: number;
}

/**
 * Builds the graph of a scalar expression (text or parsed) at `point` (one value per variable, in the
 * order of `variables`) and annotates every node with its value, forward tangent and reverse adjoint.
 *
 * @throws UsageError for a vector expression (adjoints are those of ONE output), an expression without
 *   variables, or a `wrt` that is not a variable; ShapeError/DomainError for a bad point.
 *
 * @example computationalGraph('x * sin(x)', [1]).nodes.map((node) => node.label) // ['x', 'sin', '×']
 */
export function computationalGraph(
  expression: string | ParsedExpression,
  point: ArrayLike<number>,
  options: GraphOptions = {},
): ComputationalGraph {
  checkOptions('graph', options, ['wrt']);
  const parsed = typeof expression === 'string' ? parse(expression) : expression;
  if (parsed.isVector) {
    throw new UsageError(
      `graph: '${parsed.source}' is a vector; the graph shows the adjoints of one output, so draw one element at a time`,
    );
  }
  if (parsed.variables.length === 0) {
    throw new UsageError(`graph: '${parsed.source}' has no variables; there is nothing to differentiate`);
  }
  const wrt = options.wrt ?? parsed.variables[0]!;
  const wrtIndex = parsed.variables.indexOf(wrt);
  if (wrtIndex < 0) {
    throw new UsageError(
      `graph: --wrt '${wrt}' is not a variable of the expression (it uses ${parsed.variables.join(', ')})`,
    );
  }
  if (point.length !== parsed.variables.length) {
    throw new UsageError(
      `graph: the point has ${point.length} values but the expression has ${parsed.variables.length} variables`,
    );
  }
  const x = checkPoint('graph', point);
  const shapes = mergedNodes(parsed.root);
  const output = shapes.length - 1;
  const values = evaluateNodes(shapes, Array.from(x)) as number[];

  const everyNode = ((inputs) => evaluateNodes(shapes, inputs)) as VectorFunction;
  const direction = new Float64Array(x.length);
  direction[wrtIndex] = 1;
  const tangents = forwardJvp(everyNode, x, direction).tangent;

  const perturbed = (<T extends Scalar>(inputs: readonly T[]) =>
    evaluateNodes(shapes, inputs.slice(0, x.length), inputs.slice(x.length))[output]!) as ScalarFunction;
  const adjoints = reverseGradient(perturbed, [...x, ...new Float64Array(shapes.length)]).subarray(x.length);

  const nodes = shapes.map(
    (shape, id): GraphNode => ({
      id,
      kind: shape.kind,
      label: shape.label,
      operation: shape.operation,
      inputs: shape.inputs,
      expression: shape.expression,
      value: values[id]!,
      tangent: tangents[id]!,
      adjoint: adjoints[id]!,
    }),
  );
  return { source: parsed.source, variables: parsed.variables, point: x, wrt, nodes, output };
}

/**
 * Every distinct subexpression of `root` once, in post-order (arguments first). Distinct means
 * structurally: same operation on the same argument nodes, same variable, same constant. The walk uses an
 * explicit stack; the parser caps the depth anyway.
 */
function mergedNodes(root: ExpressionNode): Shape[] {
  const shapes: Shape[] = [];
  const idByKey = new Map<string, number>();
  const idOf = new Map<ExpressionNode, number>();
  const stack: { node: ExpressionNode; expanded: boolean }[] = [{ node: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const node = top.node;
    if (node.kind === 'call' && !top.expanded) {
      top.expanded = true;
      for (let i = node.args.length - 1; i >= 0; i--) stack.push({ node: node.args[i]!, expanded: false });
      continue;
    }
    stack.pop();
    let shape: Shape;
    let key: string;
    switch (node.kind) {
      case 'variable':
        key = `variable ${node.name}`;
        shape = {
          kind: 'variable',
          label: node.name,
          operation: undefined,
          inputs: [],
          expression: node.name,
          payload: node.index,
        };
        break;
      case 'number':
      case 'constant': {
        const label = node.kind === 'number' ? node.text : node.name;
        key = `constant ${Object.is(node.value, -0) ? '-0' : node.value}`;
        shape = {
          kind: 'constant',
          label,
          operation: undefined,
          inputs: [],
          expression: label,
          payload: node.value,
        };
        break;
      }
      case 'call': {
        const inputs = node.args.map((argument) => idOf.get(argument)!);
        key = `${node.name}(${inputs.join(',')})`;
        const label =
          node.operator === undefined ? node.name : (OPERATOR_LABELS[node.operator] ?? node.operator);
        const expression = formatExpression(node);
        shape = { kind: 'operation', label, operation: node.name, inputs, expression, payload: 0 };
        break;
      }
      case 'vector':
        throw new UsageError('graph: vector expressions have no single output to draw');
    }
    let id = idByKey.get(key);
    if (id === undefined) {
      id = shapes.length;
      shapes.push(shape);
      idByKey.set(key, id);
    }
    idOf.set(node, id);
  }
  return shapes;
}

/**
 * Every node's value on any number type, in node order. With `perturbations`, perturbation k is added to
 * node k's value (the ε trick that turns adjoints of nodes into a gradient).
 */
function evaluateNodes<T extends Scalar>(
  shapes: readonly Shape[],
  inputs: readonly T[],
  perturbations?: readonly T[],
): (T | number)[] {
  const values: (T | number)[] = new Array(shapes.length);
  shapes.forEach((shape, id) => {
    let value: T | number;
    if (shape.kind === 'variable') value = inputs[shape.payload]!;
    else if (shape.kind === 'constant') value = shape.payload;
    else {
      const { apply } = LANGUAGE_FUNCTIONS.get(shape.operation!)!;
      value = apply(shape.inputs.map((input) => values[input]!)) as T | number;
    }
    values[id] = perturbations === undefined ? value : add(value as T, perturbations[id]!);
  });
  return values;
}
