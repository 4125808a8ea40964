/**
 * Where each node and edge of a computational graph goes, computed by dagre (layered layout): inputs at
 * the bottom, the output at the top, as the textbook draws a computational graph.
 */
import dagre from '@dagrejs/dagre';
import type { ComputationalGraph } from 'dualtape';
import type { Edge } from './sweeps.js';

/** Size of a node's box in pixels. */
export const NODE_WIDTH = 132;
export const NODE_HEIGHT = 58;
/** Room kept on an edge for its label (the partial, or the product in a reverse step). */
const EDGE_LABEL_WIDTH = 64;
const EDGE_LABEL_HEIGHT = 14;

export interface NodePlacement {
  /** Centre of the node's box. */
  readonly x: number;
  readonly y: number;
}

export interface EdgePlacement {
  /** The polyline dagre routed, from the argument to its user. */
  readonly points: readonly { x: number; y: number }[];
  /** Where the edge's label goes. */
  readonly labelX: number;
  readonly labelY: number;
}

export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly NodePlacement[];
  readonly edges: readonly EdgePlacement[];
}

/** Lays `graph` out with dagre, one box per node and one routed edge per argument. */
export function layoutGraph(graph: ComputationalGraph, edges: readonly Edge[]): GraphLayout {
  const layered = new dagre.graphlib.Graph({ multigraph: true });
  layered.setGraph({ rankdir: 'BT', nodesep: 18, ranksep: 46, edgesep: 10, marginx: 12, marginy: 12 });
  layered.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) {
    layered.setNode(String(node.id), { width: NODE_WIDTH, height: NODE_HEIGHT });
  }
  for (const edge of edges) {
    layered.setEdge(
      String(edge.from),
      String(edge.to),
      { width: EDGE_LABEL_WIDTH, height: EDGE_LABEL_HEIGHT, labelpos: 'c' },
      String(edge.id),
    );
  }
  dagre.layout(layered);
  const nodes = graph.nodes.map((node) => {
    const placed = layered.node(String(node.id));
    return { x: placed.x ?? 0, y: placed.y ?? 0 };
  });
  const placedEdges = edges.map((edge) => {
    const placed = layered.edge({ v: String(edge.from), w: String(edge.to), name: String(edge.id) });
    const points = (placed.points ?? []).map((point: { x: number; y: number }) => ({
      x: point.x,
      y: point.y,
    }));
    return { points, labelX: placed.x ?? points[0]?.x ?? 0, labelY: placed.y ?? points[0]?.y ?? 0 };
  });
  const size = layered.graph();
  return { width: size.width ?? 0, height: size.height ?? 0, nodes, edges: placedEdges };
}
