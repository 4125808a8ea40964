/**
 * What the CLI's tests share: a runner for the BUILT command-line tool (a subprocess, as a user runs it;
 * the vitest global setup builds it first), an in-process runner with collecting streams, and reading
 * JSON lines.
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../src/internal/io.js';
import { runCli } from '../src/internal/program.js';

/** The monorepo root, where `pnpm dualtape` runs. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The built CLI. */
export const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/** Where the committed test modules for `check --module` live. */
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** What a CLI run produced. */
export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** CLI processes allowed at once: one per core; more only makes a 2-core machine thrash. */
const PROCESS_SLOTS = Math.max(1, availableParallelism());
let running = 0;
const waiting: (() => void)[] = [];

async function withProcessSlot<T>(body: () => Promise<T>): Promise<T> {
  if (running >= PROCESS_SLOTS) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await body();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/**
 * Runs `node dist/cli.js ...args` in a subprocess (stdin from `input`), without colour variables.
 * Asynchronous, so independent CLI tests overlap their processes (at most one per core).
 */
export function runBuiltCli(
  args: readonly string[],
  options: { input?: string; cwd?: string } = {},
): Promise<CliRun> {
  return withProcessSlot(() => spawnCli(args, options));
}

/**
 * Runs the built CLI with its stdout closed before it writes anything (a reader that went away, as in
 * `dualtape zoo | head -2` once head has exited): its status and what it wrote on stderr.
 */
export function runBuiltCliIntoClosedPipe(args: readonly string[]): Promise<Omit<CliRun, 'stdout'>> {
  return withProcessSlot(
    () =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT });
        child.stdout.destroy();
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
          stderr += chunk;
        });
        child.on('error', reject);
        child.on('close', (status) => resolve({ status, stderr }));
        child.stdin.end();
      }),
  );
}

function spawnCli(args: readonly string[], options: { input?: string; cwd?: string }): Promise<CliRun> {
  const env = { ...process.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** A stream that keeps what is written to it, for running the CLI in-process. */
export interface Collector extends Writable {
  text: string;
  isTTY: boolean;
}

/** A collecting stream that says it is (or is not) a terminal. */
export function collector(isTTY = false): Collector {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      stream.text += String(chunk);
      done();
    },
  }) as Collector;
  stream.text = '';
  stream.isTTY = isTTY;
  return stream;
}

/** An in-process CLI environment with collecting streams. */
export function testIo(options: { tty?: boolean; env?: Record<string, string>; stdin?: string } = {}) {
  const stdout = collector(options.tty ?? false);
  const stderr = collector(options.tty ?? false);
  const io: CliIo = {
    stdout,
    stderr,
    env: options.env ?? {},
    cwd: ROOT,
    readStdin: async () => options.stdin ?? '',
  };
  return { io, stdout, stderr };
}

/** Runs the CLI in-process (the same code as the binary, without a process start per test). */
export async function runInProcess(
  argv: readonly string[],
  options: { tty?: boolean; env?: Record<string, string>; stdin?: string } = {},
): Promise<CliRun> {
  const { io, stdout, stderr } = testIo(options);
  const status = await runCli(argv, io, '0.0.0-test');
  return { status, stdout: stdout.text, stderr: stderr.text };
}

/** Parses every non-empty stdout line as JSON. */
export function jsonLines(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}
