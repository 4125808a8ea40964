/**
 * `compare`: one function through every mode and numeric scheme, each through its package's public API,
 * side by side: the derivative each method computes, how far it is from the reference, the numeric
 * error estimate where there is one, the wall time and the work (passes, evaluations, sweeps, tape bytes)
 * from core's Counters. `check` (check.ts) adds a verdict on top.
 *
 * The reference is the complex step (exact to rounding for real-analytic code) unless it could not run or
 * produced non-finite numbers; then Richardson extrapolation, then the five-point and central schemes. A
 * referee that cannot evaluate f says so in its row ("could not run: ...") and shows no number. For a
 * function that uses a rule by convention (`stopGradient`, whose derivative 0 is a definition that values
 * cannot show) only the complex step, which follows it, may be the reference: the finite differences still
 * run, as referees (where the stopped value cancels, as in logSumExp's shift, they agree). For the Hessian
 * of such a function no numeric scheme can be the reference (`reference` is undefined; `check` fails it).
 *
 * With `kind: 'hessian'` the rows are the second-order strategies (forward over forward, reverse over
 * reverse, reverse over forward) against the numeric Hessians (central, Richardson, complex step).
 */
import {
  asVectorFunction,
  type Counters,
  checkOptions,
  checkPoint,
  DualtapeError,
  newCounters,
  plainValue,
  type Scalar,
  type ScalarFunction,
  UsageError,
  type VectorFunction,
} from '@dualtape/core';
import { BACKENDS, type BackendMethod, compareVariants } from './backends/registry.js';
import type { CompareOutput, ConcreteMode } from './backends/types.js';
import { checkedFunction } from './internal/checks.js';
import { countOperations } from './internal/probe.js';
import { generic } from './internal/transformed.js';

export { COMPARE_SCHEMES } from './backends/numeric.js';

// The high-resolution clock of browsers and Node alike; the ES library types do not declare it, and this
// package takes no environment's types (it must run in both).
declare const performance: { now(): number };

/** The methods `compare` runs, in table order: every backend's rows (registry.ts), then the hand-written one. */
export type CompareMethod = BackendMethod | 'hand-written';

/** A gradient or Jacobian written by hand, to be checked against the modes (`(x) => ∇f(x)`). */
export type HandWrittenDerivative = (x: number[]) => ArrayLike<number> | readonly ArrayLike<number>[];

/** What `compare` and `check` differentiate: first derivatives (gradient or Jacobian) or the Hessian. */
export type CompareKind = 'gradient' | 'hessian';

/** The numeric schemes that may serve as the reference, in order of preference. */
export type ReferenceScheme = 'complex-step' | 'richardson' | 'five-point' | 'central';

/** Preference order of the reference: the first that ran and gave finite numbers. */
const REFERENCE_ORDER: readonly ReferenceScheme[] = ['complex-step', 'richardson', 'five-point', 'central'];

/** The option names of `CompareOptions`. */
export const COMPARE_OPTIONS: readonly string[] = [
  'variables',
  'chunkSize',
  'handWritten',
  'handWrittenLabel',
  'onMethodStart',
  'kind',
];

/** Options of `compare` (and `check`). An unknown option is a `UsageError` naming it. */
export interface CompareOptions {
  /**
   * First derivatives (the gradient of a scalar f, the Jacobian of a vector f) or, with `'hessian'`, the
   * Hessian of a scalar f (then `handWritten` is a hand-written Hessian, N rows). @default 'gradient'
   */
  readonly kind?: CompareKind;
  /**
   * Names of the inputs, used in reports ("component 2 (z)").
   * @default ['x[0]', 'x[1]', ...]
   */
  readonly variables?: readonly string[];
  /** Tangent lanes of the chunked forward row. @default forward's defaultChunkSize(N) */
  readonly chunkSize?: number;
  /** A hand-written gradient (or Jacobian) compared like the modes. @default undefined (none) */
  readonly handWritten?: HandWrittenDerivative;
  /** How the hand-written row is labelled. @default 'hand-written' */
  readonly handWrittenLabel?: string;
  /** Called before each method runs (the CLI shows progress with it). @default undefined */
  readonly onMethodStart?: (method: CompareMethod, label: string) => void;
}

