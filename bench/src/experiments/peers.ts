/**
 * `dualtape bench peers` (alias `ratios`): the ratio table of issue #9, each row a measured ratio, its
 * target and whether it is met. Every run times each call once, in a few fresh processes grouped by the
 * number type the function sees (plain numbers; tape variables; dual numbers; chunked duals; tensors;
 * TensorFlow.js), so no mode slows another through shared JIT feedback; the ratios then divide timings
 * of the same run, and `--runs K` repeats everything and reports medians. Targets come from the mode
 * briefs; rows without a stated target are reported for information:
 * - reverse gradient ÷ plain at N = 10^6: ≤ 30× (replay ≤ 15×), with the hand-written analytic gradient as
 *   the physical limit and TensorFlow.js's `tf.grad` on the same function as the peer;
 * - tensor-level reverse gradient ÷ its own evaluation with gradients off: ≤ 3×, and against TensorFlow.js;
 * - one forward JVP ÷ plain at N = 10^6: ≤ 10×;
 * - chunked forward gradient at N = 1000 against N one-tangent passes: ≥ 2× faster;
 * - tape bytes per operation at N = 10^6: ≤ 40 B (≤ 32 B a later stretch);
 * - a compiled gradient (reverse `compileGradient`) ÷ plain at N = 10^4 (about 9·10^4 entries): ≤ 5×.
 */
import { zooEntry } from '@dualtape/zoo';
import type { CallSpec } from '../calls.js';
import { formatMs } from '../internal/format.js';
import { median } from '../internal/median.js';
import { runJob } from '../isolation.js';
import type { CallOutcome } from '../jobs.js';
import type { ExperimentResult, Measurement, RatioRow, RatioTarget, TableData } from '../results.js';
import { describeError } from '../sweep.js';
import type { ModeId } from '../theory.js';
import type { Experiment, ExperimentContext } from './types.js';

/** The ratio-table experiment. */
export const peersExperiment: Experiment = {
  name: 'peers',
  title: 'Ratios against targets and peers (issue #9)',
  run: runPeers,
};

/** The outcomes of one run, by timing key. */
type RunOutcomes = ReadonlyMap<string, CallOutcome>;

/** One row's definition: its value computed from one run's outcomes. */
interface RowSpec {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly target: RatioTarget | null;
  /** How the value is obtained. */
  readonly detail: string;
  value(outcomes: RunOutcomes): number;
}

// Where each target is stated: the speed issue's numbered targets.
const BRIEF = {
  reverse: 'issue #9, target 1',
  tensor: 'issue #9, target 2',
  forward: 'issue #9, target 3',
  tape: 'issue #9, target 4',
  compiled: 'issue #9, target 5 (stretch)',
} as const;

