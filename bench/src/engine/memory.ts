/**
 * Memory of one differentiation call, measured in a fresh child process per point (isolation.ts starts
 * it): a process that has run nothing else has no garbage, no grown heap and no high-water mark from
 * earlier points, so the numbers of different sizes and modes do not leak into each other.
 *
 * What is reported (all in bytes):
 * - `peakBytes`: the peak resident set size during the call minus the resident size just before it. On
 *   Linux the kernel's high-water mark (VmHWM) is reset right before the call (`/proc/self/clear_refs`),
 *   so this is the call's own peak; elsewhere it falls back to `maxRSS`, which can include setup. The
 *   child runs with a 1 MB young generation so short-lived garbage (forward mode's dual numbers) is
 *   collected early and the peak reflects what the call holds live, not how lazily V8 collects.
 * - `retainedBytes`: JS heap plus array buffers still held after the call, once its result is released
 *   and a full GC ran: what the mode keeps between calls (reverse mode's reused tape).
 * - `heapAfterCallBytes`: heap plus array buffers right after the call, before any GC (live + garbage).
 * - `tapeBytes` / `operations`: the reverse tape's own accounting (core's Counters), exact; for the adjoint
 *   code (source transformation) `tapeBytes` is what its forward sweep saved (`stats.bytesSaved`), exact too.
 * The input point and anything a mode prepares before its call (a recording to replay) are allocated
 * before the baseline and not counted.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { newCounters, seededRandom, UsageError } from '@dualtape/core';
import { type ZooScalarInstance, zooEntry } from '@dualtape/zoo';
import type { ModeId } from '../modes.js';
import { prepareScalarCall } from '../modes.js';

/** One memory point: a scalar zoo function, a mode and a size. */
export interface MemoryJob {
  /** Zoo function name (a scalar one). */
  readonly fn: string;
  readonly mode: ModeId;
  /** The zoo size parameter. */
  readonly size: number;
  /** Seed of the input point. */
  readonly seed: number;
}

/** What one memory point measured; see the module comment for the definitions. */
export interface MemoryMeasurement {
  readonly peakBytes: number;
  readonly retainedBytes: number;
  readonly heapAfterCallBytes: number;
  /** Bytes of the call's result (the gradient array), included in the peak. */
  readonly resultBytes: number;
  /** Peak tape bytes from the mode's counters (the adjoint code: bytes saved); null for modes without either. */
  readonly tapeBytes: number | null;
  /** Tape entries recorded; null for modes without a tape. */
  readonly operations: number | null;
  /** Duration of the measured call in the child, ms (predicts the next size's cost). */
  readonly callMs: number;
  /** How the peak was read: the reset high-water mark, or the process-lifetime maximum. */
  readonly peakMethod: 'vmhwm' | 'maxrss';
}

/**
 * The child warms the code up at a smaller size before the measured call, so that call runs optimized code
 * (and its duration predicts the next size's). A tape grown by the warm-up is in the baseline: at most
 * this size's tape, under the heap resolution.
 */
const WARMUP_SIZE = 1024;

/** The warm-up calls go on until both this many calls and this much time have passed. */
const WARMUP_CALLS = 30;
const WARMUP_MS = 50;

/**
 * Measures `job` in this process. Needs `--expose-gc`; meant for a fresh process (the worker), where no
 * earlier work distorts the baseline.
 * @throws UsageError without `gc`, for an unknown or vector zoo function, or a mode that does not apply.
 */
export function runMemoryJob(job: MemoryJob): MemoryMeasurement {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') throw new UsageError('runMemoryJob: needs node --expose-gc');
  const entry = zooEntry(job.fn);
  const instantiate = (size: number): ZooScalarInstance => {
    const instance = entry.instantiate(size);
    if (instance.kind !== 'scalar')
      throw new UsageError(`runMemoryJob: '${job.fn}' is not a scalar function`);
    return instance;
  };

  const warmupInstance = instantiate(
    Math.max(entry.minSize, Math.min(Math.floor(job.size / 4), WARMUP_SIZE)),
  );
  const warmupCall = prepareScalarCall(
    job.mode,
    warmupInstance,
    warmupInstance.sample(seededRandom(job.seed)),
  );
  const warmupStart = performance.now();
  for (let calls = 0; calls < WARMUP_CALLS || performance.now() - warmupStart < WARMUP_MS; calls++)
    warmupCall();

  const instance = instantiate(job.size);
  const x = instance.sample(seededRandom(job.seed));
  const counters = newCounters();
  const call = prepareScalarCall(job.mode, instance, x, counters);
  gc();
  gc();
  const before = process.memoryUsage();
  const heapBefore = before.heapUsed + before.arrayBuffers;
  const peakMethod = resetPeakResidentSize() ? 'vmhwm' : 'maxrss';
  const rssBefore = process.memoryUsage.rss();

  const start = performance.now();
  let result: unknown = call();
  const callMs = performance.now() - start;

  const peakResident =
    peakMethod === 'vmhwm' ? readPeakResidentSize() : process.resourceUsage().maxRSS * 1024;
  const after = process.memoryUsage();
  const heapAfterCallBytes = after.heapUsed + after.arrayBuffers - heapBefore;
  const resultBytes = byteSizeOf(result);
  // Released before the retained heap is read: what stays is what the mode keeps, not its answer.
  result = undefined;
  gc();
  gc();
  const settled = process.memoryUsage();
  return {
    peakBytes: Math.max(0, peakResident - rssBefore),
    retainedBytes: settled.heapUsed + settled.arrayBuffers - heapBefore,
    heapAfterCallBytes,
    resultBytes,
    tapeBytes: counters.peakTapeBytes > 0 ? counters.peakTapeBytes : null,
    operations: counters.operations > 0 ? counters.operations : null,
    callMs,
    peakMethod,
  };
}

// Writing 5 to clear_refs resets the kernel's peak-RSS counter (Linux >= 4.0); anywhere else it fails.
function resetPeakResidentSize(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return Number.isFinite(readPeakResidentSize());
  } catch {
    return false;
  }
}

function readPeakResidentSize(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  const match = /VmHWM:\s+(\d+)\s*kB/.exec(status);
  return match === null ? Number.NaN : Number(match[1]) * 1024;
}

function byteSizeOf(value: unknown): number {
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (typeof value === 'object' && value !== null) {
    let total = 0;
    for (const field of Object.values(value)) if (ArrayBuffer.isView(field)) total += field.byteLength;
    return total;
  }
  return 0;
}