/** Where, and by how much, one method disagrees most with the reference. */
export interface Disagreement {
  /** Largest |method − reference| over all components (Infinity where exactly one is non-finite). */
  readonly maxAbsolute: number;
  /**
   * Largest |method − reference| / |reference| over the components whose reference is not 0 (a zero
   * reference has no relative scale; its absolute error still counts above).
   */
  readonly maxRelative: number;
}

/** One method's line of the comparison. */
export interface CompareRow {
  /** Which method. */
  readonly method: CompareMethod;
  /** How the method is shown: `forward (1 tangent)`, `forward (chunk 12)`, `central`, ... */
  readonly label: string;
  /** The mode the method belongs to, or the hand-written derivative. */
  readonly family: ConcreteMode | 'hand-written';
  /**
   * f(x) as this method computed it: reverse mode returns it with the gradient; the others evaluate f on
   * plain numbers (the same operations), so they show the plain value.
   */
  readonly value: number | Float64Array;
  /** The derivative: M rows of length N (one row, the gradient, for a scalar function). */
  readonly jacobian: readonly Float64Array[];
  /** The numeric error bound per component, for numeric schemes; undefined for the others. */
  readonly errorEstimate: readonly Float64Array[] | undefined;
  /** Largest numeric error bound, for numeric schemes. */
  readonly maxErrorEstimate: number | undefined;
  /** Disagreement with the reference row (zero for the reference itself). */
  readonly disagreement: Disagreement;
  /** Wall time of the one call, in milliseconds (cold: compare is a checker, not a benchmark). */
  readonly timeMs: number;
  /** The work the call reported (passes, lanes, evaluations, sweeps, operations, peak tape bytes). */
  readonly counters: Readonly<Counters>;
  /** Peak bytes the reverse tape held, for reverse mode. */
  readonly tapeBytes: number | undefined;
  /**
   * When the method threw or could not run: why (its jacobian is then NaN, and reports show the reason in
   * place of numbers); "could not run: ..." for a referee.
   */
  readonly failure: string | undefined;
}

/** The result of `compare`. */
export interface CompareResult {
  /** 'gradient' for f: R^N -> R, 'jacobian' for f: R^N -> R^M, 'hessian' for the second-order table. */
  readonly kind: 'gradient' | 'jacobian' | 'hessian';
  /** N. */
  readonly inputs: number;
  /** M (1 for a scalar function). */
  readonly outputs: number;
  /** Names of the inputs. */
  readonly variables: readonly string[];
  /** The point. */
  readonly point: Float64Array;
  /** f(x) on plain numbers. */
  readonly value: number | Float64Array;
  /**
   * The row every other row is compared with: the first of complex step, Richardson, five-point and
   * central that ran with finite numbers (else the first that ran); undefined when none could run.
   */
  readonly reference: ReferenceScheme | undefined;
  /** Rules by convention f applied (`stopGradient`), which finite differences cannot see. */
  readonly conventions: readonly string[];
  /** One row per method, in the order of `CompareMethod`. */
  readonly rows: readonly CompareRow[];
  /** Methods that do not apply to f (source transformation of a function it cannot read), and why. */
  readonly skipped: readonly {
    readonly method: CompareMethod;
    readonly label: string;
    readonly reason: string;
  }[];
}

/**
 * Runs `f` at `x` through forward mode (one tangent, and chunked), reverse mode, numeric mode (central,
 * five-point, Richardson, complex step) and the optional hand-written derivative, and tabulates them
 * against the reference. A method that throws is reported in its row (`failure`), not thrown, so one
 * broken method does not hide the others; bad input (empty or non-finite `x`, a function that throws on
 * plain numbers) is thrown as usual.
 *
 * @example compare(([x, y]) => add(square(x), square(y)), [4, 3]).rows.map((row) => row.jacobian[0])
 */
