/**
 * `dualtape bench chunk-size`: the chunk sizes the defaults pick, measured. Forward mode's chunked duals
 * carry k tangents per pass, so a gradient needs ⌈N/k⌉ passes each costing about k times a one-tangent
 * pass's arithmetic and the same bookkeeping: larger k saves bookkeeping until the lanes stop fitting in
 * cache; ForwardDiff's heuristic (threshold 12) picks k from N, and this table shows where it lands. The
 * compiled gradient (`compileGradient`) splits straight-line code into functions of a chunk of entries,
 * because V8's optimizing compiler takes time superlinear in a function's size and inlines only up to a
 * budget per function: the second table shows the compile time and the warm gradient per chunk size.
 */
import { defaultChunkSize } from '@dualtape/forward';
import { DEFAULT_COMPILE_CHUNK_SIZE } from '@dualtape/reverse';
import { zooEntry } from '@dualtape/zoo';
import type { CallSpec } from '../../calls/registry.js';
import { runJob } from '../../engine/isolation.js';
import { type CallOutcome, timeBudget } from '../../engine/jobs.js';
import { describeError } from '../../engine/sweep.js';
import { formatMs, formatRatio } from '../../internal/format.js';
import type { ExperimentResult, Measurement, TableData } from '../../results.js';
import type { Experiment, ExperimentContext } from '../types.js';
import type { ChunkWork } from './calls.js';
import { COMPILE_CHUNK_SIZES, FORWARD_CHUNK_SIZES } from './manifest.js';

const TITLE = 'Chunk sizes: forward tangents per pass, compiled straight-line code per function';

/** The chunk-size experiment. */
export const chunkSizeExperiment: Experiment = {
  name: 'chunk-size',
  title: TITLE,
  run: runChunkSize,
};

/** The sorted, distinct chunk sizes of `candidates` and `extra`, those above `limit` dropped. */
function chunkSizes(candidates: readonly number[], extra: number, limit: number): number[] {
  return [...new Set([...candidates, extra])].filter((k) => k <= limit).sort((a, b) => a - b);
}