async function runPeers({ settings, progress }: ExperimentContext): Promise<ExperimentResult> {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const notes: string[] = [];
  const measurements: Measurement[] = [];
  const budget = {
    timeMs: settings.timeMs,
    warmupMs: settings.warmupMs,
    processWarmupMs: settings.processWarmupMs,
  };

  const fn = settings.fn;
  const largeSize = sizeNear(fn, settings.ratioSize);
  const smallSize = sizeNear(fn, settings.chunkRowSize);
  const largeN = zooEntry(fn).inputSize(largeSize);
  const compiledSize = sizeNear(fn, settings.compiledSize);
  const compiledN = zooEntry(fn).inputSize(compiledSize);
  const smallN = zooEntry(fn).inputSize(smallSize);
  const side = settings.tensorSide;
  const seed = settings.seed;
  const zoo = (size: number, mode: ModeId): CallSpec => ({ kind: 'zoo', fn, size, mode, seed });

  // Each group runs in one process: its calls give the function the same number type (or none).
  const groups: readonly (readonly (readonly [string, CallSpec])[])[] = [
    [
      ['plain', zoo(largeSize, 'plain')],
      ['generic', zoo(largeSize, 'plain-generic')],
      ['analytic', zoo(largeSize, 'analytic')],
      ['plain-compiled-size', zoo(compiledSize, 'plain')],
    ],
    [['compiled', zoo(compiledSize, 'reverse-compiled')]],
    [
      ['reverse', zoo(largeSize, 'reverse')],
      ['replay', zoo(largeSize, 'reverse-replay')],
    ],
    [
      ['jvp', zoo(largeSize, 'forward-jvp')],
      ['forward-small', zoo(smallSize, 'forward')],
    ],
    [['chunked-small', zoo(smallSize, 'forward-chunked')]],
    [
      ['tensor-gradient', { kind: 'tensor', side, gradient: true, seed }],
      ['tensor-evaluation', { kind: 'tensor', side, gradient: false, seed }],
    ],
    [
      ...(fn === 'rosenbrock'
        ? ([
            ['tfjs-gradient', { kind: 'tfjs', program: 'rosenbrock', gradient: true, size: largeSize, seed }],
          ] as const)
        : []),
      ['tfjs-tensor-gradient', { kind: 'tfjs', program: 'tensor', gradient: true, size: side, seed }],
      ['tfjs-tensor-evaluation', { kind: 'tfjs', program: 'tensor', gradient: false, size: side, seed }],
    ],
  ];

  const rows = rowSpecs(fn, largeN, smallN, side, compiledN);
  const values = new Map<string, number[]>();
  const failures = new Map<string, string>();
  const calls = groups.reduce((total, group) => total + group.length, 0);
  progress.begin('peers', settings.runs * calls);
  for (let run = 0; run < settings.runs; run++) {
    const outcomes = new Map<string, CallOutcome>();
    for (const group of groups) {
      let results: CallOutcome[];
      try {
        results = await runJob(
          { kind: 'calls', calls: group.map(([, spec]) => spec), ...budget },
          { isolated: settings.isolate, onProgress: (detail) => progress.advance(detail) },
        );
      } catch (error) {
        results = group.map(() => ({ ok: false, error: describeError(error) }));
      }
      group.forEach(([key], index) => {
        const outcome = results[index]!;
        outcomes.set(key, outcome);
        measurements.push(
          outcome.ok
            ? {
                group: 'peers',
                series: key,
                size: run,
                status: 'measured',
                timing: outcome.timing,
                extra: { run, ...outcome.stats },
              }
            : { group: 'peers', series: key, size: run, status: 'failed', reason: outcome.error },
        );
      });
    }
    for (const row of rows) {
      try {
        values.set(row.id, [...(values.get(row.id) ?? []), row.value(outcomes)]);
      } catch (error) {
        failures.set(row.id, error instanceof Error ? error.message : String(error));
      }
    }
  }
  progress.end();

  const ratios: RatioRow[] = rows.map((row) => {
    const runs = values.get(row.id) ?? [];
    const measured = runs.length === 0 ? null : median(runs);
    const met =
      measured === null || row.target === null
        ? null
        : row.target.comparison === '<='
          ? measured <= row.target.value
          : measured >= row.target.value;
    const failure = failures.get(row.id);
    return {
      id: row.id,
      label: row.label,
      measured,
      unit: row.unit,
      runs,
      target: row.target,
      met,
      detail:
        measured === null && failure !== undefined ? `${row.detail} — not measured: ${failure}` : row.detail,
    };
  });

  const anyFailed = measurements.some(
    (measurement) => measurement.size === 0 && measurement.timing === undefined,
  );
  const timingTable: TableData = {
    title: 'the timings behind the ratios (first run; median per call, spread as median absolute deviation)',
    head: ['call', 'median', 'spread', 'samples', ...(anyFailed ? ['problem'] : [])],
    rows: measurements
      .filter((measurement) => measurement.size === 0)
      .map((measurement) =>
        measurement.timing === undefined
          ? [measurement.series, 'failed', '', '', shorten(measurement.reason ?? '')]
          : [
              measurement.series,
              formatMs(measurement.timing.medianMs),
              formatMs(measurement.timing.madMs),
              String(measurement.timing.samples),
              ...(anyFailed ? [''] : []),
            ],
      ),
  };
  const tfjsFailure = measurements.find((m) => m.series.startsWith('tfjs') && m.status === 'failed');
  notes.push(
    tfjsFailure === undefined
      ? 'TensorFlow.js (tfjs-core, cpu backend: pure JavaScript) computes in float32, dualtape in float64: the same computation, not the same precision'
      : `TensorFlow.js rows not measured: ${tfjsFailure.reason}`,
  );
  if (fn !== 'rosenbrock')
    notes.push(`the TensorFlow.js version of the scalar function exists for rosenbrock only, not '${fn}'`);
  if (settings.runs > 1)
    notes.push(`each ratio is the median of ${settings.runs} runs; its two timings come from the same run`);
  if (largeN !== settings.ratioSize)
    notes.push(`the N = ${settings.ratioSize} rows were measured at N = ${largeN}`);
  if (settings.quick) notes.push(`--quick: the N = 10^6 rows are measured at N = ${largeN}`);
  notes.push(
    settings.isolate
      ? 'calls ran in fresh processes grouped by number type (plain; tape; dual; chunked dual; tensor; TensorFlow.js)'
      : '--in-process: every call ran in this process',
  );

  return {
    name: 'peers',
    title: 'Ratios against targets and peers (issue #9)',
    summary:
      'Each row divides two timings taken in the same run; targets are those of issue #9 (see each row in the JSON for its source), rows without one are for information. ' +
      `Summary: ${ratios.filter((row) => row.met === true).length} met, ${ratios.filter((row) => row.met === false).length} not met.`,
    startedAt,
    durationMs: performance.now() - started,
    charts: [],
    fits: [],
    ratios,
    tables: [timingTable],
    notes,
    measurements,
  };
}

