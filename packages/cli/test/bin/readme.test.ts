/**
 * The root README's session lines run as written: every line `$ dualtape …` of README.md is run by bash
 * from the repo root with node_modules/.bin (where `pnpm install` links the bin) on the PATH. Its exit
 * status is the one the line's `# exit N` comment names (0 without one), and the first output line the
 * README shows under it is in what it printed — the README's output is real output (a '…' in the shown line
 * stands for text the README leaves out).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

interface SessionLine {
  readonly command: string;
  readonly status: number;
  readonly firstOutput: string | undefined;
}

function sessionLines(): SessionLine[] {
  const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n');
  const found: SessionLine[] = [];
  lines.forEach((line, index) => {
    if (!line.startsWith('$ dualtape ')) return;
    const command = line.slice(2);
    const status = Number(/#\s*exit (\d+)/.exec(command)?.[1] ?? 0);
    const next = lines[index + 1] ?? '';
    const shown =
      next.startsWith('$') || next.startsWith('```') || next.startsWith('…') || next.trim() === '';
    found.push({ command, status, firstOutput: shown ? undefined : next.trimEnd() });
  });
  return found;
}

function bash(command: string): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${join(ROOT, 'node_modules', '.bin')}${delimiter}${process.env.PATH}`,
    };
    delete env.FORCE_COLOR;
    const child = spawn('bash', ['-o', 'pipefail', '-c', command], { cwd: ROOT, env });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });
}

const lines = sessionLines();

describe("the README's session", () => {
  it('has the lines this test runs', () => {
    expect(lines.length).toBeGreaterThanOrEqual(10);
    expect(lines.some((line) => line.command.includes('examples/wrong-gradient.mjs'))).toBe(true);
  });

  for (const line of lines) {
    it(`runs as written: ${line.command}`, async () => {
      const result = await bash(line.command);
      expect(result.status, result.output).toBe(line.status);
      if (line.firstOutput !== undefined) {
        const shown = line.firstOutput.trim();
        const escaped = shown.split('…').map((piece) => piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
        const pattern = new RegExp(`^${escaped.join('.*')}$`);
        expect(
          result.output.split('\n').some((printed) => pattern.test(printed.trim())),
          `expected the line ${JSON.stringify(shown)} in:\n${result.output}`,
        ).toBe(true);
      }
      if (line.command.includes('echo "exit $?"')) expect(result.output).toMatch(/\nexit 1\n$/);
    });
  }
});
