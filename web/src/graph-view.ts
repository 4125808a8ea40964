/**
 * The computational graph as SVG: one box per node (its name vₖ, operation, value, and the tangent or
 * adjoint the current sweep has given it), one routed arrow per argument with the local partial on it.
 * Built once per graph; a step only changes texts and classes.
 */
import type { ComputationalGraph } from 'dualtape';
import { formatNumber } from './format.js';
import { type GraphLayout, NODE_HEIGHT, NODE_WIDTH } from './layout.js';
import { type Edge, nodeName } from './sweeps.js';

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Handles on the parts of the drawing a step changes. */
export interface GraphView {
  readonly element: SVGSVGElement;
  /** Sets node `id`'s third line (tangent or adjoint) and its state class. */
  setNode(id: number, line: string, state: 'pending' | 'current' | 'done'): void;
  /** Sets edge `id`'s label and whether the current step uses it. */
  setEdge(id: number, label: string, active: boolean): void;
}

/** Draws `graph` at the positions of `layout`. */
export function drawGraph(graph: ComputationalGraph, edges: readonly Edge[], layout: GraphLayout): GraphView {
  const root = svg('svg', {
    id: 'graph-svg',
    viewBox: `0 0 ${Math.ceil(layout.width)} ${Math.ceil(layout.height)}`,
    width: Math.ceil(layout.width),
    height: Math.ceil(layout.height),
    role: 'img',
    'aria-label': `computational graph of ${graph.source}`,
  });
  const defs = svg('defs', {});
  const marker = svg('marker', {
    id: 'arrow',
    viewBox: '0 0 10 10',
    refX: 9,
    refY: 5,
    markerWidth: 7,
    markerHeight: 7,
    orient: 'auto-start-reverse',
  });
  marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' }));
  defs.append(marker);
  root.append(defs);

  const edgeLayer = svg('g', { class: 'edges' });
  const nodeLayer = svg('g', { class: 'nodes' });
  root.append(edgeLayer, nodeLayer);

  const edgeGroups: SVGGElement[] = [];
  const edgeLabels: SVGTextElement[] = [];
  edges.forEach((edge, index) => {
    const placed = layout.edges[index]!;
    const group = svg('g', {
      class: 'edge',
      'data-edge': edge.id,
      'data-from': edge.from,
      'data-to': edge.to,
    });
    const d = placed.points.map((point, i) => `${i === 0 ? 'M' : 'L'} ${point.x} ${point.y}`).join(' ');
    group.append(svg('path', { d, 'marker-end': 'url(#arrow)' }));
    const label = svg(
      'text',
      { x: placed.labelX, y: placed.labelY + 4, 'text-anchor': 'middle', class: 'edge-label' },
      formatNumber(edge.partial),
    );
    const title = svg(
      'title',
      {},
      `∂${nodeName(edge.to)}/∂${nodeName(edge.from)} = ${edge.formula} = ${formatNumber(edge.partial)}`,
    );
    group.append(label, title);
    edgeLayer.append(group);
    edgeGroups.push(group);
    edgeLabels.push(label);
  });

  const nodeGroups: SVGGElement[] = [];
  const nodeLines: SVGTextElement[] = [];
  for (const node of graph.nodes) {
    const { x, y } = layout.nodes[node.id]!;
    const left = x - NODE_WIDTH / 2;
    const top = y - NODE_HEIGHT / 2;
    const group = svg('g', {
      class: `node ${node.kind}${node.id === graph.output ? ' output' : ''}`,
      'data-node': node.id,
    });
    group.append(svg('rect', { x: left, y: top, width: NODE_WIDTH, height: NODE_HEIGHT, rx: 7 }));
    const head = node.kind === 'operation' ? node.label : node.label;
    group.append(svg('text', { x: left + 7, y: top + 15, class: 'node-name' }, nodeName(node.id)));
    group.append(svg('text', { x: x + 8, y: top + 15, 'text-anchor': 'middle', class: 'node-label' }, head));
    group.append(
      svg('text', { x: left + 7, y: top + 33, class: 'node-value' }, `v = ${formatNumber(node.value)}`),
    );
    const line = svg('text', { x: left + 7, y: top + 50, class: 'node-carried' }, '');
    group.append(line, svg('title', {}, `${nodeName(node.id)} = ${node.expression}`));
    nodeLayer.append(group);
    nodeGroups.push(group);
    nodeLines.push(line);
  }

  return {
    element: root,
    setNode(id, line, state) {
      nodeLines[id]!.textContent = line;
      nodeGroups[id]!.classList.toggle('current', state === 'current');
      nodeGroups[id]!.classList.toggle('done', state === 'done');
    },
    setEdge(id, label, active) {
      edgeLabels[id]!.textContent = label;
      edgeGroups[id]!.classList.toggle('active', active);
    },
  };
}
