/**
 * `dualtape bench jacobian`: the full Jacobian of y = tanh(A·x), f: R^N -> R^M, with N·M = P fixed and the
 * aspect ratio swept from N = 1 (M = P) to M = 1 (N = P). One evaluation costs the same everywhere; only
 * the number of passes changes: forward needs N (one tangent) or ⌈N/k⌉ (chunked), reverse one recording
 * and M sweeps. So forward wins for small N/M and reverse for large, and the measured crossover is set
 * next to two predictions:
 * - the pass-count model (what `auto` mode reasons with): forward wins while N (or ⌈N/k⌉) < M;
 * - the calibrated model: costs of one forward pass, one recording and one reverse sweep measured at the
 *   square aspect ratio, T_forward(N) = N·t_pass and T_reverse(N) = t_record + M·t_sweep, solved for equality.
 * Source transformation's two Jacobians run beside them: the tangent code (⌈N/k⌉ passes of k lanes) and the
 * adjoint code (one run per output row), with their own measured crossover.
 */
import { defaultChunkSize } from '@dualtape/forward';
import type { CallSpec } from '../../calls/registry.js';
import { runJob } from '../../engine/isolation.js';
import { type CallOutcome, type TimedPoint, timeBudget } from '../../engine/jobs.js';
import type { Timing } from '../../engine/measure.js';
import { chartSeries, sweepMeasurements, sweepNotes } from '../../engine/series.js';
import { runSeriesJobs, type SeriesJobSpec } from '../../engine/series-jobs.js';
import { describeError, type SweepPoint, type SweepSeries } from '../../engine/sweep.js';
import { formatMs, formatRatio, formatSize } from '../../internal/format.js';
import { MODE_LABELS } from '../../modes.js';
import type { ProgressReporter } from '../../progress.js';
import type { Chart, ExperimentResult, TableData } from '../../results.js';
import type { Settings } from '../../settings.js';
import type { Experiment, ExperimentContext } from '../types.js';
import type { JacobianMode } from './calls.js';

/** The aspect-ratio experiment. */
export const jacobianExperiment: Experiment = {
  name: 'jacobian',
  title: 'Jacobian of f: R^N -> R^M with N·M fixed',
  run: runJacobian,
};

const LINES: readonly SweepSeries[] = [
  { id: 'forward', label: MODE_LABELS.forward, costExponent: 1 },
  { id: 'forward-chunked', label: MODE_LABELS['forward-chunked'], costExponent: 1 },
  { id: 'reverse', label: MODE_LABELS.reverse, costExponent: -1 },
  { id: 'numeric-central', label: MODE_LABELS['numeric-central'], costExponent: 1 },
  { id: 'transform-forward', label: MODE_LABELS['transform-forward'], costExponent: 1 },
  { id: 'transform-reverse', label: MODE_LABELS['transform-reverse'], costExponent: -1 },
];

/** Per-pass costs measured at one aspect ratio: what the calibrated model extrapolates from. */
interface Calibration {
  readonly inputs: number;
  readonly outputs: number;
  readonly forwardPassMs: number;
  readonly recordMs: number;
  readonly sweepMs: number;
}

/** A crossover: the N where forward and reverse cost the same, and its aspect ratio N/M. */
export interface Crossover {
  readonly inputs: number;
  readonly aspect: number;
}

