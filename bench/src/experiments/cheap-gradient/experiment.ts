/**
 * `dualtape bench cheap-gradient`: the cost of one gradient relative to one plain evaluation, per mode,
 * for every scalar zoo function at N ≈ a thousand. The cheap-gradient principle says reverse mode's ratio
 * is a small constant whatever N is (Griewank & Walther: ≤ 3 by operation count, ≤ 4–5 by run time for
 * native code): the tape's and the adjoint code's (source transformation) alike; forward and finite
 * differences pay a factor of N. The denominator is the zoo's
 * hand-written Float64Array evaluation; the generic function on plain numbers is shown beside it.
 */
import { newCounters, seededRandom, UsageError } from '@dualtape/core';
import { gradient } from '@dualtape/reverse';
import { ZOO, type ZooEntry } from '@dualtape/zoo';
import type { CallSpec } from '../../calls/registry.js';
import { runJob } from '../../engine/isolation.js';
import { type CallOutcome, timeBudget } from '../../engine/jobs.js';
import { describeError } from '../../engine/sweep.js';
import { formatMs, formatRatio } from '../../internal/format.js';
import { median } from '../../internal/median.js';
import type { ModeId } from '../../modes.js';
import { MODE_LABELS } from '../../modes.js';
import type { ExperimentResult, Measurement, RatioRow, TableData } from '../../results.js';
import type { Experiment, ExperimentContext } from '../types.js';

/** The cheap-gradient experiment. */
export const cheapGradientExperiment: Experiment = {
  name: 'cheap-gradient',
  title: 'Cost of one gradient relative to one plain evaluation',
  run: runCheapGradient,
};

/** Modes compared with the plain evaluation, in table order. */
const MODES: readonly ModeId[] = [
  'plain-generic',
  'analytic',
  'reverse',
  'reverse-replay',
  'forward-chunked',
  'forward',
  'numeric-central',
  'numeric-complex-step',
  'transform-reverse',
  'transform-forward',
];

/** A function is evaluated at a size whose tape has at most this many operations per requested input. */
const OPERATIONS_PER_INPUT_LIMIT = 12;

