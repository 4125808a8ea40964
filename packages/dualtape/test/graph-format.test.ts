/** DOT and Mermaid text of a computational graph: one node line per node, one edge per argument. */
import { describe, expect, it } from 'vitest';
import { computationalGraph, graphToDot, graphToMermaid } from '../src/index.js';

const graph = computationalGraph('x*y + sin(x*y)', [2, 3], { wrt: 'y' });
const edges = graph.nodes.reduce((total, node) => total + node.inputs.length, 0);

describe('graphToDot', () => {
  it('writes a digraph with every node, every edge, and the three numbers on each node', () => {
    const dot = graphToDot(graph);
    expect(dot.startsWith('digraph dualtape {\n')).toBe(true);
    expect(dot.trimEnd().endsWith('}')).toBe(true);
    expect(dot.match(/^ {2}n\d+ \[label=/gm)).toHaveLength(graph.nodes.length);
    expect(dot.match(/^ {2}n\d+ -> n\d+;$/gm)).toHaveLength(edges);
    expect(dot).toContain('n2 [label="×\\nv = 6\\nv̇ = 2  (∂v/∂y)\\nv̄ = 1.96017  (∂f/∂v)"');
    expect(dot).toMatch(/n4 \[label="\+.*peripheries=2\];/);
  });

  it('escapes quotes and backslashes in labels', () => {
    const dot = graphToDot({ ...graph, source: 'say "hi" \\ there' });
    expect(dot).toContain('f = say \\"hi\\" \\\\ there');
  });
});

describe('graphToMermaid', () => {
  it('writes a left-to-right flowchart with every node and edge', () => {
    const mermaid = graphToMermaid(graph);
    expect(mermaid.startsWith('flowchart LR\n')).toBe(true);
    expect(mermaid.match(/^ {2}n\d+[([]/gm)).toHaveLength(graph.nodes.length);
    expect(mermaid.match(/^ {2}n\d+ --> n\d+$/gm)).toHaveLength(edges);
    expect(mermaid).not.toMatch(/"[^"\n]*"[^\])\n]*"/); // no raw quote inside a label
  });
});
