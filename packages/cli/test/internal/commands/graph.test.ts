/** `graph` in-process: DOT, Mermaid, JSON and SVG of the merged computational graph. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../../helpers.js';

const scratch = mkdtempSync(join(tmpdir(), 'dualtape-graph-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('graph', () => {
  it('draws the DAG (x*y once) in DOT by default', async () => {
    const run = await runInProcess(['graph', 'x*y + sin(x*y)', '--at', 'x=2,y=3']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^digraph dualtape \{/);
    expect(run.stdout.match(/^ {2}n\d+ \[label=/gm)).toHaveLength(5);
  });

  it('shows the tangents for --wrt in Mermaid, and every number in JSON', async () => {
    const mermaid = await runInProcess([
      'graph',
      'x*y + sin(x*y)',
      '--at',
      'x=2,y=3',
      '--wrt',
      'y',
      '--format',
      'mermaid',
    ]);
    expect(mermaid.stdout).toMatch(/^flowchart LR/);
    expect(mermaid.stdout).toContain('(∂v/∂y)');
    const json = await runInProcess(['graph', 'x*y', '--at', 'x=2,y=3', '--format', 'json']);
    const graph = JSON.parse(json.stdout) as {
      nodes: { label: string; value: number; tangent: number; adjoint: number }[];
    };
    expect(graph.nodes.map((node) => [node.label, node.value, node.tangent, node.adjoint])).toEqual([
      ['x', 2, 1, 3],
      ['y', 3, 0, 2],
      ['×', 6, 3, 1],
    ]);
  });

  it('renders SVG with Graphviz (WebAssembly) into a file', async () => {
    const file = join(scratch, 'graph.svg');
    const run = await runInProcess([
      'graph',
      'x*y + sin(x*y)',
      '--at',
      'x=2,y=3',
      '--format',
      'svg',
      '--output',
      file,
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe(`wrote ${file}\n`);
    const svg = readFileSync(file, 'utf8');
    expect(svg).toContain('<svg');
    expect(svg.match(/class="node"/g)).toHaveLength(5);
  });

  it('an --output path that cannot be written is a usage error naming it, before any work', async () => {
    const run = await runInProcess(['graph', 'x*y', '--at', 'x=1,y=2', '--output', '/nonexistent/dir/g.dot']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      '--output /nonexistent/dir/g.dot: cannot write /nonexistent/dir/g.dot: the directory /nonexistent/dir does not exist',
    );
    const directory = await runInProcess(['graph', 'x*y', '--at', 'x=1,y=2', '--output', scratch]);
    expect(directory.status).toBe(2);
    expect(directory.stderr).toContain('it is a directory');
  });
});
