/**
 * The expression language as the CLI serves it: `dualtape help expressions`, the derived operations and
 * suggestions, a leading minus, flat chains of any length and `--expr-file` (target.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LANGUAGE_FUNCTIONS } from '@dualtape/expression';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonLines, runInProcess } from '../helpers.js';

const scratch = mkdtempSync(join(tmpdir(), 'dualtape-expressions-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

async function gradient(args: readonly string[]): Promise<Record<string, number>> {
  const run = await runInProcess(['grad', ...args, '--json']);
  expect(run.status, run.stderr).toBe(0);
  return (jsonLines(run.stdout)[0] as { gradient: Record<string, number> }).gradient;
}

describe('dualtape help expressions', () => {
  it('prints the grammar, precedence, every function and constant, vectors and quoting', async () => {
    const run = await runInProcess(['help', 'expressions']);
    expect(run.status, run.stderr).toBe(0);
    for (const name of LANGUAGE_FUNCTIONS.keys())
      expect(run.stdout).toMatch(new RegExp(`^  ${name}\\(`, 'm'));
    for (const part of [
      'Grammar',
      'Precedence',
      '2^3^x  is 2^(3^x)',
      '-x^2   is -(x^2)',
      'pi = ',
      'Vectors',
      'Quoting',
    ]) {
      expect(run.stdout).toContain(part);
    }
  });

  it('help COMMAND is that command’s help; an unknown topic lists the topics (exit 2)', async () => {
    const grad = await runInProcess(['help', 'grad']);
    expect(grad.status).toBe(0);
    expect(grad.stdout).toContain('Usage: dualtape grad');
    const unknown = await runInProcess(['help', 'nope']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("help: no topic 'nope' (topics: expressions, grad,");
    const top = await runInProcess(['--help']);
    expect(top.stdout).toContain('dualtape help expressions');
  });

  it('the examples it gives run', async () => {
    const help = (await runInProcess(['help', 'expressions'])).stdout;
    const examples = help
      .split('\n')
      .filter((line) => line.startsWith('  dualtape ') && !line.includes('--expr-file'))
      .map((line) => line.trim().slice('dualtape '.length));
    expect(examples.length).toBeGreaterThanOrEqual(5);
    for (const example of examples) {
      const args = [...example.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2]!);
      const run = await runInProcess(args);
      expect(run.status, `${example}: ${run.stderr}`).toBe(0);
    }
  });
});

describe('derived operations and suggestions', () => {
  it('sigmoid, softplus, relu and logsumexp differentiate (by hand: sigmoid′(0) = 1/4, softplus′(0) = 1/2)', async () => {
    expect((await gradient(['sigmoid(x)', '--at', 'x=0'])).x).toBeCloseTo(0.25, 14);
    expect((await gradient(['softplus(x)', '--at', 'x=0'])).x).toBeCloseTo(0.5, 14);
    expect((await gradient(['softplus(x)', '--at', 'x=1000'])).x).toBe(1);
    expect((await gradient(['relu(x)', '--at', 'x=-2'])).x).toBe(0);
    const lse = await gradient(['logsumexp(x, y)', '--at', 'x=0,y=0']);
    expect(lse.x).toBeCloseTo(0.5, 14);
    expect(lse.y).toBeCloseTo(0.5, 14);
  });

  it('check agrees on them in every mode', async () => {
    const run = await runInProcess([
      'check',
      'logsumexp(x, y, 0) + sigmoid(x*y) - softplus(y) + relu(y - x)',
      '--at',
      'x=1,y=2',
    ]);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('PASS');
  });

  it.each([
    ['logistic(x)', 'sigmoid'],
    ['ln(x)', 'log'],
    ['arctan(x)', 'atan'],
    ['sofplus(x)', 'softplus'],
  ])('%s suggests %s', async (expression, meant) => {
    const run = await runInProcess(['grad', expression, '--at', 'x=1']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`(did you mean '${meant}'?)`);
  });
});

describe('a leading minus', () => {
  it('-x^2 as the expression gets the hint instead of a bare unknown option', async () => {
    const run = await runInProcess(['grad', '-x^2', '--at', 'x=3']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("unknown option '-x^2' (if '-x^2' is the expression");
    expect(run.stderr).toContain('write it as "(-x^2)"');
    expect(run.stderr).toContain('dualtape grad --at x=3 -- "-x^2"');
  });

  it('every remedy the hint names works', async () => {
    expect((await gradient(['(-x^2)', '--at', 'x=3'])).x).toBe(-6);
    expect((await gradient([' -x^2', '--at', 'x=3'])).x).toBe(-6);
    const last = await runInProcess(['grad', '--at', 'x=3', '--json', '--', '-x^2']);
    expect(last.status, last.stderr).toBe(0);
    expect((jsonLines(last.stdout)[0] as { gradient: unknown }).gradient).toEqual({ x: -6 });
  });

  it("options after '--' get a hint too; a mistyped short option does not", async () => {
    const excess = await runInProcess(['grad', '--', '-x^2', '--at', 'x=3']);
    expect(excess.status).toBe(2);
    expect(excess.stderr).toContain("put the options before '--'");
    const typo = await runInProcess(['grad', 'x', '-q']);
    expect(typo.status).toBe(2);
    expect(typo.stderr).not.toContain('is the expression');
    expect(typo.stderr).toContain('valid options');
  });
});

describe('flat chains and --expr-file', () => {
  it('a flat sum of 1,001 terms is differentiated (it used to be "nested too deeply")', async () => {
    const sum = Array.from({ length: 1001 }, (_, i) => `${i + 1}*x`).join(' + ');
    expect((await gradient([sum, '--at', 'x=2'])).x).toBe((1001 * 1002) / 2);
  });

  it('--expr-file reads a long expression, one term per line, with # comments', async () => {
    const terms = 5000;
    const path = file(
      'sum.txt',
      `# ${terms} terms\n${Array.from({ length: terms }, () => 'x*y +').join('\n')}\n0\n`,
    );
    const result = await gradient(['--expr-file', path, '--at', 'x=2,y=3']);
    expect(result).toEqual({ x: terms * 3, y: terms * 2 });
    const human = await runInProcess(['grad', '--expr-file', path, '--at', 'x=2,y=3']);
    expect(human.stdout).toMatch(/^f\s+x\*y \+ x\*y .* … \(\d{2},\d{3} characters\)$/m);
  });

  it('--expr-file - reads standard input; a UTF-8 byte-order mark is dropped', async () => {
    const run = await runInProcess(['grad', '--expr-file', '-', '--at', 'x=3', '--json'], {
      stdin: '\uFEFFx^2\n',
    });
    expect(run.status, run.stderr).toBe(0);
    expect((jsonLines(run.stdout)[0] as { gradient: unknown }).gradient).toEqual({ x: 6 });
  });

  it('a missing or empty file, or both an expression and a file, are usage errors naming the path', async () => {
    const missing = await runInProcess(['grad', '--expr-file', join(scratch, 'nope.txt'), '--at', 'x=1']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(`--expr-file ${join(scratch, 'nope.txt')}: cannot read`);
    expect(missing.stderr).toContain('no such file');
    const empty = await runInProcess([
      'grad',
      '--expr-file',
      file('empty.txt', '# nothing\n'),
      '--at',
      'x=1',
    ]);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain('the file holds no expression');
    const both = await runInProcess(['grad', 'x', '--expr-file', file('x.txt', 'x'), '--at', 'x=1']);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('either as an argument or with --expr-file, not both');
  });
});
