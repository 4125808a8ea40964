/**
 * `dualtape graph EXPR --at ... [--wrt x] [--format dot|mermaid|svg|json]`: the expression's
 * computational graph (a DAG: shared subexpressions are one node), each node annotated with its value,
 * its forward tangent for `--wrt` and its reverse adjoint. SVG is rendered by Graphviz compiled to
 * WebAssembly (@viz-js/viz), loaded only for `--format svg`.
 */
import { UsageError } from '@dualtape/core';
import { parse, pointForVariables } from '@dualtape/expression';
import { computationalGraph, graphToDot, graphToMermaid } from 'dualtape';
import { EXIT_OK } from '../exit-codes.js';
import { checkOutputPath, writeOutputFile } from '../files.js';
import type { CliIo } from '../io.js';
import { toJsonText } from '../json.js';
import { parseNamedPoint } from '../point.js';

/** The output formats of `graph`. */
export const GRAPH_FORMATS = ['dot', 'mermaid', 'svg', 'json'] as const;

/** Options of `graph`. */
export interface GraphCommandOptions {
  readonly at?: string;
  readonly wrt?: string;
  readonly format?: (typeof GRAPH_FORMATS)[number];
  readonly output?: string;
}

/** Runs `graph`. */
export async function runGraph(expression: string, options: GraphCommandOptions, io: CliIo): Promise<number> {
  // Checked before any work: a wrong path is said at once, not after rendering.
  if (options.output !== undefined) checkOutputPath('--output', options.output, io.cwd);
  const parsed = parse(expression);
  if (options.at === undefined && parsed.variables.length > 0) {
    throw new UsageError(`--at is missing: give a value for ${parsed.variables.join(', ')}`);
  }
  const point = pointForVariables(parseNamedPoint(options.at ?? ''), parsed.variables);
  const graph = computationalGraph(parsed, point, options.wrt === undefined ? {} : { wrt: options.wrt });
  const format = options.format ?? 'dot';
  let text: string;
  if (format === 'dot') text = graphToDot(graph);
  else if (format === 'mermaid') text = graphToMermaid(graph);
  else if (format === 'json')
    text = `${toJsonText({ command: 'graph', ...graph, nodes: graph.nodes.map((node) => ({ ...node })) })}\n`;
  else {
    const { instance } = await import('@viz-js/viz');
    const viz = await instance();
    text = viz.renderString(graphToDot(graph), { format: 'svg' });
  }
  if (options.output === undefined) io.stdout.write(text);
  else io.stderr.write(`wrote ${writeOutputFile('--output', options.output, text, io.cwd)}\n`);
  return EXIT_OK;
}