export function compare(
  f: ScalarFunction | VectorFunction,
  x: ArrayLike<number>,
  options: CompareOptions = {},
): CompareResult {
  checkOptions('compare', options, COMPARE_OPTIONS);
  const hessian = (options.kind ?? 'gradient') === 'hessian';
  if (options.kind !== undefined && options.kind !== 'gradient' && options.kind !== 'hessian') {
    throw new UsageError(`compare: kind must be 'gradient' or 'hessian', got '${String(options.kind)}'`);
  }
  checkedFunction('compare', f);
  const point = checkPoint('compare', x);
  const n = point.length;
  const variables = options.variables ?? Array.from({ length: n }, (_, i) => `x[${i}]`);
  if (variables.length !== n) {
    throw new UsageError(`compare: ${variables.length} variable names for ${n} inputs`);
  }
  const value = plainValue(f, point, 'compare');
  const isVector = value instanceof Float64Array;
  const outputs = isVector ? value.length : 1;
  if (hessian && isVector) {
    throw new UsageError(
      `compare: kind 'hessian' needs a scalar function, but f returns ${outputs} values (check each output)`,
    );
  }
  const shape = hessian ? n : outputs;
  const conventions = conventionsOf(f, point);

  const runs: MethodRun[] = [];
  const run = (method: CompareMethod, label: string, family: CompareRow['family'], body: Body): void => {
    options.onMethodStart?.(method, label);
    runs.push(measure(method, label, family, body, value, shape, n));
  };
  const skipped: { method: CompareMethod; label: string; reason: string }[] = [];
  const operation = hessian ? 'hessian' : isVector ? 'jacobian' : 'gradient';
  for (const { backend, variant } of compareVariants(BACKENDS, hessian)) {
    const notApplicable = backend.refuses?.(operation, f);
    if (notApplicable !== undefined) {
      skipped.push({ method: variant.method as CompareMethod, label: variant.label, reason: notApplicable });
      continue;
    }
    run(variant.method as CompareMethod, variant.label, backend.mode, (counters) =>
      variant.run(f, point, isVector, counters, options.chunkSize),
    );
    const last = runs[runs.length - 1]!;
    if (variant.relabel !== undefined) last.label = variant.relabel(last.counters);
  }
  const handWritten = options.handWritten;
  if (handWritten !== undefined) {
    run('hand-written', options.handWrittenLabel ?? 'hand-written', 'hand-written', () => ({
      jacobian: handWrittenRows(handWritten, point, shape, hessian),
    }));
  }

  // Referees that could not run say so in their rows; candidates keep what they threw.
  for (const entry of runs) {
    if (
      entry.failure !== undefined &&
      isReferee(entry.method) &&
      !entry.failure.startsWith('could not run')
    ) {
      entry.failure = `could not run: ${entry.failure}`;
    }
  }
  const referenceMethod = chooseReference(runs, conventions.length > 0, hessian);
  const referenceRows =
    runs.find((entry) => entry.method === referenceMethod)?.jacobian ??
    Array.from({ length: shape }, () => new Float64Array(n).fill(Number.NaN));
  const rows = runs.map(
    (entry): CompareRow => ({
      method: entry.method,
      label: entry.label,
      family: entry.family,
      value: entry.value,
      jacobian: entry.jacobian,
      errorEstimate: entry.errorEstimate,
      maxErrorEstimate: entry.errorEstimate === undefined ? undefined : maxOf(entry.errorEstimate),
      disagreement: disagreement(entry.jacobian, referenceRows),
      timeMs: entry.timeMs,
      counters: entry.counters,
      tapeBytes: entry.family === 'reverse' ? entry.counters.peakTapeBytes : undefined,
      failure: entry.failure,
    }),
  );
  return {
    kind: hessian ? 'hessian' : isVector ? 'jacobian' : 'gradient',
    inputs: n,
    outputs,
    variables,
    point,
    value,
    reference: referenceMethod,
    conventions,
    rows,
    skipped,
  };
}

/**
 * The rules by convention (stopGradient) f applies at `point`, from one counting run (O(1) memory). A
 * function that cannot run on the counting numbers (plain JavaScript the transform cannot read) applies
 * none: core's free functions are what apply rules.
 */
function conventionsOf(f: ScalarFunction | VectorFunction, point: Float64Array): readonly string[] {
  try {
    return countOperations(asVectorFunction(generic(f, false)), point, Number.POSITIVE_INFINITY).conventions;
  } catch {
    return [];
  }
}

function isReferee(method: CompareMethod): method is ReferenceScheme {
  return (REFERENCE_ORDER as readonly string[]).includes(method);
}

/**
 * The first referee, in preference order, that ran with finite numbers; else the first that ran. When f
 * uses a rule by convention only the complex step, which follows it, may be the reference — and for a
 * Hessian none may: the complex-step Hessian takes finite differences of complex-step derivatives, and
 * those differences do not see the convention.
 */
