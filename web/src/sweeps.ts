/**
 * The two accumulations as the textbook runs them on a computational graph, one node per step, so the
 * page can show each step. The numbers on the graph come from the library (`computationalGraph`: values,
 * forward tangents, reverse adjoints); what this module adds is the local partial on every edge, read from
 * core's rule table (`rule.d`, `rule.da`, `rule.db`: never a formula of its own), and the sums of
 * products each step forms:
 *
 * - forward (tangent) accumulation, direction xᵢ: v̇ₖ = Σⱼ ∂vₖ/∂vⱼ · v̇ⱼ over the arguments j of k, in
 *   node order, seeded with ẋᵢ = 1; one pass per input gives one gradient component (∂f/∂xᵢ = v̇_f);
 * - reverse (adjoint) accumulation: v̄_f = 1, then from the output back, v̄ⱼ += v̄ₖ · ∂vₖ/∂vⱼ for every
 *   argument j of k; one sweep gives every component (∂f/∂xᵢ = x̄ᵢ).
 *
 * Each step's result is compared with the library's number for that node (`agrees`), so the page shows
 * when its explanation and the library part ways. Products are strong-zero products, as in both modes.
 */
import {
  type BinaryName,
  type BinaryRule,
  plainFormulaSource,
  RULES,
  strongZeroProduct,
  type UnaryName,
  type UnaryRule,
} from '@dualtape/core';
import type { ComputationalGraph } from 'dualtape';

/** An edge of the graph: argument `from` of node `to`, with the local partial ∂v_to/∂v_from. */
export interface Edge {
  /** Index in `GraphSweeps.edges`. */
  readonly id: number;
  readonly from: number;
  readonly to: number;
  /** Which argument of `to` it is (0 or 1): `x * x` has two edges from x. */
  readonly argument: number;
  /** ∂v_to/∂v_from at the point, from the rule table. */
  readonly partial: number;
  /** The rule table's formula of that partial over the node names, e.g. `cos(v1)`. */
  readonly formula: string;
}

/** One product of a step: an edge's partial times the tangent (forward) or adjoint (reverse) it carries. */
export interface Term {
  readonly edge: number;
  /** The tangent of the argument (forward) or the adjoint of the user (reverse) the partial multiplies. */
  readonly carried: number;
  /** `partial · carried` (strong zero: 0 when either factor is 0). */
  readonly product: number;
}

/** One step of forward accumulation: node `node` gets its tangent. */
export interface ForwardStep {
  readonly node: number;
  /** `'seed'` for an input (ẋ is 1 for the direction, 0 otherwise), `'constant'` (0), or a sum of terms. */
  readonly kind: 'seed' | 'constant' | 'sum';
  readonly terms: readonly Term[];
  /** The tangent this step computes. */
  readonly tangent: number;
  /** The library's tangent of the node (`computationalGraph(..., { wrt })`). */
  readonly libraryTangent: number;
  readonly agrees: boolean;
}

/** One step of reverse accumulation: node `node`'s adjoint is complete and flows to its arguments. */
export interface ReverseStep {
  readonly node: number;
  /** The node's complete adjoint v̄ₖ. */
  readonly adjoint: number;
  /** The library's adjoint of the node. */
  readonly libraryAdjoint: number;
  readonly agrees: boolean;
  /** One term per edge into the node: v̄ₖ · ∂vₖ/∂vⱼ, added to the argument's running adjoint. */
  readonly terms: readonly Term[];
  /** Every node's running adjoint after this step (what the picture shows). */
  readonly running: Float64Array;
}

/** Both accumulations of one graph at one point. */
export interface GraphSweeps {
  readonly edges: readonly Edge[];
  /** Edges into each node, in argument order. */
  readonly edgesInto: readonly (readonly Edge[])[];
  /** Forward steps for a direction (an input's name), one per node in node order. */
  forward(direction: string): readonly ForwardStep[];
  /** Reverse steps, one per node from the output back. */
  readonly reverse: readonly ReverseStep[];
  /** The gradient the reverse sweep accumulates, in the order of `graph.variables`. */
  readonly reverseGradient: Float64Array;
}

/** How close a step's number must be to the library's to count as agreeing (summation order may differ). */
const AGREEMENT_RTOL = 1e-12;

function agree(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return a === b || Math.abs(a - b) <= AGREEMENT_RTOL * Math.max(Math.abs(a), Math.abs(b));
}

