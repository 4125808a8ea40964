/**
 * `dualtape bench memory`: what each mode holds while it differentiates, and what checkpointing buys.
 *
 * 1. Against the operation count (`sin-chain`: one input, `depth` operations): reverse mode's tape and heap
 *    grow with the operations, one forward pass stays flat. This is the textbook contrast in its pure form.
 * 2. Against N (the `--fn` function): reverse still grows with the operations; a forward pass holds its
 *    N inputs as dual numbers (so it grows with N too, with a smaller constant) and the chunked gradient
 *    holds k lanes per operation in its arena.
 *    In both sweeps the adjoint code (source transformation) stands beside the tape: the bytes its forward
 *    sweep saved (`stats.bytesSaved`, exact) in place of tape bytes, and its heap like every mode's. It saves
 *    only what its reverse sweep needs and would otherwise lose, so theory bounds it by the tape's growth.
 * 3. A T-step loop, differentiated by reverse mode plainly and through `checkpointedLoop`: peak tape bytes
 *    (exact, from the tape's own accounting) and time as T grows — O(T) against O(√T) for about 2× time.
 *
 * Heap figures come from a fresh child process per point (see memory.ts for the definitions).
 */
import { zooEntry } from '@dualtape/zoo';
import { HEAP_RESOLUTION_BYTES } from '../../defaults.js';
import { measureGrowth, scalarPoints } from '../../engine/growth.js';
import { measureMemoryInChild } from '../../engine/isolation.js';
import type { TimedPoint } from '../../engine/jobs.js';
import type { MemoryMeasurement } from '../../engine/memory.js';
import { chartSeries, fitSeries, sweepMeasurements, sweepNotes } from '../../engine/series.js';
import { runSeriesJobs, type SeriesJobSpec } from '../../engine/series-jobs.js';
import { runSweep, type SweepSeries } from '../../engine/sweep.js';
import { formatBytes, formatMs, formatRatio, formatSize } from '../../internal/format.js';
import type { ModeId } from '../../modes.js';
import { MODE_LABELS } from '../../modes.js';
import type { Chart, ExperimentResult, FitRow, Measurement, Series, TableData } from '../../results.js';
import { type Growth, type Metric, predictedExponent, predictionBound } from '../../theory.js';
import type { Experiment, ExperimentContext } from '../types.js';
import { DEPTH_FUNCTION } from './manifest.js';

/** The memory experiment. */
export const memoryExperiment: Experiment = {
  name: 'memory',
  title: 'Memory: tape and heap against size; the checkpointed loop',
  run: runMemory,
};

interface MemoryPart {
  readonly charts: Chart[];
  readonly fits: FitRow[];
  readonly tables: TableData[];
  readonly notes: string[];
  readonly measurements: Measurement[];
}

// One chart series per (mode, metric) of a memory sweep.
interface MetricView {
  readonly suffix: string;
  readonly metric: Metric;
  readonly label: string;
  readonly read: (measurement: MemoryMeasurement) => number | null;
  readonly floor: number;
  /** Whether theory predicts this metric (what a mode keeps after the call is a design choice, not theory). */
  readonly predicted: boolean;
}

/** What the 'tape' view of the adjoint code counts: the bytes its forward sweep pushed (`stats.bytesSaved`). */
const SAVED_LABEL = 'bytes saved for the reverse sweep';

/** Modes that keep a record for a reverse sweep: the tape's modes, and the adjoint code's saved values. */
function keepsRecord(mode: ModeId): boolean {
  return mode.startsWith('reverse') || mode === 'transform-reverse';
}

/** Memory points may take this many times the time cap: one call each, but a cold one. */
const MEMORY_CAP_FACTOR = 8;

const VIEWS: readonly MetricView[] = [
  {
    suffix: 'tape',
    metric: 'tape',
    label: 'tape bytes',
    read: (m) => m.tapeBytes,
    floor: 0,
    predicted: true,
  },
  {
    suffix: 'peak',
    metric: 'heap',
    label: 'peak heap growth',
    read: (m) => m.peakBytes,
    floor: HEAP_RESOLUTION_BYTES,
    predicted: true,
  },
  {
    suffix: 'retained',
    metric: 'heap',
    label: 'retained after the call',
    read: (m) => m.retainedBytes,
    floor: HEAP_RESOLUTION_BYTES,
    predicted: false,
  },
];

