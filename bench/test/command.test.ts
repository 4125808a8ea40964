import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBenchCommand } from '../src/command.js';
import { expectSchema, REPORT_JSON_SCHEMA } from './helpers.js';

function collector(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = collector();
  const stderr = collector();
  const code = await runBenchCommand(argv, { stdout: stdout.stream, stderr: stderr.stream });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

let directory = '';
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'bench-command-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('runBenchCommand', () => {
  it('runs a tiny gradient and jacobian sweep end to end and writes well-formed reports', async () => {
    const json = join(directory, 'tiny.json');
    const html = join(directory, 'out', 'tiny.html');
    const result = await run([
      'gradient',
      'jacobian',
      '--progress', // progress lines off a terminal only when asked for
      '--in-process',
      '--sizes',
      '8,16,32',
      '--product',
      '16',
      '--time',
      '2',
      '--max-call',
      '50',
      '--json',
      json,
      '--html',
      html,
    ]);
    expect(result.stderr).toMatch(/\[gradient\] 30 points/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('== Gradient of rosenbrock');
    expect(result.stdout).toContain('fitted growth exponents');
    expect(result.stdout).toContain('crossover');
    expect(result.stdout).toContain(`JSON report: ${json}`);

    const report = JSON.parse(await readFile(json, 'utf8'));
    expectSchema(report, REPORT_JSON_SCHEMA);
    expect(report.experiments.map((experiment: { name: string }) => experiment.name)).toEqual([
      'gradient',
      'jacobian',
    ]);
    const gradient = report.experiments[0];
    expect(gradient.measurements).toHaveLength(3 * 10);
    const fitted = gradient.fits.map((fit: { series: string }) => fit.series);
    for (const series of ['reverse', 'transform-forward', 'transform-reverse'])
      expect(fitted).toContain(series);

    const page = await readFile(html, 'utf8');
    const charts = report.experiments.reduce(
      (total: number, e: { charts: unknown[] }) => total + e.charts.length,
      0,
    );
    expect(page.split('<svg').length - 1).toBe(charts);
  });

  it('prints usage for --help and exits 0', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: dualtape bench/);
  });

  it('exits 2 with one line naming the mistake', async () => {
    for (const [argv, message] of [
      [['--sizes', '10..100'], /--sizes: the ends of range '10..100' must be powers of two/],
      [['gradiant'], /unknown experiment 'gradiant' \(did you mean 'gradient'\?\)/],
      [['--frobnicate'], /unknown option '--frobnicate'/],
    ] as const) {
      const result = await run([...argv]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stdout).toBe('');
    }
  });

  it('checks the report paths before the benchmark starts: exit 2 at once, nothing measured', async () => {
    for (const [argv, message] of [
      [
        ['gradient', '--html', '/etc/passwd/report.html'],
        '--html /etc/passwd/report.html: cannot write the report there: /etc/passwd is a file',
      ],
      [
        ['gradient', '--json', '/proc/nope/r.json'],
        '--json /proc/nope/r.json: cannot write the report there: /proc accepts no new files',
      ],
    ] as const) {
      const started = performance.now();
      const result = await run([...argv]);
      expect(performance.now() - started).toBeLessThan(2000);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stdout).toBe('');
    }
  });
});