function rowSpecs(fn: string, largeN: number, smallN: number, side: number, compiledN: number): RowSpec[] {
  return [
    {
      id: 'reverse-over-plain',
      label: `reverse gradient ÷ plain, ${fn} N = ${largeN}`,
      unit: '×',
      target: { comparison: '<=', value: 30, source: BRIEF.reverse },
      detail: 'reverse-mode gradient ÷ the zoo’s hand-written Float64Array evaluation',
      value: (o) => ratioOf(o, 'reverse', 'plain'),
    },
    {
      id: 'replay-over-plain',
      label: `replayed recording gradient ÷ plain, N = ${largeN}`,
      unit: '×',
      target: { comparison: '<=', value: 15, source: BRIEF.reverse },
      detail: 'recorded once before timing; the replay and sweep are timed',
      value: (o) => ratioOf(o, 'replay', 'plain'),
    },
    {
      id: 'reverse-over-generic',
      label: `reverse gradient ÷ generic f on numbers, N = ${largeN}`,
      unit: '×',
      target: null,
      detail: 'denominator: the write-once function on plain numbers (what every mode runs)',
      value: (o) => ratioOf(o, 'reverse', 'generic'),
    },
    {
      id: 'analytic-over-plain',
      label: `hand-written analytic gradient ÷ plain, N = ${largeN}`,
      unit: '×',
      target: null,
      detail: 'the physical limit: what a gradient costs written by hand',
      value: (o) => ratioOf(o, 'analytic', 'plain'),
    },
    {
      id: 'tfjs-gradient-over-plain',
      label: `TensorFlow.js tf.grad ÷ plain, N = ${largeN}`,
      unit: '×',
      target: null,
      detail: 'the peer: tf.grad of the same function in tfjs ops (cpu backend, float32)',
      value: (o) => ratioOf(o, 'tfjs-gradient', 'plain'),
    },
    {
      id: 'reverse-over-tfjs',
      label: `reverse gradient ÷ TensorFlow.js gradient, N = ${largeN}`,
      unit: '×',
      target: { comparison: '<=', value: 0.05, source: `${BRIEF.reverse} (≥ 20× faster than TensorFlow.js)` },
      detail: 'below 1: dualtape is faster than the peer on this function',
      value: (o) => ratioOf(o, 'reverse', 'tfjs-gradient'),
    },
    {
      id: 'tensor-gradient-over-evaluation',
      label: `Tensor program gradient ÷ its evaluation (W ${side}×${side})`,
      unit: '×',
      target: { comparison: '<=', value: 3, source: BRIEF.tensor },
      detail: 'mean(tanh(W·X)²): forward + backward ÷ the same program under noGrad',
      value: (o) => ratioOf(o, 'tensor-gradient', 'tensor-evaluation'),
    },
    {
      id: 'tfjs-tensor-gradient-over-evaluation',
      label: `TensorFlow.js: program gradient ÷ its evaluation (W ${side}×${side})`,
      unit: '×',
      target: null,
      detail: 'the same ratio for the peer (float32)',
      value: (o) => ratioOf(o, 'tfjs-tensor-gradient', 'tfjs-tensor-evaluation'),
    },
    {
      id: 'tensor-gradient-over-tfjs',
      label: `Tensor program gradient ÷ TensorFlow.js gradient (W ${side}×${side})`,
      unit: '×',
      target: { comparison: '<=', value: 0.2, source: `${BRIEF.tensor} (≥ 5× faster than TensorFlow.js)` },
      detail: 'below 1: dualtape (float64) is faster than the peer (float32)',
      value: (o) => ratioOf(o, 'tensor-gradient', 'tfjs-tensor-gradient'),
    },
    {
      id: 'jvp-over-plain',
      label: `one forward JVP ÷ plain, N = ${largeN}`,
      unit: '×',
      target: { comparison: '<=', value: 10, source: BRIEF.forward },
      detail: 'one forward pass with a dense direction (every input a dual number)',
      value: (o) => ratioOf(o, 'jvp', 'plain'),
    },
    {
      id: 'chunked-speedup',
      label: `chunked forward gradient speed-up over N one-tangent passes, N = ${smallN}`,
      unit: '×',
      target: { comparison: '>=', value: 2, source: BRIEF.forward },
      detail: 'time of the one-tangent gradient (chunkSize 1) ÷ time of the default-chunk gradient',
      value: (o) => ratioOf(o, 'forward-small', 'chunked-small'),
    },
    {
      id: 'tape-bytes-per-operation',
      label: `tape bytes per operation, N = ${largeN}`,
      unit: 'B/op',
      target: { comparison: '<=', value: 32, source: `${BRIEF.tape} (issue #4 asked ≤ 40)` },
      detail: 'peak tape bytes ÷ tape entries of one reverse gradient (core Counters)',
      value: (o) => {
        const stats = succeeded(o, 'reverse').stats;
        if (stats?.peakTapeBytes === undefined || !(stats.operations! > 0))
          throw new Error('no tape statistics');
        return stats.peakTapeBytes / stats.operations!;
      },
    },
    {
      id: 'compiled-gradient',
      label: `compiled gradient ÷ plain, N = ${compiledN}`,
      unit: '×',
      target: { comparison: '<=', value: 5, source: BRIEF.compiled },
      detail: 'reverse compileGradient: generated code from one recording (compiled before timing)',
      value: (o) => ratioOf(o, 'compiled', 'plain-compiled-size'),
    },
  ];
}