async function runJacobian({ settings, progress }: ExperimentContext): Promise<ExperimentResult> {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const product = settings.jacobianProduct;
  const inputSizes: number[] = [];
  for (let n = 1; n <= product; n *= 2) inputSizes.push(n);
  const notes: string[] = [];
  const lines: SeriesJobSpec[] = LINES.map((line) => ({
    ...line,
    template: { kind: 'jacobian', product, mode: line.id as JacobianMode, seed: settings.seed },
  }));

  progress.begin('jacobian', inputSizes.length * lines.length + 3);
  let calibration: Calibration | undefined;
  try {
    calibration = await calibrate(product, settings, progress);
  } catch (error) {
    notes.push(`calibration of the cost model failed: ${describeError(error)}`);
  }
  const points = await runSeriesJobs(lines, inputSizes, settings, progress);
  progress.end();

  const chart: Chart = {
    id: 'jacobian-time',
    title: `tanh(A·x): full Jacobian, N·M = ${product}`,
    xLabel: `N (inputs); M = ${product}/N outputs`,
    yLabel: 'median time per Jacobian',
    unit: 'ms',
    series: chartSeries<TimedPoint>(points, LINES, (point) => point.timing.medianMs),
  };

  const measuredOneTangent = measuredCrossover(points, 'forward', 'reverse', product);
  const measuredChunked = measuredCrossover(points, 'forward-chunked', 'reverse', product);
  const measuredTransform = measuredCrossover(points, 'transform-forward', 'transform-reverse', product);
  const passModel: Crossover = { inputs: Math.sqrt(product), aspect: 1 };
  const chunkedPassModel = chunkedPassCrossover(product);
  const calibrated = calibration === undefined ? undefined : calibratedCrossover(calibration, product);

  const crossoverRows: string[][] = [
    [
      'forward (one tangent) vs reverse',
      describeCrossover(measuredOneTangent),
      describeCrossover(passModel),
      describeCrossover(calibrated),
    ],
    [
      'forward (chunked) vs reverse',
      describeCrossover(measuredChunked),
      describeCrossover(chunkedPassModel),
      '—',
    ],
    [
      'tangent code (chunked) vs adjoint code',
      describeCrossover(measuredTransform),
      describeCrossover(chunkedPassModel),
      '—',
    ],
  ];
  if (calibration !== undefined) {
    notes.push(
      `cost model calibrated at N = ${calibration.inputs}, M = ${calibration.outputs}: one forward pass ${formatMs(calibration.forwardPassMs)}, ` +
        `one recording ${formatMs(calibration.recordMs)}, one reverse sweep ${formatMs(calibration.sweepMs)}`,
    );
  }
  notes.push('forward wins for N below the crossover (few inputs, many outputs), reverse above it');
  notes.push(...sweepNotes(points, LINES));

  const timeTable: TableData = {
    title: `median time per Jacobian (N·M = ${product})`,
    head: ['N', 'M', 'N/M', ...LINES.map((line) => line.id), 'fastest'],
    rows: inputSizes.map((inputs) => {
      const cells = LINES.map((line) => pointAt(points, line.id, inputs));
      const measuredCells = cells.filter((point) => point?.status === 'measured');
      let fastest = '—';
      let best = Number.POSITIVE_INFINITY;
      for (const point of measuredCells) {
        if (point.status === 'measured' && point.payload.timing.medianMs < best) {
          best = point.payload.timing.medianMs;
          fastest = point.series;
        }
      }
      return [
        formatSize(inputs),
        formatSize(product / inputs),
        formatRatio(inputs / (product / inputs)),
        ...cells.map((point) =>
          point === undefined
            ? ''
            : point.status === 'measured'
              ? formatMs(point.payload.timing.medianMs)
              : point.status,
        ),
        fastest,
      ];
    }),
  };

  return {
    name: 'jacobian',
    title: `Jacobian of tanh(A·x), f: R^N -> R^M with N·M = ${product}`,
    summary:
      'One evaluation costs the same at every aspect ratio; forward needs N (or ⌈N/k⌉) passes and reverse M sweeps, ' +
      'so forward wins when N is small against M and reverse when it is large. The crossover is measured and predicted.',
    startedAt,
    durationMs: performance.now() - started,
    charts: [chart],
    fits: [],
    ratios: [],
    tables: [
      timeTable,
      {
        title: 'crossover (N where forward and reverse cost the same; N/M in brackets)',
        head: ['comparison', 'measured', 'pass-count model', 'calibrated model'],
        rows: crossoverRows,
      },
    ],
    notes,
    measurements: [
      ...sweepMeasurements('jacobian-time', points, (point, inputs) => ({
        timing: point.timing,
        extra: { inputs, outputs: product / inputs, operations: 2 * product },
      })),
      ...(calibration === undefined
        ? []
        : [
            {
              group: 'jacobian-calibration',
              series: 'cost-model',
              size: calibration.inputs,
              status: 'measured' as const,
              extra: {
                inputs: calibration.inputs,
                outputs: calibration.outputs,
                forwardPassMs: calibration.forwardPassMs,
                recordMs: calibration.recordMs,
                sweepMs: calibration.sweepMs,
              },
            },
          ]),
    ],
  };
}

/**
 * Per-pass costs at the square aspect ratio, each in a process of its own mode (forward pass; reverse
 * recording and sweep), as the sweeps themselves run.
 */
