/**
 * `dualtape bench peers` (alias `ratios`): the ratio table of issue #9, each row a measured ratio, its
 * target and whether it is met. Every run times each call once, in a few fresh processes grouped by the
 * number type the function sees (plain numbers; tape variables; dual numbers; chunked duals; generated
 * code; tensors; the peers), so no mode slows another through shared JIT feedback; the ratios then divide
 * the fastest samples of the same run, and `--runs K` repeats everything and reports medians. Targets come from the mode
 * briefs; rows without a stated target are reported for information:
 * - reverse gradient ÷ plain at N = 10^6: ≤ 30× (replay ≤ 15×), with the hand-written analytic gradient as
 *   the physical limit and TensorFlow.js's `tf.grad` on the same function as the peer;
 * - tensor-level reverse gradient ÷ its own evaluation with gradients off: ≤ 3×, and against TensorFlow.js;
 * - one forward JVP ÷ plain at N = 10^6: ≤ 10×;
 * - chunked forward gradient at N = 1000 against N one-tangent passes: ≥ 2× faster;
 * - tape bytes per operation at N = 10^6: ≤ 40 B (≤ 32 B a later stretch);
 * - a compiled gradient (reverse `compileGradient`) ÷ plain at N = 10^4 (about 9·10^4 entries): ≤ 5×.
 * Source transformation's targets (issues #12 and #13), on extended Rosenbrock from plain JavaScript (the
 * zoo's plain twin, the very text the plain evaluation times):
 * - one JVP by the tangent code ÷ plain at N = 10^6: ≤ 3×; its forward gradient (`compile(f).jacobian(x)`)
 *   ≥ 10× faster than the chunked duals' at N = 1000;
 * - the adjoint code's gradient ÷ plain: ≤ 5× at N = 10^6, ≤ 6× at 10^4; ÷ TensorFlow.js's: ≤ 1/25;
 *   faster than jax-js's `jit(grad(f))` (float64, WebAssembly) at every N from 10^3 to 10^6;
 * - ADBench's GMM objective (d = 10, K = 10, N = 1000, plain JavaScript): adjoint ÷ plain ≤ 6×;
 * - transforming the zoo's longest function (compile + tangent + adjoint code), cold: < 100 ms.
 */
import { ZOO, zooEntry } from '@dualtape/zoo';
import type { CallSpec } from '../../calls/registry.js';
import type { ZooCall } from '../../calls/zoo.js';
import { runJob } from '../../engine/isolation.js';
import { type CallOutcome, type ColdOutcome, timeBudget } from '../../engine/jobs.js';
import { describeError } from '../../engine/sweep.js';
import { formatBytes, formatMs } from '../../internal/format.js';
import { median } from '../../internal/median.js';
import type { ModeId } from '../../modes.js';
import type { ExperimentResult, Measurement, RatioRow, RatioTarget, TableData } from '../../results.js';
import type { Experiment, ExperimentContext } from '../types.js';
import type { GmmMode } from './calls.js';
import { ADBENCH_GMM } from './gmm.js';
import { COLD_PROCESSES, COLD_REPEATS } from './manifest.js';

/** What the table shows: speed ratios, against dualtape's own targets and against other libraries. */
const TITLE = 'Speed ratios against targets and peer libraries';

/** The ratio-table experiment. */
export const peersExperiment: Experiment = {
  name: 'peers',
  title: TITLE,
  run: runPeers,
};

/** The outcomes of one run, by timing key. */
type RunOutcomes = ReadonlyMap<string, CallOutcome>;

/** The cold calls of one run, by key: one outcome per fresh process. */
type ColdOutcomes = ReadonlyMap<string, readonly ColdOutcome[]>;

/** One row's definition: its value computed from one run's outcomes. */
interface RowSpec {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly target: RatioTarget | null;
  /** How the value is obtained. */
  readonly detail: string;
  value(outcomes: RunOutcomes, cold: ColdOutcomes): number;
}

// Where each target is stated: the speed issue's numbered targets.
const BRIEF = {
  reverse: 'issue #9, target 1',
  tensor: 'issue #9, target 2',
  forward: 'issue #9, target 3',
  tape: 'issue #9, target 4',
  compiled: 'issue #9, target 5 (stretch)',
  tangent: 'issue #12',
  adjoint: 'issue #13',
} as const;

/** The zoo function whose text is longest (at its default size), and that length. */
export function longestZooFunction(): {
  readonly name: string;
  readonly size: number;
  readonly length: number;
} {
  let longest = { name: '', size: 0, length: -1 };
  for (const entry of ZOO) {
    const length = Function.prototype.toString.call(entry.instantiate(entry.defaultSize).f).length;
    if (length > longest.length) longest = { name: entry.name, size: entry.defaultSize, length };
  }
  return longest;
}

