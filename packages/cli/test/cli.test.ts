/**
 * The built `dualtape` binary, run as a user runs it (a subprocess): the main results, the exit statuses,
 * and every error path's one-line message. The rest of the CLI's behaviour is tested in-process in
 * test/internal (the same code, without a process start per case).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliRun, FIXTURES, jsonLines, runBuiltCli, runBuiltCliIntoClosedPipe } from './helpers.js';

const scratch = mkdtempSync(join(tmpdir(), 'dualtape-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The user-error contract: status 2, nothing on stdout, no stack trace. */
function expectUsageError(run: CliRun, ...fragments: string[]): void {
  expect(run.status, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).not.toMatch(/\n\s+at /);
  for (const fragment of fragments) expect(run.stderr).toContain(fragment);
}

describe.concurrent('the built binary', () => {
  it('grad gives the gradient by variable name as JSON, with the mode and its reason', async () => {
    const run = await runBuiltCli(['grad', 'x^2 + y^2', '--at', 'x=4,y=3', '--json']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const [result] = jsonLines(run.stdout) as [Record<string, unknown>];
    expect(result.gradient).toEqual({ x: 8, y: 6 });
    expect(result.value).toBe(25);
    expect(result.at).toEqual({ x: 4, y: 3 });
    expect(['forward', 'reverse']).toContain(result.mode);
    expect(result.requestedMode).toBe('auto');
    expect(String(result.reason)).toMatch(/^(forward|reverse): 2 inputs and 1 output — /);
  });

  it('check exits 0 when every mode agrees on a correct expression', async () => {
    const run = await runBuiltCli(['check', '4*x^3 + x^2 + 3', '--at', 'x=2']);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('PASS');
    for (const method of [
      'forward (1 tangent)',
      'reverse',
      'central',
      'five-point',
      'richardson',
      'complex-step',
    ]) {
      expect(run.stdout).toContain(method);
    }
  });

  it('--version prints the package version', async () => {
    const run = await runBuiltCli(['--version']);
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(manifest.version);
  });
});

describe.concurrent('check --module', () => {
  it('passes a module whose hand-written gradient is right', async () => {
    const module = join(FIXTURES, 'cubic-sum.mjs');
    const run = await runBuiltCli(['check', '--module', module, '--export', 'cubic', '--at', '[1, 2, 3]']);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('hand-written');
  });

  it('exits 1 on a wrong hand-written gradient and names the component', async () => {
    const module = join(FIXTURES, 'wrong-gradient.mjs');
    const run = await runBuiltCli(['check', '--module', module, '--export', 'loss', '--at', '[1, 2, 3]']);
    expect(run.status, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toContain('FAIL');
    expect(run.stdout).toContain('component 2 (x[2]): hand-written 6.0006, reference 6');
  });

  it("loads a module outside any project: its imports resolve to the CLI's own packages", async () => {
    const module = join(scratch, 'outside.mjs');
    writeFileSync(
      module,
      "import { mul, sin } from '@dualtape/core';\nexport const f = (x) => mul(x[0], sin(x[1]));\n" +
        'export const fGradient = (x) => [Math.sin(x[1]), x[0] * Math.cos(x[1])];\n',
    );
    const run = await runBuiltCli([
      'check',
      '--module',
      module,
      '--export',
      'f',
      '--at',
      '[2, 0.5]',
      '--json',
    ]);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const [result] = jsonLines(run.stdout) as [{ verdict: string; methods: { method: string }[] }];
    expect(result.verdict).toBe('pass');
    expect(result.methods.map((method) => method.method)).toContain('hand-written');
  });
});

describe.concurrent('error paths exit 2 with one line', () => {
  it('draws a caret under the position of an expression error', async () => {
    const run = await runBuiltCli(['grad', 'sin(x', '--at', 'x=1']);
    expectUsageError(run);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^error: expected '\)' to close '\(' opened at 3 at position 5$/);
    expect(lines[1]).toBe('  sin(x');
    expect(lines[2]).toBe(`  ${' '.repeat(5)}^`);
  });

  it('lists the valid options after an unknown one', async () => {
    const run = await runBuiltCli(['grad', 'x', '--at', 'x=1', '--frobnicate']);
    expectUsageError(
      run,
      "unknown option '--frobnicate'",
      'valid options: --at',
      '--mode',
      '--json',
      '--batch',
    );
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('names the variable --at is missing', async () => {
    expectUsageError(
      await runBuiltCli(['grad', 'x*y', '--at', 'x=1']),
      "--at is missing a value for variable 'y'",
    );
  });

  it('names a bad number in --at', async () => {
    expectUsageError(
      await runBuiltCli(['grad', 'x*y', '--at', 'x=1,y=abc']),
      "--at y=abc: 'abc' is not a number",
    );
  });

  it('rejects an unknown command, listing the commands', async () => {
    expectUsageError(
      await runBuiltCli(['differentiate', 'x']),
      "unknown command 'differentiate'",
      'commands: grad',
    );
  });
});

describe.concurrent('--batch', () => {
  it('answers 1,000 lines in order, one result per line, bad lines included, in one process', async () => {
    const lines: string[] = [];
    const expected: ({ x: number; y: number } | 'error')[] = [];
    for (let i = 0; i < 1000; i++) {
      const a = (i % 13) + 1;
      const x = (i % 7) - 3;
      if (i % 10 === 3) {
        lines.push(JSON.stringify({ expr: `${a}*x^2 + y`, at: { x } })); // y missing
        expected.push('error');
      } else if (i % 10 === 7) {
        lines.push(JSON.stringify({ expr: `${a}*x^2 +* y`, at: { x, y: 1 } })); // does not parse
        expected.push('error');
      } else {
        lines.push(JSON.stringify({ expr: `${a}*x^2 + y`, at: { x, y: i } }));
        expected.push({ x: 2 * a * x, y: 1 });
      }
    }
    const file = join(scratch, 'batch.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const run = await runBuiltCli(['grad', '--batch', file]);
    expect(run.status).toBe(2);
    const results = jsonLines(run.stdout) as { line: number; gradient?: unknown; error?: { type: string } }[];
    expect(results).toHaveLength(1000);
    results.forEach((result, i) => {
      expect(result.line).toBe(i + 1);
      const want = expected[i]!;
      if (want === 'error') expect(result.error?.type).toMatch(/^(UsageError|ParseError)$/);
      else expect(result.gradient).toEqual(want);
    });
  });

  it('reads standard input with "-" and exits 1 when a check disagrees', async () => {
    const input = `${JSON.stringify({ expr: 'x^3', at: { x: 2 } })}\n${JSON.stringify({ expr: 'sqrt(x)', at: { x: -1 } })}\n`;
    const run = await runBuiltCli(['check', '--batch', '-'], { input });
    expect(run.status).toBe(1);
    const results = jsonLines(run.stdout) as { line: number; verdict: string }[];
    expect(results.map((result) => [result.line, result.verdict])).toEqual([
      [1, 'pass'],
      [2, 'fail'],
    ]);
  });
});

describe.concurrent('writing to a closed stdout', () => {
  // Each of these writes something to stdout; with the reader gone, the run ends quietly, as `ls | head`.
  const commands: readonly (readonly string[])[] = [
    ['zoo'],
    ['--help'],
    ['--version'],
    ['grad', 'x^2 + y^2', '--at', 'x=4,y=3'],
    ['jacobian', '[x*y, x+y]', '--at', 'x=1,y=2', '--json'],
    ['check', 'x^2', '--at', 'x=1'],
    ['check', 'log(x^2)', '--at', 'x=0'],
    ['graph', 'x*y', '--at', 'x=2,y=3'],
    ['transform', `${FIXTURES}plain-loss.mjs`, '--export', 'loss'],
  ];
  for (const args of commands) {
    it(`ends quietly with exit 0: dualtape ${args.join(' ')}`, async () => {
      const run = await runBuiltCliIntoClosedPipe(args);
      expect(run.stderr).not.toContain('EPIPE');
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.status, run.stderr).toBe(0);
    });
  }
});