async function runMemory(context: ExperimentContext): Promise<ExperimentResult> {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const { settings } = context;
  const parts: MemoryPart[] = [];
  parts.push(
    await memorySweep(
      context,
      DEPTH_FUNCTION,
      settings.depths,
      ['reverse', 'transform-reverse', 'forward-jvp'],
      'memory-operations',
    ),
  );
  parts.push(
    await memorySweep(
      context,
      settings.fn,
      settings.memorySizes,
      ['reverse', 'transform-reverse', 'forward-jvp', 'forward-chunked'],
      'memory-inputs',
    ),
  );
  parts.push(await checkpointSweep(context));

  return {
    name: 'memory',
    title: 'Memory: tape and heap against size; the checkpointed loop',
    summary:
      `Reverse mode keeps a tape of every operation (memory ∝ operations); a forward pass keeps its inputs and O(1) more; ` +
      `the adjoint code (source transformation) saves only what its reverse sweep needs (at most ∝ operations; its saved bytes stand in the tape column). ` +
      `Heap figures: a fresh child process per point, peak resident growth during the call and heap retained after it; ` +
      `values under ${formatBytes(HEAP_RESOLUTION_BYTES)} (the child's young generation, where garbage and live data cannot be told apart) are shown at ${formatBytes(HEAP_RESOLUTION_BYTES)}. ` +
      `Tape bytes are the tape's own exact accounting. Checkpointing trades the tape's O(T) for O(√T) and about one more evaluation.`,
    startedAt,
    durationMs: performance.now() - started,
    charts: parts.flatMap((part) => part.charts),
    fits: parts.flatMap((part) => part.fits),
    ratios: [],
    tables: parts.flatMap((part) => part.tables),
    notes: parts.flatMap((part) => part.notes),
    measurements: parts.flatMap((part) => part.measurements),
  };
}

async function memorySweep(
  { settings, progress }: ExperimentContext,
  fn: string,
  requestedSizes: readonly number[],
  modes: readonly ModeId[],
  chartId: string,
): Promise<MemoryPart> {
  const entry = zooEntry(fn);
  const sizes = requestedSizes.filter((size) => size >= entry.minSize);
  const pointAt = scalarPoints(entry, settings.seed);
  const measured = measureGrowth(entry, sizes, pointAt, settings.memoryFitFrom);
  const growth: Growth = measured.growth;
  // Memory points are single calls in a fresh child, slower than warm calls (less JIT), so the cap is wider.
  const lines: SweepSeries[] = modes.map((mode) => ({
    id: mode,
    label: MODE_LABELS[mode],
    costExponent: predictedExponent(mode, 'time', growth) ?? 1,
  }));

  progress.begin(`memory ${fn}`, sizes.length * lines.length);
  const points = await runSweep(
    sizes,
    lines,
    async (line, size) => {
      const result = await measureMemoryInChild({ fn, mode: line.id as ModeId, size, seed: settings.seed });
      return { callMs: result.callMs, payload: result };
    },
    {
      maxCallMs: settings.maxCallMs * MEMORY_CAP_FACTOR,
      // Each point is its own process and nothing is timed here: the children may run side by side.
      concurrentSeries: true,
      onProgress: (step) => progress.advance(`${step.series} at ${formatSize(step.size)}`),
    },
  );
  progress.end();

  const series: Series[] = [];
  const fits: FitRow[] = [];
  for (const mode of modes) {
    const line = lines.find((candidate) => candidate.id === mode)!;
    for (const view of VIEWS) {
      const theory = predictedExponent(mode, view.metric, growth);
      // Only reverse mode has a tape to count, and the adjoint code its saved values.
      if (view.metric === 'tape' && !keepsRecord(mode)) continue;
      // The child measures every metric of a mode at once; each metric becomes its own series.
      const id = `${mode}-${view.suffix}`;
      const own = points.filter((point) => point.series === mode).map((point) => ({ ...point, series: id }));
      const viewLabel = view.metric === 'tape' && mode === 'transform-reverse' ? SAVED_LABEL : view.label;
      const relabelled = chartSeries<MemoryMeasurement>(
        own,
        [{ id, label: `${line.label}: ${viewLabel}` }],
        (m) => view.read(m),
        measured.xOf,
        view.floor,
      )[0]!;
      series.push(relabelled);
      const row = fitSeries(
        chartId,
        relabelled,
        view.metric,
        view.predicted ? theory : undefined,
        settings.memoryFitFrom,
        predictionBound(mode, view.metric),
      );
      // Two sweeps share series names: the fit table names the function too.
      fits.push({ ...row, label: `${fn} · ${row.label}` });
    }
  }
  const chart: Chart = {
    id: chartId,
    title:
      fn === DEPTH_FUNCTION
        ? `${fn}: memory against the operation count (one input)`
        : `${fn}: memory against N`,
    xLabel: measured.xLabel,
    yLabel: 'bytes',
    unit: 'bytes',
    series,
  };
  const table: TableData = {
    title: `${fn}: memory per point (peak growth / retained / tape, or saved bytes for the adjoint code)`,
    head: ['x', ...modes],
    rows: sizes.map((size) => [
      formatSize(measured.xOf(size)),
      ...modes.map((mode) => {
        const point = points.find((candidate) => candidate.series === mode && candidate.size === size);
        if (point === undefined) return '';
        if (point.status !== 'measured') return point.status;
        const m = point.payload;
        const tape = m.tapeBytes === null ? '' : ` / ${formatBytes(m.tapeBytes)}`;
        return `${formatBytes(m.peakBytes)} / ${formatBytes(m.retainedBytes)}${tape}`;
      }),
    ]),
  };
  return {
    charts: [chart],
    fits,
    tables: [table],
    notes: [measured.note, ...sweepNotes(points, lines)],
    measurements: sweepMeasurements(chartId, points, (memory, size) => {
      const operations = measured.operations.get(size);
      const extra: Record<string, number> = { x: measured.xOf(size), inputs: entry.inputSize(size) };
      if (operations !== undefined) extra.operations = operations;
      return { memory, extra };
    }),
  };
}