async function runPeers({ settings, progress }: ExperimentContext): Promise<ExperimentResult> {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const notes: string[] = [];
  const measurements: Measurement[] = [];
  const budget = timeBudget(settings);

  const fn = settings.fn;
  const largeSize = sizeNear(fn, settings.ratioSize);
  const smallSize = sizeNear(fn, settings.chunkRowSize);
  const largeN = zooEntry(fn).inputSize(largeSize);
  const compiledSize = sizeNear(fn, settings.compiledSize);
  const compiledN = zooEntry(fn).inputSize(compiledSize);
  const smallN = zooEntry(fn).inputSize(smallSize);
  const side = settings.tensorSide;
  const seed = settings.seed;
  const zoo = (size: number, mode: ModeId): ZooCall => ({ kind: 'zoo', fn, size, mode, seed });
  // The transform reads the zoo's plain twin: plain JavaScript, the text the plain rows time.
  const transformed = (size: number, mode: ModeId): ZooCall => ({ ...zoo(size, mode), source: 'plain' });
  const gmmCall = (mode: GmmMode): CallSpec => ({ kind: 'gmm', mode, points: ADBENCH_GMM.points, seed });
  // jax-js has Rosenbrock only; its sizes get a plain evaluation and an adjoint of their own where the rows
  // above have none.
  const raceSizes = fn === 'rosenbrock' ? settings.peerSizes : [];
  const keys = keysAt(largeSize, compiledSize);
  const extraSizes = raceSizes.filter((size) => size !== largeSize && size !== compiledSize);

  // Each group runs in one process: its calls give the function the same number type (or none).
  const allGroups: readonly (readonly (readonly [string, CallSpec])[])[] = [
    [
      ['plain', zoo(largeSize, 'plain')],
      ['generic', zoo(largeSize, 'plain-generic')],
      ['analytic', zoo(largeSize, 'analytic')],
      ['plain-compiled-size', zoo(compiledSize, 'plain')],
      ...extraSizes.map((size) => [keys.plain(size), zoo(size, 'plain')] as const),
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
      ['tangent-jvp', transformed(largeSize, 'transform-jvp')],
      ['tangent-small', transformed(smallSize, 'transform-forward')],
    ],
    [
      ['adjoint', transformed(largeSize, 'transform-reverse')],
      ['adjoint-compiled-size', transformed(compiledSize, 'transform-reverse')],
      ...extraSizes.map((size) => [keys.adjoint(size), transformed(size, 'transform-reverse')] as const),
    ],
    raceSizes.map((size) => [`jax-gradient@${size}`, { kind: 'jax', gradient: true, size, seed }] as const),
    [
      ['gmm-plain', gmmCall('plain')],
      ['gmm-adjoint', gmmCall('transform-reverse')],
    ],
    [['gmm-tape', gmmCall('reverse')]],
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
    fn === 'rosenbrock'
      ? [
          [
            'tfjs-wasm-gradient',
            { kind: 'tfjs', program: 'rosenbrock', gradient: true, size: largeSize, seed, backend: 'wasm' },
          ],
        ]
      : [],
  ];
  const groups = allGroups.filter((group) => group.length > 0);
  const longest = longestZooFunction();
  const coldCall: CallSpec = { kind: 'transform-compile', fn: longest.name, size: longest.size };

  const rows = rowSpecs({ fn, largeN, smallN, side, compiledN, raceSizes, keys, longest });
  const values = new Map<string, number[]>();
  const failures = new Map<string, string>();
  const calls = groups.reduce((total, group) => total + group.length, 0);
  progress.begin('peers', settings.runs * (calls + COLD_PROCESSES));
  for (let run = 0; run < settings.runs; run++) {
    const outcomes = new Map<string, CallOutcome>();
    const cold = new Map<string, ColdOutcome[]>();
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
    // One cold transform per fresh process, one process at a time (they would compete for the CPUs).
    const colds: ColdOutcome[] = [];
    for (let process = 0; process < COLD_PROCESSES; process++) {
      let outcome: ColdOutcome;
      try {
        outcome = await runJob(
          { kind: 'cold', call: coldCall, repeats: COLD_REPEATS },
          { isolated: settings.isolate, onProgress: (detail) => progress.advance(detail) },
        );
      } catch (error) {
        outcome = { ok: false, error: describeError(error) };
      }
      colds.push(outcome);
      measurements.push(
        outcome.ok
          ? {
              group: 'peers',
              series: 'transform-cold',
              size: run,
              status: 'measured',
              extra: {
                run,
                process,
                firstMs: outcome.firstMs,
                warmMs: outcome.warmMs,
                sourceLength: longest.length,
              },
            }
          : { group: 'peers', series: 'transform-cold', size: run, status: 'failed', reason: outcome.error },
      );
    }
    cold.set('transform-cold', colds);
    for (const row of rows) {
      try {
        values.set(row.id, [...(values.get(row.id) ?? []), row.value(outcomes, cold)]);
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
    (measurement) => measurement.size === 0 && measurement.status === 'failed',
  );
  const timingTable: TableData = {
    title:
      'the timings behind the ratios (first run; fastest sample per call — what the ratios divide —, median, spread as median absolute deviation; cold calls: the first call in a fresh process, then the fastest warm repeat)',
    head: ['call', 'fastest', 'median', 'spread', 'samples', ...(anyFailed ? ['problem'] : [])],
    rows: measurements
      .filter((measurement) => measurement.size === 0)
      .map((measurement) => {
        const problem = anyFailed ? [''] : [];
        if (measurement.status === 'failed')
          return [measurement.series, 'failed', '', '', '', shorten(measurement.reason ?? '')];
        if (measurement.timing === undefined) {
          const extra = measurement.extra ?? {};
          return [
            `${measurement.series} (process ${extra.process ?? 0})`,
            `${formatMs(extra.firstMs ?? Number.NaN)} cold`,
            `${formatMs(extra.warmMs ?? Number.NaN)} warm`,
            '',
            '1',
            ...problem,
          ];
        }
        return [
          measurement.series,
          formatMs(measurement.timing.minMs),
          formatMs(measurement.timing.medianMs),
          formatMs(measurement.timing.madMs),
          String(measurement.timing.samples),
          ...problem,
        ];
      }),
  };
  const tfjsFailure = measurements.find((m) => m.series.startsWith('tfjs') && m.status === 'failed');
  notes.push(
    tfjsFailure === undefined
      ? 'TensorFlow.js (tfjs-core, cpu backend: pure JavaScript) computes in float32, dualtape in float64: the same computation, not the same precision'
      : `TensorFlow.js rows not measured: ${tfjsFailure.reason}`,
  );
  const wasm = measurements.find((m) => m.series === 'tfjs-wasm-gradient' && m.status === 'measured');
  if (wasm !== undefined) {
    const on = (flag: string) => (wasm.extra?.[flag] === 1 ? 'on' : 'off');
    notes.push(
      `TensorFlow.js's WebAssembly backend (@tensorflow/tfjs-backend-wasm, float32) ran with SIMD ${on('wasmSimd')} and threads ${on('wasmThreads')}; its .wasm binaries come inside the npm package and are read from disk, nothing is downloaded at run time`,
    );
  }
  if (raceSizes.length > 0) {
    notes.push(
      'jax-js (@jax-js/jax, wasm device, float64): jit(grad(f)) of Rosenbrock written with its array operations (slices, no loop), checked against the hand-written gradient before timing; on Node 20 it needs stand-ins for navigator and Float16Array (bench/src/peers/jax.ts), and runs on one thread (Node 20 has no Web Workers)',
    );
  }
  const gmmAdjoint = measurements.find((m) => m.series === 'gmm-adjoint' && m.status === 'measured');
  notes.push(
    `GMM: ADBench's objective (d = ${ADBENCH_GMM.dimensions}, K = ${ADBENCH_GMM.components}, N = ${ADBENCH_GMM.points}: ${ADBENCH_GMM.components * (1 + ADBENCH_GMM.dimensions + (ADBENCH_GMM.dimensions * (ADBENCH_GMM.dimensions + 1)) / 2)} parameters) in plain JavaScript (bench/src/families/gmm.ts); the tape differentiates it lifted onto core's free functions` +
      (gmmAdjoint?.extra?.savedBytes === undefined
        ? ''
        : `; the adjoint code saved ${formatBytes(gmmAdjoint.extra.savedBytes)} per gradient`),
    `transform-cold: compile + tangent code + adjoint code of the zoo's longest function ('${longest.name}', ${longest.length} characters of source at size ${longest.size}), the first call in a fresh process (modules loaded, nothing of the transform run yet); the fastest of ${COLD_PROCESSES} processes per run`,
  );
  if (fn !== 'rosenbrock')
    notes.push(`the TensorFlow.js version of the scalar function exists for rosenbrock only, not '${fn}'`);
  notes.push(
    'each ratio divides the fastest samples of its two calls (a sample: one call, or a batch of fast calls averaged), taken in the same run: other work on the machine can only slow a sample down',
  );
  if (settings.runs > 1)
    notes.push(`each ratio is the median of ${settings.runs} runs; its two timings come from the same run`);
  if (largeN !== settings.ratioSize)
    notes.push(`the N = ${settings.ratioSize} rows were measured at N = ${largeN}`);
  if (settings.quick) notes.push(`--quick: the N = 10^6 rows are measured at N = ${largeN}`);
  notes.push(
    settings.isolate
      ? 'calls ran in fresh processes grouped by number type (plain; tape; dual; chunked dual; tangent code; adjoint code; jax-js; GMM plain and adjoint; GMM tape; tensor; TensorFlow.js cpu; TensorFlow.js wasm)'
      : '--in-process: every call ran in this process (the transform-cold row is then not cold)',
  );

  return {
    name: 'peers',
    title: TITLE,
    summary:
      "Each row divides two timings taken in the same run; targets are dualtape's stated speed targets (each row's source is in the JSON), rows without one are for information. " +
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

/**
 * Keys of the calls timed at the race sizes (against jax-js): the plain evaluation and the adjoint code, under
 * the keys of the rows' own sizes where a race size is one of them.
 */
function keysAt(largeSize: number, compiledSize: number) {
  const at = (base: string, own: string, compiledSizeKey: string) => (size: number) =>
    size === largeSize ? own : size === compiledSize ? compiledSizeKey : `${base}@${size}`;
  return {
    plain: at('plain', 'plain', 'plain-compiled-size'),
    adjoint: at('adjoint', 'adjoint', 'adjoint-compiled-size'),
  };
}

/** What the rows are computed from: sizes, and the keys their calls are timed under. */
interface RowContext {
  readonly fn: string;
  readonly largeN: number;
  readonly smallN: number;
  readonly side: number;
  readonly compiledN: number;
  /** N of the races against jax-js (none unless fn is rosenbrock). */
  readonly raceSizes: readonly number[];
  readonly keys: ReturnType<typeof keysAt>;
  readonly longest: ReturnType<typeof longestZooFunction>;
}

function rowSpecs(context: RowContext): RowSpec[] {
  const { fn, largeN, smallN, side, compiledN } = context;
  return [...overloadingRows(fn, largeN, smallN, side, compiledN), ...transformRows(context)];
}

/** The rows of source transformation's targets (issues #12 and #13) and its peers. */
function transformRows({ fn, largeN, smallN, compiledN, raceSizes, keys, longest }: RowContext): RowSpec[] {
  const fromPlain = `${fn} from plain JavaScript`;
  return [
    {
      id: 'tangent-jvp-over-plain',
      label: `one JVP by tangent code ÷ plain, ${fromPlain}, N = ${largeN}`,
      unit: '×',
      target: { comparison: '<=', value: 3, source: BRIEF.tangent },
      detail: 'compile(plain twin).jvp(x, v) in a dense direction ÷ the plain evaluation of the same text',
      value: (o) => ratioOf(o, 'tangent-jvp', 'plain'),
    },
    {
      id: 'tangent-gradient-speedup',
      label: `forward gradient: chunked duals ÷ tangent code, N = ${smallN}`,
      unit: '×',
      target: { comparison: '>=', value: 10, source: `${BRIEF.tangent} (≥ 10× faster than ChunkDual)` },
      detail:
        'time of @dualtape/forward gradient (ChunkDual, default chunking) ÷ time of compile(f).jacobian(x) (default chunking)',
      value: (o) => ratioOf(o, 'chunked-small', 'tangent-small'),
    },
    {
      id: 'adjoint-over-plain',
      label: `adjoint-code gradient ÷ plain, ${fromPlain}, N = ${largeN}`,
      unit: '×',
      target: { comparison: '<=', value: 5, source: BRIEF.adjoint },
      detail: 'compile(plain twin).gradient(x, out) ÷ the plain evaluation of the same text',
      value: (o) => ratioOf(o, 'adjoint', 'plain'),
    },
    {
      id: 'adjoint-over-plain-small',
      label: `adjoint-code gradient ÷ plain, N = ${compiledN}`,
      unit: '×',
      target: { comparison: '<=', value: 6, source: BRIEF.adjoint },
      detail: 'as above, at the compiled-gradient row’s size',
      value: (o) => ratioOf(o, 'adjoint-compiled-size', 'plain-compiled-size'),
    },
    {
      id: 'adjoint-over-tfjs',
      label: `adjoint-code gradient ÷ TensorFlow.js gradient (cpu), N = ${largeN}`,
      unit: '×',
      target: {
        comparison: '<=',
        value: 1 / 25,
        source: `${BRIEF.adjoint} (≥ 25× faster than TensorFlow.js)`,
      },
      detail: 'below 1: the adjoint code (float64) is faster than tf.grad on the cpu backend (float32)',
      value: (o) => ratioOf(o, 'adjoint', 'tfjs-gradient'),
    },
    {
      id: 'tfjs-wasm-gradient-over-plain',
      label: `TensorFlow.js tf.grad (wasm backend) ÷ plain, N = ${largeN}`,
      unit: '×',
      target: null,
      detail: 'the peer on its WebAssembly backend (float32)',
      value: (o) => ratioOf(o, 'tfjs-wasm-gradient', 'plain'),
    },
    {
      id: 'adjoint-over-tfjs-wasm',
      label: `adjoint-code gradient ÷ TensorFlow.js gradient (wasm), N = ${largeN}`,
      unit: '×',
      target: null,
      detail: 'below 1: the adjoint code is faster than tf.grad on the wasm backend',
      value: (o) => ratioOf(o, 'adjoint', 'tfjs-wasm-gradient'),
    },
    ...raceSizes.flatMap((size): RowSpec[] => [
      {
        id: `jax-gradient-over-plain@${size}`,
        label: `jax-js jit(grad(f)) ÷ plain, N = ${size}`,
        unit: '×',
        target: null,
        detail: 'the peer: jit(grad(f)) of the slice-based Rosenbrock (wasm device, float64)',
        value: (o) => ratioOf(o, `jax-gradient@${size}`, keys.plain(size)),
      },
      {
        id: `adjoint-over-jax@${size}`,
        label: `adjoint-code gradient ÷ jax-js jit(grad(f)), N = ${size}`,
        unit: '×',
        target: { comparison: '<=', value: 1, source: `${BRIEF.adjoint} (faster than jax-js at every N)` },
        detail: 'below 1: the adjoint code is faster than jax-js’s jit-compiled gradient (both float64)',
        value: (o) => ratioOf(o, keys.adjoint(size), `jax-gradient@${size}`),
      },
    ]),
    {
      id: 'gmm-adjoint-over-plain',
      label: `GMM (d = ${ADBENCH_GMM.dimensions}, K = ${ADBENCH_GMM.components}, N = ${ADBENCH_GMM.points}): adjoint-code gradient ÷ plain`,
      unit: '×',
      target: { comparison: '<=', value: 6, source: `${BRIEF.adjoint} (Tapenade 3.7–15.5×)` },
      detail:
        'ADBench’s GMM objective in plain JavaScript: compile(objective).gradient ÷ the objective itself',
      value: (o) => ratioOf(o, 'gmm-adjoint', 'gmm-plain'),
    },
    {
      id: 'gmm-tape-over-plain',
      label: `GMM: tape gradient ÷ plain`,
      unit: '×',
      target: null,
      detail: 'reverse-mode gradient (the tape) of the lifted objective, for comparison',
      value: (o) => ratioOf(o, 'gmm-tape', 'gmm-plain'),
    },
    {
      id: 'transform-cold',
      label: `transforming the zoo's longest function ('${longest.name}'), cold`,
      unit: 'ms',
      target: { comparison: '<=', value: 100, source: `${BRIEF.adjoint} (< 100 ms)` },
      detail:
        'compile + tangent code + adjoint code, first call in a fresh process; the fastest process of the run',
      value: (_o, cold) => {
        const times = (cold.get('transform-cold') ?? []).flatMap((outcome) =>
          outcome.ok ? [outcome.firstMs] : [],
        );
        if (times.length === 0) throw new Error('no cold transform was timed');
        return Math.min(...times);
      },
    },
  ];
}

/** The rows of issue #9: the overloading modes (dual numbers, the tape, compileGradient) and their peers. */
function overloadingRows(
  fn: string,
  largeN: number,
  smallN: number,
  side: number,
  compiledN: number,
): RowSpec[] {
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

/**
 * Fastest sample ÷ fastest sample (a sample is one call, or a batch of fast calls averaged): the machine's
 * other work can only slow a sample down, so the fastest is the least disturbed estimate of each call. (On a
 * 2-core machine at load 6 the median of plain Rosenbrock at N = 10^6 was 2.6× its time on a quiet one.)
 */
function ratioOf(outcomes: RunOutcomes, numerator: string, denominator: string): number {
  return succeeded(outcomes, numerator).timing.minMs / succeeded(outcomes, denominator).timing.minMs;
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