async function calibrate(
  product: number,
  settings: Settings,
  progress: ProgressReporter,
): Promise<Calibration> {
  const inputs = 2 ** Math.floor(Math.log2(product) / 2);
  const outputs = product / inputs;
  const spec = (mode: JacobianMode): CallSpec => ({
    kind: 'jacobian',
    product,
    inputs,
    mode,
    seed: settings.seed,
  });
  const budget = timeBudget(settings);
  const options = {
    isolated: settings.isolate,
    onProgress: (detail: string) => progress.advance(`calibration: ${detail}`),
  };
  const [forwardPass] = await runJob({ kind: 'calls', calls: [spec('forward-pass')], ...budget }, options);
  const [record, sweep] = await runJob(
    { kind: 'calls', calls: [spec('reverse-record'), spec('reverse-sweep')], ...budget },
    options,
  );
  const timeOf = (outcome: CallOutcome | undefined, what: string): number => {
    if (outcome === undefined || !outcome.ok) {
      throw new Error(`${what}: ${outcome === undefined ? 'no result' : outcome.error}`);
    }
    return outcome.timing.medianMs;
  };
  return {
    inputs,
    outputs,
    forwardPassMs: timeOf(forwardPass, 'forward pass'),
    recordMs: timeOf(record, 'reverse recording'),
    sweepMs: timeOf(sweep, 'reverse sweep'),
  };
}

/**
 * Solves N·t_pass = t_record + (P/N)·t_sweep for N (a quadratic with one positive root). One evaluation
 * costs the same at every aspect ratio, so per-pass costs measured at one ratio hold at all of them.
 */
export function calibratedCrossover(
  calibration: Pick<Calibration, 'forwardPassMs' | 'recordMs' | 'sweepMs'>,
  product: number,
): Crossover {
  const { forwardPassMs: a, recordMs: b, sweepMs: c } = calibration;
  const inputs = (b + Math.sqrt(b * b + 4 * a * c * product)) / (2 * a);
  return { inputs, aspect: (inputs * inputs) / product };
}

/** Where ⌈N/k⌉ = M with ForwardDiff's default k: the smallest power-of-two N at which chunked forward needs more passes than reverse needs sweeps. */
function chunkedPassCrossover(product: number): Crossover | undefined {
  for (let inputs = 1; inputs <= product; inputs *= 2) {
    const outputs = product / inputs;
    if (Math.ceil(inputs / defaultChunkSize(inputs)) > outputs) {
      // The crossing lies between the previous power of two and this one; report the geometric middle.
      const crossing = inputs === 1 ? 1 : inputs / Math.SQRT2;
      return { inputs: crossing, aspect: (crossing * crossing) / product };
    }
  }
  return undefined;
}

/**
 * The measured crossover: where log(T_forward / T_reverse) changes sign between two adjacent sizes,
 * interpolated linearly in log N. Undefined when it never changes sign within the sweep.
 */
export function measuredCrossover<P extends { timing: Timing }>(
  points: readonly SweepPoint<P>[],
  forwardId: string,
  reverseId: string,
  product: number,
): Crossover | undefined {
  const sizes = [...new Set(points.map((point) => point.size))].sort((a, b) => a - b);
  let previous: { size: number; logRatio: number } | undefined;
  for (const size of sizes) {
    const forwardPoint = pointAt(points, forwardId, size);
    const reversePoint = pointAt(points, reverseId, size);
    if (forwardPoint?.status !== 'measured' || reversePoint?.status !== 'measured') continue;
    const logRatio = Math.log(forwardPoint.payload.timing.medianMs / reversePoint.payload.timing.medianMs);
    if (previous !== undefined && Math.sign(previous.logRatio) !== Math.sign(logRatio) && logRatio !== 0) {
      const t = -previous.logRatio / (logRatio - previous.logRatio);
      const inputs = Math.exp(Math.log(previous.size) + t * (Math.log(size) - Math.log(previous.size)));
      return { inputs, aspect: (inputs * inputs) / product };
    }
    if (logRatio === 0) return { inputs: size, aspect: (size * size) / product };
    previous = { size, logRatio };
  }
  return undefined;
}

function pointAt<P>(
  points: readonly SweepPoint<P>[],
  series: string,
  size: number,
): SweepPoint<P> | undefined {
  return points.find((point) => point.series === series && point.size === size);
}

function describeCrossover(crossover: Crossover | undefined): string {
  if (crossover === undefined) return 'none in range';
  return `N ≈ ${crossover.inputs.toPrecision(3)} (N/M ≈ ${crossover.aspect.toPrecision(2)})`;
}
