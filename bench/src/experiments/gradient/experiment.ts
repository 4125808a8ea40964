/**
 * `dualtape bench gradient`: the gradient of f: R^N -> R (Rosenbrock by default) as N grows, in every
 * mode, next to the plain evaluation. The textbook's picture: forward needs N passes (time ∝ N²), chunked
 * forward ⌈N/k⌉ wider ones (still ∝ N², k times fewer), reverse one sweep (∝ N), replay the same sweep
 * without re-running f, and finite differences 2N (central) or N (complex step) evaluations (∝ N²). Source
 * transformation's two series follow the same theory with generated code: the tangent code's gradient
 * (`compile(f).jacobian(x)`, ⌈N/k⌉ passes of k lanes: ∝ N²) and the adjoint code's (one forward and one
 * reverse sweep: ∝ N).
 */
import { zooEntry } from '@dualtape/zoo';
import { measureGrowth, scalarPoints } from '../../engine/growth.js';
import type { TimedPoint } from '../../engine/jobs.js';
import { chartSeries, fitSeries, sweepMeasurements, sweepNotes } from '../../engine/series.js';
import { runSeriesJobs, type SeriesJobSpec } from '../../engine/series-jobs.js';
import { formatMs, formatSize } from '../../internal/format.js';
import type { ModeId } from '../../modes.js';
import { GRADIENT_MODES, MODE_LABELS } from '../../modes.js';
import type { Chart, ExperimentResult } from '../../results.js';
import { predictedExponent } from '../../theory.js';
import type { Experiment, ExperimentContext } from '../types.js';

/** The gradient-versus-N experiment. */
export const gradientExperiment: Experiment = {
  name: 'gradient',
  title: 'Gradient of f: R^N -> R as N grows',
  run: runGradient,
};

async function runGradient({ settings, progress }: ExperimentContext): Promise<ExperimentResult> {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const entry = zooEntry(settings.fn);
  const sizes = settings.sizes.filter((size) => size >= entry.minSize);
  const notes: string[] = [];
  if (sizes.length < settings.sizes.length)
    notes.push(`sizes below ${entry.name}'s minimum ${entry.minSize} were dropped`);

  const pointAt = scalarPoints(entry, settings.seed);
  const measured = measureGrowth(entry, sizes, pointAt, settings.fitFrom);
  notes.push(measured.note);
  const lines: SeriesJobSpec[] = GRADIENT_MODES.map((mode) => ({
    id: mode,
    label: MODE_LABELS[mode],
    costExponent: predictedExponent(mode, 'time', measured.growth) ?? 1,
    template: { kind: 'zoo', fn: entry.name, mode, seed: settings.seed },
  }));

  progress.begin('gradient', sizes.length * lines.length);
  const points = await runSeriesJobs(lines, sizes, settings, progress);
  progress.end();

  const chart: Chart = {
    id: 'gradient-time',
    title: `${entry.name}: time per call`,
    xLabel: measured.xLabel,
    yLabel: 'median time per call',
    unit: 'ms',
    series: chartSeries<TimedPoint>(points, lines, (point) => point.timing.medianMs, measured.xOf),
  };
  const fits = chart.series.map((series) =>
    fitSeries(
      chart.id,
      series,
      'time',
      predictedExponent(series.id as ModeId, 'time', measured.growth),
      settings.fitFrom,
    ),
  );
  notes.push(...sweepNotes(points, lines));
  notes.push(
    `exponents are fitted on x >= ${settings.fitFrom} where three such points were measured, on all points otherwise (small sizes time call overhead more than growth)`,
  );

  const head = ['x', ...lines.map((line) => line.id)];
  const rows = sizes.map((size) => [
    formatSize(measured.xOf(size)),
    ...lines.map((line) => {
      const point = points.find((candidate) => candidate.series === line.id && candidate.size === size);
      if (point === undefined) return '';
      if (point.status === 'measured') return formatMs(point.payload.timing.medianMs);
      return point.status;
    }),
  ]);

  return {
    name: 'gradient',
    title: `Gradient of ${entry.name}: R^N -> R as N grows`,
    summary:
      `Median time of one call at each size. Plain rows evaluate f (the baseline); the others compute the full gradient. ` +
      `Theory for an O(N) function: forward, chunked forward, the tangent code and finite differences grow like N², reverse, replay and the adjoint code like N.`,
    startedAt,
    durationMs: performance.now() - started,
    charts: [chart],
    fits,
    ratios: [],
    tables: [{ title: `median time per call (${entry.name})`, head, rows }],
    notes,
    measurements: sweepMeasurements('gradient-time', points, (point, size) => {
      const operations = measured.operations.get(size);
      const extra: Record<string, number> = {
        inputs: entry.inputSize(size),
        x: measured.xOf(size),
        ...point.stats,
      };
      if (operations !== undefined) extra.operations = operations;
      return { timing: point.timing, extra };
    }),
  };
}