function chooseReference(
  runs: readonly MethodRun[],
  conventions: boolean,
  hessian: boolean,
): ReferenceScheme | undefined {
  if (conventions && hessian) return undefined;
  const ran = REFERENCE_ORDER.filter(
    (method) =>
      (!conventions || method === 'complex-step') &&
      runs.some((entry) => entry.method === method && entry.failure === undefined),
  );
  const finite = ran.find((method) =>
    runs.find((entry) => entry.method === method)!.jacobian.every((row) => row.every(Number.isFinite)),
  );
  return finite ?? ran[0];
}

type Body = (counters: Counters) => CompareOutput;

interface MethodRun {
  readonly method: CompareMethod;
  label: string;
  readonly family: CompareRow['family'];
  readonly value: number | Float64Array;
  readonly jacobian: readonly Float64Array[];
  readonly errorEstimate: readonly Float64Array[] | undefined;
  readonly timeMs: number;
  readonly counters: Counters;
  failure: string | undefined;
}

function measure(
  method: CompareMethod,
  label: string,
  family: CompareRow['family'],
  body: Body,
  plain: number | Float64Array,
  outputs: number,
  inputs: number,
): MethodRun {
  const counters = newCounters();
  const start = performance.now();
  try {
    const result = body(counters);
    const timeMs = performance.now() - start;
    return {
      method,
      label,
      family,
      value: result.value ?? plain,
      jacobian: result.jacobian,
      errorEstimate: result.errorEstimate,
      timeMs,
      counters,
      failure: undefined,
    };
  } catch (error) {
    const timeMs = performance.now() - start;
    const failure = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const jacobian = Array.from({ length: outputs }, () => new Float64Array(inputs).fill(Number.NaN));
    return {
      method,
      label,
      family,
      value: plain,
      jacobian,
      errorEstimate: undefined,
      timeMs,
      counters,
      failure,
    };
  }
}

function handWrittenRows(
  handWritten: HandWrittenDerivative,
  point: Float64Array,
  outputs: number,
  hessian: boolean,
): Float64Array[] {
  const given = handWritten(Array.from(point));
  if (given === null || typeof given !== 'object' || typeof given.length !== 'number') {
    throw new DualtapeError(`the hand-written derivative returned ${String(given)}, not an array`);
  }
  const flat = given.length === 0 || typeof (given as ArrayLike<unknown>)[0] === 'number';
  const rows = flat ? [given as ArrayLike<number>] : Array.from(given as readonly ArrayLike<number>[]);
  if (rows.length !== outputs) {
    throw new DualtapeError(
      hessian
        ? `the hand-written Hessian has ${rows.length} rows but f has ${outputs} inputs`
        : `the hand-written derivative has ${rows.length} rows but f has ${outputs} outputs`,
    );
  }
  return rows.map((row, r) => {
    if (row === null || typeof row !== 'object' || row.length !== point.length) {
      throw new DualtapeError(
        `the hand-written derivative's row ${r} has ${row?.length} entries but there are ${point.length} inputs`,
      );
    }
    return Float64Array.from(row, (entry: Scalar) => (typeof entry === 'number' ? entry : Number.NaN));
  });
}

/** |a − r| with the conventions of the table: equal non-finite values agree, one non-finite side is ∞. */
export function absoluteDifference(a: number, r: number): number {
  if (a === r || (Number.isNaN(a) && Number.isNaN(r))) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(r)) return Number.POSITIVE_INFINITY;
  return Math.abs(a - r);
}

function disagreement(rows: readonly Float64Array[], reference: readonly Float64Array[]): Disagreement {
  let maxAbsolute = 0;
  let maxRelative = 0;
  rows.forEach((row, r) => {
    const referenceRow = reference[r]!;
    row.forEach((entry, c) => {
      const expected = referenceRow[c]!;
      const absolute = absoluteDifference(entry, expected);
      maxAbsolute = Math.max(maxAbsolute, absolute);
      if (expected !== 0) {
        maxRelative = Math.max(
          maxRelative,
          Number.isFinite(expected) ? absolute / Math.abs(expected) : absolute,
        );
      }
    });
  });
  return { maxAbsolute, maxRelative };
}

function maxOf(rows: readonly Float64Array[]): number {
  let largest = 0;
  for (const row of rows)
    for (const entry of row) largest = Number.isNaN(entry) ? Number.NaN : Math.max(largest, entry);
  return largest;
}