/** `v3` for node 3: how the textbook names the intermediates. */
export function nodeName(id: number): string {
  return `v${id}`;
}

/** The edges of `graph` with their local partials read from the rule table. */
export function graphEdges(graph: ComputationalGraph): Edge[] {
  const edges: Edge[] = [];
  for (const node of graph.nodes) {
    if (node.kind !== 'operation' || node.operation === undefined) continue;
    const names = node.inputs.map(nodeName);
    const args = node.inputs.map((input) => graph.nodes[input]!.value);
    if (node.inputs.length === 1) {
      const rule = RULES[node.operation as UnaryName] as UnaryRule;
      edges.push({
        id: edges.length,
        from: node.inputs[0]!,
        to: node.id,
        argument: 0,
        partial: rule.d(args[0]!, node.value) as number,
        formula: plainFormulaSource(rule.partials[0], names, nodeName(node.id)),
      });
    } else {
      const rule = RULES[node.operation as BinaryName] as BinaryRule;
      const partials = [rule.da(args[0]!, args[1]!, node.value), rule.db(args[0]!, args[1]!, node.value)];
      node.inputs.forEach((input, argument) => {
        edges.push({
          id: edges.length,
          from: input,
          to: node.id,
          argument,
          partial: partials[argument] as number,
          formula: plainFormulaSource(rule.partials[argument]!, names, nodeName(node.id)),
        });
      });
    }
  }
  return edges;
}

/**
 * Both accumulations of `graph`. `tangentsFor(direction)` gives the library's graph with forward tangents
 * for that input (each direction is its own `computationalGraph` call, as each is its own forward pass).
 */
export function graphSweeps(
  graph: ComputationalGraph,
  tangentsFor: (direction: string) => ComputationalGraph,
): GraphSweeps {
  const edges = graphEdges(graph);
  const edgesInto: Edge[][] = graph.nodes.map(() => []);
  for (const edge of edges) edgesInto[edge.to]!.push(edge);
  const forwardCache = new Map<string, ForwardStep[]>();

  const forward = (direction: string): ForwardStep[] => {
    const cached = forwardCache.get(direction);
    if (cached !== undefined) return cached;
    if (!graph.variables.includes(direction)) {
      throw new Error(
        `forward: '${direction}' is not an input (the inputs are ${graph.variables.join(', ')})`,
      );
    }
    const library = tangentsFor(direction);
    const tangents = new Float64Array(graph.nodes.length);
    const steps = graph.nodes.map((node): ForwardStep => {
      let kind: ForwardStep['kind'];
      let terms: Term[] = [];
      if (node.kind === 'variable') {
        kind = 'seed';
        tangents[node.id] = node.label === direction ? 1 : 0;
      } else if (node.kind === 'constant') {
        kind = 'constant';
        tangents[node.id] = 0;
      } else {
        kind = 'sum';
        terms = edgesInto[node.id]!.map((edge) => {
          const carried = tangents[edge.from]!;
          return { edge: edge.id, carried, product: strongZeroProduct(edge.partial, carried) };
        });
        tangents[node.id] = terms.reduce((total, term) => total + term.product, 0);
      }
      const tangent = tangents[node.id]!;
      const libraryTangent = library.nodes[node.id]!.tangent;
      return { node: node.id, kind, terms, tangent, libraryTangent, agrees: agree(tangent, libraryTangent) };
    });
    forwardCache.set(direction, steps);
    return steps;
  };

  const running = new Float64Array(graph.nodes.length);
  running[graph.output] = 1;
  const reverse: ReverseStep[] = [];
  for (let id = graph.nodes.length - 1; id >= 0; id--) {
    const adjoint = running[id]!;
    const terms = edgesInto[id]!.map((edge) => {
      const product = strongZeroProduct(edge.partial, adjoint);
      running[edge.from]! += product;
      return { edge: edge.id, carried: adjoint, product };
    });
    const libraryAdjoint = graph.nodes[id]!.adjoint;
    reverse.push({
      node: id,
      adjoint,
      libraryAdjoint,
      agrees: agree(adjoint, libraryAdjoint),
      terms,
      running: running.slice(),
    });
  }
  const reverseGradient = Float64Array.from(graph.variables, (name) => {
    const node = graph.nodes.find((candidate) => candidate.kind === 'variable' && candidate.label === name);
    return node === undefined ? 0 : running[node.id]!;
  });
  return { edges, edgesInto, forward, reverse, reverseGradient };
}
