/**
 * Text formats of a `ComputationalGraph`: Graphviz DOT and Mermaid. Each node shows its operation and
 * its three numbers — value v, forward tangent v̇ = ∂v/∂x, reverse adjoint v̄ = ∂f/∂v — so the two
 * accumulation orders can be read off one picture: tangents grow from the chosen input towards the
 * output, adjoints from the output (v̄ = 1) back towards the inputs.
 */
import type { ComputationalGraph, GraphNode } from './graph.js';

/** Significant digits shown for the numbers on a node (the JSON output carries them all). */
export const GRAPH_DIGITS = 6;

function shortNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(GRAPH_DIGITS)));
}

function nodeLines(node: GraphNode, wrt: string): string[] {
  return [
    node.label,
    `v = ${shortNumber(node.value)}`,
    `v̇ = ${shortNumber(node.tangent)}  (∂v/∂${wrt})`,
    `v̄ = ${shortNumber(node.adjoint)}  (∂f/∂v)`,
  ];
}

function title(graph: ComputationalGraph): string {
  const at = graph.variables.map((name, i) => `${name} = ${graph.point[i]}`).join(', ');
  return `f = ${graph.source}  at ${at}`;
}

/** A DOT string literal showing `lines` one below the other. */
function dotLabel(lines: readonly string[]): string {
  const escaped = lines.map((line) => line.replace(/\\/g, '\\\\').replace(/"/g, '\\"'));
  return `"${escaped.join('\\n')}"`;
}

/**
 * Graphviz DOT: inputs on the left, the output (double border) on the right, one edge per argument.
 */
export function graphToDot(graph: ComputationalGraph): string {
  const lines = [
    'digraph dualtape {',
    '  rankdir=LR;',
    `  label=${dotLabel([title(graph), `v̇: forward tangent for ${graph.wrt}    v̄: reverse adjoint`])};`,
    '  labelloc=t;',
    '  node [fontname="Helvetica", fontsize=11];',
  ];
  for (const node of graph.nodes) {
    const style =
      node.kind === 'variable'
        ? 'shape=ellipse, style=filled, fillcolor="#dbeafe"'
        : node.kind === 'constant'
          ? 'shape=box, style="rounded,dashed"'
          : 'shape=box, style=rounded';
    const output = node.id === graph.output ? ', peripheries=2' : '';
    lines.push(`  n${node.id} [label=${dotLabel(nodeLines(node, graph.wrt))}, ${style}${output}];`);
  }
  for (const node of graph.nodes) {
    node.inputs.forEach((input) => {
      lines.push(`  n${input} -> n${node.id};`);
    });
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function mermaidText(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

/** Mermaid flowchart (left to right), for Markdown renderers that draw Mermaid. */
export function graphToMermaid(graph: ComputationalGraph): string {
  const lines = ['flowchart LR', `  %% ${mermaidText(title(graph))}`];
  for (const node of graph.nodes) {
    const label = nodeLines(node, graph.wrt).map(mermaidText).join('<br/>');
    const [open, close] =
      node.kind === 'variable' ? ['([', '])'] : node.id === graph.output ? ['[[', ']]'] : ['[', ']'];
    lines.push(`  n${node.id}${open}"${label}"${close}`);
  }
  for (const node of graph.nodes) {
    node.inputs.forEach((input) => {
      lines.push(`  n${input} --> n${node.id}`);
    });
  }
  return `${lines.join('\n')}\n`;
}
