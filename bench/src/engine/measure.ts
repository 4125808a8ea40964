/**
 * One timed point, measured with tinybench: warm the call up, batch fast calls so a sample outlasts the
 * timer's resolution, then sample until the time budget and a minimum sample count are both met. The
 * median (robust to the odd GC pause or neighbour process) is the number the sweeps fit.
 */
import { UsageError } from '@dualtape/core';
import { Bench } from 'tinybench';
import { MIN_SAMPLE_MS, MIN_SAMPLES, MIN_SAMPLES_EXPENSIVE, MIN_WARMUP_CALLS } from '../defaults.js';

/** Timing statistics of one call, in milliseconds per call. */
export interface Timing {
  /** Median time per call: the number fits and ratios use. */
  readonly medianMs: number;
  /** Mean time per call. */
  readonly meanMs: number;
  /** Fastest sample. */
  readonly minMs: number;
  /** Slowest sample. */
  readonly maxMs: number;
  /** 99th percentile of the samples. */
  readonly p99Ms: number;
  /** Median absolute deviation of the samples (unscaled), the spread reported next to the median. */
  readonly madMs: number;
  /** Relative margin of error of the mean at 95%, in percent (tinybench's `rme`). */
  readonly rmePercent: number;
  /** Number of samples. */
  readonly samples: number;
  /** Calls batched into one sample (1 unless the call is shorter than the minimum sample time). */
  readonly callsPerSample: number;
}

/** Options of {@link measure}. */
export interface MeasureOptions {
  /** Time budget for sampling, in ms. @default 100 */
  readonly timeMs?: number;
  /**
   * Time spent calling before sampling starts (JIT warm-up), in ms. Whatever it says, warm-up goes on until
   * MIN_WARMUP_CALLS calls or `timeMs` have passed, and makes at least two calls. @default 20
   */
  readonly warmupMs?: number;
  /** Minimum duration of one sample; faster calls are batched. @default MIN_SAMPLE_MS (0.05 ms) */
  readonly minSampleMs?: number;
}

// Results land here so the optimizer cannot drop a call whose value is unused.
let sink: unknown;

/** The last value a measured call returned (keeps results observable; useful to check a call ran). */
export function lastMeasuredValue(): unknown {
  return sink;
}

/**
 * Times `call` (synchronous) and returns per-call statistics. Errors thrown by `call` propagate unchanged,
 * so the caller can report which mode failed at which size.
 */
export function measure(name: string, call: () => unknown, options: MeasureOptions = {}): Timing {
  const timeMs = options.timeMs ?? 100;
  const warmupMs = options.warmupMs ?? 20;
  const minSampleMs = options.minSampleMs ?? MIN_SAMPLE_MS;
  if (!(timeMs >= 0) || !(warmupMs >= 0) || !(minSampleMs > 0)) {
    throw new UsageError(
      `measure(${name}): timeMs and warmupMs must be >= 0 and minSampleMs > 0, got ${timeMs}, ${warmupMs}, ${minSampleMs}`,
    );
  }

  // Warm-up doubles as calibration: the fastest warm call estimates the cost of one call. The first calls
  // of a code path run in V8's interpreter and can be 100× slower, so a few are made whatever warmupMs
  // says, within the sampling budget.
  let fastestCall = Number.POSITIVE_INFINITY;
  let warmupCalls = 0;
  const warmupStart = performance.now();
  for (;;) {
    const start = performance.now();
    sink = call();
    const end = performance.now();
    fastestCall = Math.min(fastestCall, end - start);
    warmupCalls++;
    const elapsed = end - warmupStart;
    // Two calls at least: the first at a new size also pays for growing the tape and fresh heap pages.
    if (warmupCalls < 2 || elapsed < warmupMs) continue;
    if (warmupCalls >= MIN_WARMUP_CALLS || elapsed >= Math.max(warmupMs, timeMs)) break;
  }

  const callsPerSample = Math.min(
    1_000_000,
    Math.max(1, Math.ceil(minSampleMs / Math.max(fastestCall, 1e-6))),
  );
  const sampleMs = fastestCall * callsPerSample;
  const minSamples = sampleMs * MIN_SAMPLES > 4 * timeMs ? MIN_SAMPLES_EXPENSIVE : MIN_SAMPLES;

  const bench = new Bench({ time: timeMs, iterations: minSamples, warmup: false, throws: true });
  const batched = () => {
    const start = performance.now();
    for (let i = 0; i < callsPerSample; i++) sink = call();
    const total = performance.now() - start;
    return { overriddenDuration: total / callsPerSample, overriddenIterationCost: total };
  };
  const single = () => {
    sink = call();
  };
  bench.add(name, callsPerSample === 1 ? single : batched, { async: false });
  const [task] = bench.runSync();
  const result = task!.result;
  if (result.state === 'errored') throw result.error;
  if (result.state !== 'completed') {
    throw new UsageError(`measure(${name}): tinybench finished in state '${result.state}'`);
  }
  const latency = result.latency;
  return {
    medianMs: latency.p50,
    meanMs: latency.mean,
    minMs: latency.min,
    maxMs: latency.max,
    p99Ms: latency.p99,
    madMs: latency.mad,
    rmePercent: latency.rme,
    samples: latency.samplesCount,
    callsPerSample,
  };
}