async function checkpointSweep({ settings, progress }: ExperimentContext): Promise<MemoryPart> {
  const lines: SeriesJobSpec[] = (['reverse-plain-loop', 'reverse-checkpointed'] as const).map((mode) => ({
    id: mode,
    label: MODE_LABELS[mode],
    costExponent: 1,
    template: { kind: 'loop', checkpointed: mode === 'reverse-checkpointed' },
  }));
  const steps = settings.steps;
  progress.begin('checkpointing', steps.length * lines.length);
  const points = await runSeriesJobs(lines, steps, settings, progress);
  progress.end();

  const tapeChart: Chart = {
    id: 'checkpoint-tape',
    title: 'T-step loop: peak tape bytes, plain against checkpointed',
    xLabel: 'T (loop steps)',
    yLabel: 'peak tape bytes',
    unit: 'bytes',
    series: chartSeries<TimedPoint>(points, lines, (point) => point.stats?.peakTapeBytes ?? null),
  };
  const timeChart: Chart = {
    id: 'checkpoint-time',
    title: 'T-step loop: time per gradient, plain against checkpointed',
    xLabel: 'T (loop steps)',
    yLabel: 'median time per gradient',
    unit: 'ms',
    series: chartSeries<TimedPoint>(points, lines, (point) => point.timing.medianMs),
  };
  const loopGrowth: Growth = { operations: 1, inputs: 0 };
  const fits = [
    ...tapeChart.series.map((series) =>
      fitSeries(tapeChart.id, series, 'tape', predictedExponent(series.id as ModeId, 'tape', loopGrowth), 0),
    ),
    ...timeChart.series.map((series) =>
      fitSeries(timeChart.id, series, 'time', predictedExponent(series.id as ModeId, 'time', loopGrowth), 0),
    ),
  ];
  const find = (series: string, count: number) =>
    points.find((point) => point.series === series && point.size === count);
  const table: TableData = {
    title: 'checkpointed loop against the plain loop (reverse mode)',
    head: [
      'T',
      'plain tape',
      'checkpointed tape',
      'tape ratio',
      'plain time',
      'checkpointed time',
      'time ratio',
    ],
    rows: steps.map((count) => {
      const plain = find('reverse-plain-loop', count);
      const checkpointed = find('reverse-checkpointed', count);
      if (plain?.status !== 'measured' || checkpointed?.status !== 'measured') {
        return [String(count), plain?.status ?? '', checkpointed?.status ?? '', '', '', '', ''];
      }
      const a = plain.payload;
      const b = checkpointed.payload;
      const tapeA = a.stats?.peakTapeBytes ?? Number.NaN;
      const tapeB = b.stats?.peakTapeBytes ?? Number.NaN;
      return [
        String(count),
        formatBytes(tapeA),
        formatBytes(tapeB),
        formatRatio(tapeA / tapeB),
        formatMs(a.timing.medianMs),
        formatMs(b.timing.medianMs),
        formatRatio(b.timing.medianMs / a.timing.medianMs),
      ];
    }),
  };
  return {
    charts: [tapeChart, timeChart],
    fits,
    tables: [table],
    notes: [
      'the loop: 8 coupled damped oscillators, s_i <- s_i + 0.01 (sin(s_{i+1}) - 0.1 s_i), f = sum of s_i^2 after T steps; checkpointedLoop with its default sqrt(T) steps per segment',
      ...sweepNotes(points, lines),
    ],
    measurements: sweepMeasurements('checkpoint', points, (point) => ({
      timing: point.timing,
      ...(point.stats === undefined ? {} : { extra: point.stats }),
    })),
  };
}