async function runChunkSize({ settings, progress }: ExperimentContext): Promise<ExperimentResult> {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const budget = timeBudget(settings);
  const entry = zooEntry(settings.fn);
  const notes: string[] = [];
  const measurements: Measurement[] = [];

  const gradientSize = settings.chunkGradientSize;
  const inputs = entry.inputSize(gradientSize);
  const heuristic = defaultChunkSize(inputs);
  const forwardChunks = chunkSizes(FORWARD_CHUNK_SIZES, heuristic, inputs);
  const compileSize = settings.chunkCompileSize;
  const compileChunks = chunkSizes(COMPILE_CHUNK_SIZES, DEFAULT_COMPILE_CHUNK_SIZE, Number.POSITIVE_INFINITY);

  const call = (work: ChunkWork, size: number, chunkSize: number): CallSpec => ({
    kind: 'chunk',
    fn: entry.name,
    size,
    seed: settings.seed,
    work,
    chunkSize,
  });
  // One process per table: the forward gradients; the plain evaluation, the compilations and the compiled gradients.
  const forwardCalls = forwardChunks.map((k) => call('forward-gradient', gradientSize, k));
  const compileCalls: CallSpec[] = [
    { kind: 'zoo', fn: entry.name, size: compileSize, mode: 'plain', seed: settings.seed },
    ...compileChunks.map((k) => call('compile', compileSize, k)),
    ...compileChunks.map((k) => call('compiled-gradient', compileSize, k)),
  ];
  progress.begin('chunk-size', forwardCalls.length + compileCalls.length);
  const run = async (calls: CallSpec[]): Promise<CallOutcome[]> => {
    try {
      return await runJob(
        { kind: 'calls', calls, ...budget },
        { isolated: settings.isolate, onProgress: (detail) => progress.advance(detail) },
      );
    } catch (error) {
      return calls.map(() => ({ ok: false, error: describeError(error) }));
    }
  };
  const forwardOutcomes = await run(forwardCalls);
  const compileOutcomes = await run(compileCalls);
  progress.end();

  const record = (
    group: string,
    series: string,
    size: number,
    outcome: CallOutcome,
    extra?: Record<string, number>,
  ) => {
    measurements.push(
      outcome.ok
        ? {
            group,
            series,
            size,
            status: 'measured',
            timing: outcome.timing,
            extra: { ...extra, ...outcome.stats },
          }
        : { group, series, size, status: 'failed', reason: outcome.error },
    );
  };
  const median = (outcome: CallOutcome | undefined) =>
    outcome?.ok === true ? outcome.timing.medianMs : undefined;
  const show = (ms: number | undefined) => (ms === undefined ? '—' : formatMs(ms));

  const oneTangent = median(forwardOutcomes[0]);
  const forwardRows = forwardChunks.map((k, i) => {
    const outcome = forwardOutcomes[i]!;
    const passes = Math.ceil(inputs / k);
    record('chunk-size-forward', `chunk-${k}`, gradientSize, outcome, { chunkSize: k, passes });
    const ms = median(outcome);
    return [
      k === heuristic ? `${k} (default)` : String(k),
      String(passes),
      show(ms),
      ms === undefined || oneTangent === undefined ? '—' : formatRatio(oneTangent / ms),
      show(ms === undefined ? undefined : ms / passes),
    ];
  });

  const plain = median(compileOutcomes[0]);
  if (compileOutcomes[0] !== undefined)
    record('chunk-size-compile', 'plain', compileSize, compileOutcomes[0]);
  const compileRows = compileChunks.map((k, i) => {
    const compiling = compileOutcomes[1 + i]!;
    const running = compileOutcomes[1 + compileChunks.length + i]!;
    record('chunk-size-compile', `compile-${k}`, compileSize, compiling, { chunkSize: k });
    record('chunk-size-compile', `compiled-${k}`, compileSize, running, { chunkSize: k });
    const gradientMs = median(running);
    return [
      k === DEFAULT_COMPILE_CHUNK_SIZE ? `${k} (default)` : String(k),
      running.ok ? String(running.stats?.functions ?? '—') : '—',
      show(median(compiling)),
      show(gradientMs),
      gradientMs === undefined || plain === undefined ? '—' : formatRatio(gradientMs / plain),
    ];
  });

  const tables: TableData[] = [
    {
      title: `forward gradient of ${entry.name} at N = ${inputs}, per chunk size k`,
      head: ['k', 'passes', 'gradient', 'faster than k = 1', 'per pass'],
      rows: forwardRows,
    },
    {
      title: `compileGradient of ${entry.name} at N = ${entry.inputSize(compileSize)}, all straight-line code, per entries per function`,
      head: ['entries per function', 'functions', 'compile', 'gradient', '÷ plain'],
      rows: compileRows,
    },
  ];
  notes.push(
    `the default k for N = ${inputs} is ForwardDiff's heuristic (defaultChunkSize): ${heuristic}`,
    `compile: record, generate and parse the gradient's code (compileGradient with no loops and no replayed stretches); gradient: the compiled gradient once warm; ÷ plain divides by the zoo's hand-written evaluation`,
  );
  const failed = measurements.filter((measurement) => measurement.status === 'failed');
  if (failed.length > 0) notes.push(`— : failed (${failed[0]!.series}: ${failed[0]!.reason})`);
  return {
    name: 'chunk-size',
    title: TITLE,
    summary:
      'Time of one forward gradient for each number k of tangents per pass (⌈N/k⌉ passes), and of compiling and running ' +
      "a gradient of straight-line code split into functions of a given number of entries; the defaults' choices are marked.",
    startedAt,
    durationMs: performance.now() - started,
    charts: [],
    fits: [],
    ratios: [],
    tables,
    notes,
    measurements,
  };
}