async function runCheapGradient({ settings, progress }: ExperimentContext): Promise<ExperimentResult> {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const measurements: Measurement[] = [];
  const notes: string[] = [];
  const budget = timeBudget(settings);

  const chosen: { entry: ZooEntry; size: number; inputs: number }[] = [];
  for (const entry of ZOO.filter((candidate) => candidate.kind === 'scalar')) {
    try {
      const size = chooseSize(entry, settings.cheapSize, settings.seed);
      chosen.push({ entry, size, inputs: entry.inputSize(size) });
    } catch (error) {
      notes.push(`${entry.name}: skipped, ${describeError(error)}`);
    }
  }

  // ratios.get(function).get(mode) = one ratio per run; plainTimes.get(function) = one time per run.
  const ratios = new Map<string, Map<ModeId, number[]>>();
  const plainTimes = new Map<string, number[]>();
  const failures = new Map<string, string>();
  progress.begin('cheap-gradient', settings.runs * (MODES.length + 1) * chosen.length);
  for (let run = 0; run < settings.runs; run++) {
    // One process per mode (plain included), each timing every function: ratios divide within one run.
    const outcomes = new Map<ModeId, CallOutcome[]>();
    for (const mode of ['plain', ...MODES] as const) {
      const calls: CallSpec[] = chosen.map(({ entry, size }) => ({
        kind: 'zoo',
        fn: entry.name,
        size,
        mode,
        seed: settings.seed,
      }));
      try {
        outcomes.set(
          mode,
          await runJob(
            { kind: 'calls', calls, ...budget },
            { isolated: settings.isolate, onProgress: (detail) => progress.advance(detail) },
          ),
        );
      } catch (error) {
        outcomes.set(
          mode,
          calls.map(() => ({ ok: false, error: describeError(error) })),
        );
      }
    }
    const plain = outcomes.get('plain')!;
    chosen.forEach(({ entry, size, inputs }, index) => {
      const denominator = plain[index]!;
      for (const mode of ['plain', ...MODES] as const) {
        const outcome = outcomes.get(mode)![index]!;
        const series = `${entry.name}:${mode}`;
        if (!outcome.ok) {
          failures.set(series, outcome.error);
          if (run === 0)
            measurements.push({
              group: 'cheap-gradient',
              series,
              size,
              status: 'failed',
              reason: outcome.error,
            });
          continue;
        }
        const extra: Record<string, number> = { run, inputs };
        if (mode === 'plain') {
          plainTimes.set(entry.name, [...(plainTimes.get(entry.name) ?? []), outcome.timing.medianMs]);
        } else if (denominator.ok) {
          const ratio = outcome.timing.medianMs / denominator.timing.medianMs;
          extra.ratioToPlain = ratio;
          const byMode = ratios.get(entry.name) ?? new Map<ModeId, number[]>();
          byMode.set(mode, [...(byMode.get(mode) ?? []), ratio]);
          ratios.set(entry.name, byMode);
        }
        measurements.push({
          group: 'cheap-gradient',
          series,
          size,
          status: 'measured',
          timing: outcome.timing,
          extra,
        });
      }
    });
  }
  progress.end();

  const rows = chosen.map(({ entry, inputs }) => {
    const plain = plainTimes.get(entry.name);
    return [
      entry.name,
      String(inputs),
      plain === undefined ? '—' : formatMs(median(plain)),
      ...MODES.map((mode) => {
        const list = ratios.get(entry.name)?.get(mode);
        return list === undefined ? '—' : formatRatio(median(list));
      }),
    ];
  });
  const summaryRatios: RatioRow[] = [];
  const own = chosen.find(({ entry }) => entry.name === settings.fn);
  for (const [mode, what] of [
    ['reverse', 'reverse gradient'],
    ['transform-reverse', 'adjoint-code gradient'],
  ] as const) {
    const modeRatios = ratios.get(settings.fn)?.get(mode);
    if (own === undefined || modeRatios === undefined) continue;
    summaryRatios.push({
      id: `cheap-gradient-${mode}`,
      label: `${what} ÷ plain, ${settings.fn} at N = ${own.inputs}`,
      measured: median(modeRatios),
      unit: '×',
      runs: modeRatios,
      target: null,
      met: null,
      detail:
        'for information: native code reaches 4–5× (Griewank & Walther); the peers table holds the targets at N = 10^6',
    });
  }

  const table: TableData = {
    title: 'one gradient ÷ one plain (hand-written) evaluation, per mode',
    head: ['function', 'N', 'plain', ...MODES],
    rows,
  };
  notes.push(
    `each function at the largest size with N <= ${settings.cheapSize} and at most ${OPERATIONS_PER_INPUT_LIMIT}·${settings.cheapSize} tape operations; size-independent R -> R functions at their default size`,
    `columns: ${MODES.map((mode) => `${mode} = ${MODE_LABELS[mode]}`).join('; ')}`,
    settings.isolate
      ? 'each mode (and the plain evaluation) ran in its own fresh process over every function'
      : '--in-process: every mode ran in this process, so the functions were JIT-compiled for all number types at once',
  );
  if (failures.size > 0) {
    notes.push(
      `— : the mode does not apply or failed (${[...failures]
        .slice(0, 4)
        .map(([series, error]) => `${series}: ${error}`)
        .join('; ')}${failures.size > 4 ? '; …' : ''})`,
    );
  }
  if (settings.runs > 1)
    notes.push(
      `medians over ${settings.runs} runs; each ratio's numerator and denominator come from the same run`,
    );
  return {
    name: 'cheap-gradient',
    title: 'Cost of one gradient relative to one plain evaluation',
    summary:
      'Time of one gradient divided by one evaluation of the hand-written plain function, per mode. Reverse, replay ' +
      'and the adjoint code should be a small constant; forward (duals and tangent code), central and complex-step differences grow with N.',
    startedAt,
    durationMs: performance.now() - started,
    charts: [],
    fits: [],
    ratios: summaryRatios,
    tables: [table],
    notes,
    measurements,
  };
}

/**
 * The size to evaluate `entry` at: the largest with N <= `targetInputs`, shrunk (halving) until the tape
 * has at most OPERATIONS_PER_INPUT_LIMIT·targetInputs operations (least-squares is O(N²)). Functions whose
 * N does not depend on the size keep their default size.
 */
function chooseSize(entry: ZooEntry, targetInputs: number, seed: number): number {
  const inputsVary = entry.inputSize(entry.minSize) !== entry.inputSize(entry.minSize * 2 + 1);
  if (!inputsVary) return entry.defaultSize;
  let size = entry.minSize;
  while (entry.inputSize(size * 2) <= targetInputs) size *= 2;
  // Refine between size and 2·size by bisection: inputSize grows with size.
  let low = size;
  let high = size * 2;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (entry.inputSize(middle) <= targetInputs) low = middle;
    else high = middle;
  }
  size = low;
  const limit = OPERATIONS_PER_INPUT_LIMIT * targetInputs;
  while (size > entry.minSize && countOperations(entry, size, seed) > limit) {
    size = Math.max(entry.minSize, Math.floor(size / 2));
  }
  if (size < entry.minSize) throw new UsageError(`no size of '${entry.name}' fits the operation budget`);
  return size;
}

function countOperations(entry: ZooEntry, size: number, seed: number): number {
  const instance = entry.instantiate(size);
  if (instance.kind !== 'scalar') return 0;
  const counters = newCounters();
  gradient(instance.f, instance.sample(seededRandom(seed)), { counters });
  return counters.operations;
}
