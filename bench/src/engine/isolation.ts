/**
 * Runs a job (jobs.ts) in a fresh child process, or here. A child is `node [flags] worker.js '<job>'`; it
 * prints one JSON line per progress step and a last line with the result or the error, and exits. From
 * the TypeScript sources (tests, tsx) the worker runs through the tsx loader with the workspace's source
 * condition; from the built package, directly.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MEMORY_SEMI_SPACE_MB } from '../defaults.js';
import { describeCall, type Job, type JobResult, runJobHere } from './jobs.js';
import type { MemoryJob, MemoryMeasurement } from './memory.js';

/** Options of {@link runJob}. */
export interface RunJobOptions {
  /** Run in a fresh child process (memory jobs always do). @default true */
  readonly isolated?: boolean;
  /** Hears one line per finished point or call. @default undefined */
  readonly onProgress?: (detail: string) => void;
  /** Stop a child after this long and fail. @default no limit (memory points: 120000 ms) */
  readonly timeoutMs?: number;
}

/** One line the worker prints. */
export type WorkerLine =
  | { readonly type: 'progress'; readonly detail: string }
  | { readonly type: 'result'; readonly ok: true; readonly result: unknown }
  | { readonly type: 'result'; readonly ok: false; readonly error: string };

/** Memory points are single calls: a child still running after this long is stuck. */
const MEMORY_TIMEOUT_MS = 120_000;

/**
 * Runs `job` and returns its result: in a child process when `isolated` (or for a memory job), else here.
 * @throws Error naming the job when the child fails or prints no result, or the job's own error.
 */
export async function runJob<J extends Job>(job: J, options: RunJobOptions = {}): Promise<JobResult<J>> {
  const isolated = options.isolated ?? true;
  if (!isolated && job.kind !== 'memory') return runJobHere(job, options.onProgress);
  const timeoutMs = options.timeoutMs ?? (job.kind === 'memory' ? MEMORY_TIMEOUT_MS : undefined);
  const flags = job.kind === 'memory' ? ['--expose-gc', `--max-semi-space-size=${MEMORY_SEMI_SPACE_MB}`] : [];
  return (await runInChild(job, flags, options.onProgress, timeoutMs)) as JobResult<J>;
}

/**
 * One memory point in a fresh `--expose-gc` child (see memory.ts for what is measured). A child that dies
 * without a result (killed, out of memory, a transient start-up failure) is tried once more; a job that
 * reports an error is not.
 */
export async function measureMemoryInChild(
  job: MemoryJob,
  options: Pick<RunJobOptions, 'timeoutMs'> = {},
): Promise<MemoryMeasurement> {
  try {
    return await runJob({ ...job, kind: 'memory' }, options);
  } catch (error) {
    if (!(error instanceof ChildCrash)) throw error;
    return runJob({ ...job, kind: 'memory' }, options);
  }
}

/** A child that ended without printing a result. */
class ChildCrash extends Error {
  override name = 'ChildCrash';
}

function runInChild(
  job: Job,
  flags: readonly string[],
  onProgress: ((detail: string) => void) | undefined,
  timeoutMs: number | undefined,
): Promise<unknown> {
  const { execArgv, workerPath } = workerCommand();
  const args = [...execArgv, ...flags, workerPath, encodeLine(job)];
  const what = describeJob(job);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    let stderr = '';
    let reply: WorkerLine | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        const parsed = parseLine(line);
        if (parsed?.type === 'progress') onProgress?.(parsed.detail);
        else if (parsed?.type === 'result') reply = parsed;
        newline = pending.indexOf('\n');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            child.kill('SIGKILL');
            reject(new Error(`${what}: no result after ${timeoutMs} ms; the child was stopped`));
          }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${what}: could not start the child: ${error.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (reply === undefined) {
        const detail = stderr.trim().split('\n').slice(-3).join(' | ') || `exit code ${code}`;
        reject(new ChildCrash(`${what}: the child printed no result (${detail})`));
      } else if (reply.type === 'result' && reply.ok) {
        resolve(reply.result);
      } else if (reply.type === 'result') {
        reject(new Error(`${what}: ${reply.error}`));
      }
    });
  });
}

/**
 * How to start the worker: from the built package, `dist/worker.js` directly; from the TypeScript sources
 * (tests), `worker.ts` through the tsx loader with the workspace's source condition.
 */
function workerCommand(): { execArgv: string[]; workerPath: string } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const tsx = createRequire(here).resolve('tsx');
    return {
      execArgv: ['--import', pathToFileURL(tsx).href, '--conditions=@dualtape/source'],
      workerPath: fileURLToPath(new URL('./worker.ts', here)),
    };
  }
  return { execArgv: [], workerPath: fileURLToPath(new URL('./worker.js', here)) };
}

function describeJob(job: Job): string {
  switch (job.kind) {
    case 'memory':
      return `memory point ${job.fn}/${job.mode}/size ${job.size}`;
    case 'sweep':
      return `sweep of ${job.series}`;
    case 'calls':
      return `${job.calls.length} timed call(s)`;
    case 'cold':
      return `cold call (${describeCall(job.call)})`;
  }
}

/** JSON with non-finite numbers as the strings "NaN", "Infinity", "-Infinity" (JSON has no such numbers). */
export function encodeLine(value: unknown): string {
  return JSON.stringify(value, (_key, field: unknown) =>
    typeof field === 'number' && !Number.isFinite(field) ? String(field) : field,
  );
}

/** The inverse of {@link encodeLine}; undefined for a line that is not JSON. */
export function parseLine(line: string): WorkerLine | undefined {
  try {
    return JSON.parse(line, (_key, field: unknown) =>
      field === 'NaN' || field === 'Infinity' || field === '-Infinity' ? Number(field) : field,
    ) as WorkerLine;
  } catch {
    return undefined;
  }
}
