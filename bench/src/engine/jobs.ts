/**
 * Units of measuring work that can run here or in a fresh child process (see isolation.ts): a list of
 * calls to time, a sweep of one call over sizes, a memory point, or one call timed cold (the first time a
 * process makes it). A job is plain data; its result is plain data too, so the two places give the same
 * answer.
 *
 * Why children: a write-once function's JIT feedback is shared by every number type it has seen. After
 * Rosenbrock has run on dual numbers, tape variables and complex numbers, V8 optimizes it for all of them,
 * and the plain-number evaluation was measured 20× slower, reverse mode 1.5× slower, than in a process
 * that only ever ran one mode. An application uses one mode; so does each child.
 */
import { UsageError } from '@dualtape/core';
import {
  atSize,
  type CallSpec,
  type CallTemplate,
  describeCall,
  prepareCall,
  smallVariant,
  warmupKey,
} from '../calls/registry.js';
import { measure, type Timing } from './measure.js';
import { type MemoryJob, type MemoryMeasurement, runMemoryJob } from './memory.js';
import { describeError, runSweep, type SweepPoint } from './sweep.js';

/** How long each timed point samples and warms up. */
export interface TimeBudget {
  readonly timeMs: number;
  readonly warmupMs: number;
  /**
   * Time allowed for warming up a code path the process has not run yet, at a small size (see warmUp).
   * @default warmupMs
   */
  readonly processWarmupMs?: number;
}

/** The time budget of a job, taken from settings (or any object holding one) and nothing else. */
export function timeBudget(settings: Required<TimeBudget>): Required<TimeBudget> {
  return {
    timeMs: settings.timeMs,
    warmupMs: settings.warmupMs,
    processWarmupMs: settings.processWarmupMs,
  };
}

/** Time each call in turn (in the given order, in one process). */
export interface CallsJob extends TimeBudget {
  readonly kind: 'calls';
  readonly calls: readonly CallSpec[];
}

/** Sweep one call over sizes, skipping sizes predicted to exceed `maxCallMs` (see sweep.ts). */
export interface SweepJob extends TimeBudget {
  readonly kind: 'sweep';
  /** The series id reported in the points. */
  readonly series: string;
  readonly label: string;
  readonly template: CallTemplate;
  readonly sizes: readonly number[];
  readonly costExponent: number;
  readonly maxCallMs: number;
}

/** One memory point (needs a fresh process started with --expose-gc). */
export interface MemoryPointJob extends MemoryJob {
  readonly kind: 'memory';
}

/**
 * One call made cold, then `repeats` times more: what its first call costs in a process that has run
 * nothing of it (meaningful only in a fresh process: isolated), and what the same call costs once warm.
 */
export interface ColdJob {
  readonly kind: 'cold';
  readonly call: CallSpec;
  readonly repeats: number;
}

/** A cold job's outcome: the first call's time, and the fastest of the repeats that followed. */
export type ColdOutcome =
  | { readonly ok: true; readonly firstMs: number; readonly warmMs: number }
  | { readonly ok: false; readonly error: string };

/** Any job. */
export type Job = CallsJob | SweepJob | MemoryPointJob | ColdJob;

/** One timed call's outcome. */
export type CallOutcome =
  | { readonly ok: true; readonly timing: Timing; readonly stats?: Readonly<Record<string, number>> }
  | { readonly ok: false; readonly error: string };

/** A sweep point's payload: the timing and the call's counts (tape entries and bytes, where it has them). */
export interface TimedPoint {
  readonly timing: Timing;
  readonly stats?: Readonly<Record<string, number>>;
}

/** What each job kind returns. */
export type JobResult<J extends Job> = J extends CallsJob
  ? CallOutcome[]
  : J extends SweepJob
    ? SweepPoint<TimedPoint>[]
    : J extends ColdJob
      ? ColdOutcome
      : MemoryMeasurement;

/**
 * Runs `job` in this process. `onProgress` hears one line per finished point or call.
 * @throws UsageError for a malformed job; errors of individual calls and points are part of the result.
 */
export async function runJobHere<J extends Job>(
  job: J,
  onProgress: (detail: string) => void = () => {},
): Promise<JobResult<J>> {
  switch (job.kind) {
    case 'calls': {
      const outcomes: CallOutcome[] = [];
      for (const spec of job.calls) {
        await warmUp(spec, job);
        outcomes.push(await timeCall(spec, job));
        onProgress(describeCall(spec));
      }
      return outcomes as JobResult<J>;
    }
    case 'sweep': {
      const points = await runSweep(
        job.sizes,
        [{ id: job.series, label: job.label, costExponent: job.costExponent }],
        async (_line, size) => {
          const spec = atSize(job.template, size);
          await warmUp(spec, job);
          const { call, stats } = await prepareCall(spec);
          const timing = measure(`${job.series} ${size}`, call, job);
          return {
            callMs: timing.medianMs,
            payload: stats === undefined ? { timing } : { timing, stats: stats() },
          };
        },
        { maxCallMs: job.maxCallMs, onProgress: (step) => onProgress(`${step.series} at ${step.size}`) },
      );
      return points as JobResult<J>;
    }
    case 'memory':
      return runMemoryJob(job) as JobResult<J>;
    case 'cold': {
      const outcome = await timeCold(job);
      onProgress(`${describeCall(job.call)} (cold)`);
      return outcome as JobResult<J>;
    }
    default:
      throw new UsageError(`unknown job kind in ${JSON.stringify(job)}`);
  }
}

/** Small-size warm-up calls per code path: enough for V8 to optimize it, each costing microseconds. */
const WARMUP_CALLS = 400;

// Code paths this process has already warmed up (see warmUp).
const warmed = new Set<string>();

/**
 * The first time this process meets a code path (a function in a mode), runs it at a small size up to
 * WARMUP_CALLS times (within `processWarmupMs`), so the timed call at the real size runs optimized code.
 */
async function warmUp(spec: CallSpec, budget: TimeBudget): Promise<void> {
  const key = warmupKey(spec);
  if (warmed.has(key)) return;
  warmed.add(key);
  const limitMs = budget.processWarmupMs ?? budget.warmupMs;
  try {
    const { call } = await prepareCall(smallVariant(spec));
    const start = performance.now();
    for (let calls = 0; calls < WARMUP_CALLS && performance.now() - start < limitMs; calls++) call();
  } catch {
    // The real call reports the problem.
  }
}

async function timeCall(spec: CallSpec, budget: TimeBudget): Promise<CallOutcome> {
  try {
    const { call, stats } = await prepareCall(spec);
    const timing = measure(describeCall(spec), call, budget);
    return stats === undefined ? { ok: true, timing } : { ok: true, timing, stats: stats() };
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
}

async function timeCold(job: ColdJob): Promise<ColdOutcome> {
  try {
    const { call } = await prepareCall(job.call);
    let start = performance.now();
    call();
    const firstMs = performance.now() - start;
    let warmMs = Number.POSITIVE_INFINITY;
    for (let repeat = 0; repeat < job.repeats; repeat++) {
      start = performance.now();
      call();
      warmMs = Math.min(warmMs, performance.now() - start);
    }
    return { ok: true, firstMs, warmMs };
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
}

export { describeCall };