/** Long error messages cut for a table cell (the JSON report keeps them whole). */
function shorten(text: string, length = 72): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

function succeeded(outcomes: RunOutcomes, key: string): CallOutcome & { ok: true } {
  const outcome = outcomes.get(key);
  if (outcome === undefined) throw new Error(`'${key}' was not timed`);
  if (!outcome.ok) throw new Error(`'${key}' failed: ${outcome.error}`);
  return outcome;
}

function ratioOf(outcomes: RunOutcomes, numerator: string, denominator: string): number {
  return succeeded(outcomes, numerator).timing.medianMs / succeeded(outcomes, denominator).timing.medianMs;
}

/**
 * The size of `name` whose N is nearest `inputs` without exceeding it (its minimum size at least). For a
 * function whose N does not depend on the size (sin-chain), the size itself is `inputs`.
 */
function sizeNear(name: string, inputs: number): number {
  const entry = zooEntry(name);
  let low = entry.minSize;
  if (entry.inputSize(low) === entry.inputSize(2 * low + 1)) return Math.max(low, inputs);
  if (entry.inputSize(low) >= inputs) return low;
  let high = low;
  while (entry.inputSize(high) <= inputs) {
    low = high;
    high *= 2;
  }
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (entry.inputSize(middle) <= inputs) low = middle;
    else high = middle;
  }
  return low;
}
