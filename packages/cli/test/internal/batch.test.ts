/** `--batch` in-process: blank lines, per-line errors, and the worst line's exit status. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonLines, runInProcess } from '../helpers.js';

const scratch = mkdtempSync(join(tmpdir(), 'dualtape-batch-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function batchFile(lines: readonly string[]): string {
  const file = join(scratch, `batch-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(file, lines.join('\n'));
  return file;
}

describe('--batch', () => {
  it('skips blank lines, keeps line numbers, and exits 0 when every line is fine', async () => {
    const file = batchFile([
      '{"expr": "x*y", "at": {"x": 2, "y": 3}}',
      '',
      '   ',
      '{"expr": "exp(x)", "at": {"x": 0}}',
    ]);
    const run = await runInProcess(['grad', '--batch', file]);
    expect(run.status).toBe(0);
    const results = jsonLines(run.stdout) as { line: number; gradient: Record<string, number> }[];
    expect(results.map((result) => [result.line, result.gradient])).toEqual([
      [1, { x: 3, y: 2 }],
      [4, { x: 1 }],
    ]);
  });

  it('reports each bad line with its kind of error, and the parse position', async () => {
    const file = batchFile([
      '[1, 2]',
      '{"expr": 3}',
      '{"expr": "sin(x", "at": {"x": 1}}',
      '{"expr": "x", "at": {"x": "1"}}',
    ]);
    const run = await runInProcess(['check', '--batch', file]);
    expect(run.status).toBe(2);
    expect(jsonLines(run.stdout)).toEqual([
      {
        line: 1,
        error: {
          type: 'UsageError',
          message: 'line 1 must be an object like {"expr": "x^2", "at": {"x": 1}}',
        },
      },
      { line: 2, error: { type: 'UsageError', message: 'line 2: "expr" must be a string' } },
      {
        line: 3,
        error: {
          type: 'ParseError',
          message: "expected ')' to close '(' opened at 3",
          position: 5,
          source: 'sin(x',
        },
      },
      { line: 4, error: { type: 'UsageError', message: 'line 4: "at"."x" is "1", not a number' } },
    ]);
  });

  it('reads standard input for "-"', async () => {
    const run = await runInProcess(['grad', '--batch', '-'], { stdin: '{"expr": "x^2", "at": {"x": 3}}\n' });
    expect((jsonLines(run.stdout)[0] as { gradient: { x: number } }).gradient.x).toBe(6);
  });
});

describe('--batch input', () => {
  it('accepts a UTF-8 byte-order mark before line 1', async () => {
    const file = join(scratch, 'bom.jsonl');
    writeFileSync(file, '\uFEFF{"expr": "x^2", "at": {"x": 3}}\n');
    const run = await runInProcess(['grad', '--batch', file]);
    expect(run.status, run.stdout).toBe(0);
    expect((jsonLines(run.stdout)[0] as { gradient: unknown }).gradient).toEqual({ x: 6 });
  });

  it('a per-line "mode" (or any key but expr and at) is that line’s error, saying where the mode goes', async () => {
    const file = batchFile([
      '{"expr": "x^2", "at": {"x": 3}, "mode": "reverse"}',
      '{"expr": "x^2", "at": {"x": 3}, "atx": 1}',
    ]);
    const run = await runInProcess(['grad', '--batch', file]);
    expect(run.status).toBe(2);
    const [mode, other] = jsonLines(run.stdout) as { error: { message: string } }[];
    expect(mode!.error.message).toContain('line 1: unknown key "mode"');
    expect(mode!.error.message).toContain('give --mode on the command line');
    expect(other!.error.message).toContain('line 2: unknown key "atx"; a line has "expr" and "at"');
  });

  it('an unreadable batch file is a usage error naming the path', async () => {
    const run = await runInProcess(['grad', '--batch', scratch]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`--batch ${scratch}: cannot read`);
    expect(run.stderr).toContain('it is a directory');
  });
});
