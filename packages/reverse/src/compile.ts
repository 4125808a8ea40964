/**
 * A compiled gradient (ReverseDiff's `compile`, taken one step further): `compileGradient(f, x)` records f
 * once and generates JavaScript for the recorded program and its reverse sweep. Loops in f become loops in
 * the generated code, with no tape walk, no object per operation and no dispatch: every operation is a
 * call of its own of the rule table's functions, which V8 inlines. Values, partials and adjoints live in
 * the recording's typed arrays, so stretches not worth generating are replayed and swept by the tape.
 *
 * Like a `Recording`, it holds f's control flow at the recording point: recorded comparisons become guards,
 * and a call at inputs where one would branch the other way throws `ControlFlowError`; so do values read
 * with `primal` while recording, at inputs where they come out different (see record.ts).
 */
import {
  checkFunction,
  type DifferentiationOptions,
  describeValue,
  RULES_BY_CODE,
  type ScalarFunction,
  ShapeError,
  strongZeroProduct,
  UsageError,
} from '@dualtape/core';
import { finishCall, recordCall, scalarOutput, withPooledTape } from './internal/calls/call.js';
import { checkedNumber, checkedPoint } from './internal/calls/inputs.js';
import { watchFor } from './internal/calls/sweep.js';
import { type GeneratedSource, generateSource, type PlanStep } from './internal/tape/compile-source.js';
import { notePeak } from './internal/tape/pool.js';
import {
  COMPARISON_KINDS,
  comparisonChangedError,
  primalReadError,
  type ReplaySite,
  type Tape,
} from './tape.js';

/**
 * Entries per generated straight-line function. V8's optimizing compiler takes time superlinear in a
 * function's size and inlines calls only up to a budget per function, so straight-line code is split.
 */
export const DEFAULT_COMPILE_CHUNK_SIZE = 32;

/** Longest loop body (entries per iteration) the generator looks for. */
export const DEFAULT_MAX_LOOP_PERIOD = 256;

/**
 * Most entries outside loops that become generated straight-line code. A recording with more runs those
 * stretches through the tape's replay and sweep instead: V8 needs about 0.3 ms per straight-line entry to
 * optimize generated code and runs it slower than the replay loop until then; measured on Rosenbrock
 * without loops, generated code beat the replay about 3× at 170 entries and not at all at 900.
 */
export const DEFAULT_MAX_STRAIGHT_LINE = 256;

/** Fewest entries a repeated pattern must cover to become a loop. */
const MIN_LOOP_ENTRIES = 32;

/**
 * Most rule partials evaluated per generated function. V8 inlines calls only up to a budget of inlined
 * bytecode per optimized function (about 920 bytes), and a guarded partial of the rule table with what it
 * calls takes about 100; past the budget every partial would be a real call.
 */
const PARTIAL_CALLS_PER_FUNCTION = 6;

/**
 * The most tape entries `compileGradient` accepts by default. The compiled function keeps the recording
 * (33 bytes per entry); loops become a few lines of source each.
 */
export const DEFAULT_MAX_COMPILED_ENTRIES = 10_000_000;

/** Options of `compileGradient`. Every field is optional. */
export interface CompileGradientOptions extends DifferentiationOptions {
  /** Entries per generated straight-line function. @default DEFAULT_COMPILE_CHUNK_SIZE (32) */
  readonly chunkSize?: number;
  /**
   * Longest repeated pattern (entries per iteration) turned into a loop; 0 finds no loops.
   * @default DEFAULT_MAX_LOOP_PERIOD (256)
   */
  readonly maxLoopPeriod?: number;
  /**
   * Most entries outside loops that become generated code; with more, those stretches are replayed and
   * swept by the recording's tape (Infinity: always generate, 0: never).
   * @default DEFAULT_MAX_STRAIGHT_LINE (256)
   */
  readonly maxStraightLine?: number;
  /** Largest recording to compile; a larger one throws `UsageError`. @default DEFAULT_MAX_COMPILED_ENTRIES */
  readonly maxEntries?: number;
}

/**
 * f and ∇f at new inputs, from generated code. Call it as `compiled(x, gradient)`: it writes ∇f(x) into
 * `gradient` and returns f(x). Without `gradient` only the forward half runs (f(x) and the guards). The
 * function works in the arrays of the recording it keeps (33 bytes per entry); it never calls user code.
 */
export interface CompiledGradient {
  /**
   * @param x - the point: N finite numbers.
   * @param gradient - where ∇f(x) goes: a Float64Array of length N. @default undefined (value only)
   * @returns f(x). NaN or ±∞ produced by f come back as they are, in the value and in the gradient.
   * @throws ShapeError for an `x` or `gradient` of the wrong length; DomainError for a non-finite entry of
   *   x; ControlFlowError when a recorded comparison comes out differently at x.
   */
  (x: ArrayLike<number>, gradient?: Float64Array): number;
  /** N: the length `x` and `gradient` must have. */
  readonly inputSize: number;
  /** Tape entries compiled (inputs, operations and comparisons). */
  readonly entries: number;
  /** Generated functions: values, partials and sweep. */
  readonly functions: number;
  /** Loops found in the recording. Loops of the same shape share their generated functions. */
  readonly loops: number;
  /** Entries inside those loops. */
  readonly entriesInLoops: number;
  /** Entries outside loops that the recording's tape replays and sweeps (see `maxStraightLine`). */
  readonly entriesReplayed: number;
  /** Characters of generated source. */
  readonly sourceLength: number;
}

/**
 * Records `f` at `x` and compiles the recording into generated JavaScript that evaluates f and its
 * gradient at new inputs (see `CompiledGradient`). Values, partials and the strong-zero product come from
 * core's rule table and `strongZeroProduct`, and adjoints are summed in the tape's order, so the compiled
 * gradient equals `record(f, x).gradient(x')` exactly.
 *
 * Repeated patterns in the recording (a loop in f over its inputs) become loops in the generated code,
 * which is where the speed comes from. The rest becomes straight-line functions of `chunkSize` entries
 * when it is short (`maxStraightLine`), and is otherwise replayed and swept by the recording's tape.
 *
 * Limits: the generated code uses `new Function`, so it needs an environment whose Content Security Policy
 * allows `unsafe-eval`; recordings with checkpointed segments cannot be compiled (their segments re-run
 * user code); recordings above `maxEntries` entries are refused. The first calls run slower while V8
 * optimizes the generated functions (a few milliseconds per loop, in the background, over the first tens
 * of calls).
 *
 * @param f - a scalar function written once with core's free functions. It is called once, at `x`.
 * @param x - the recording point: a non-empty array of finite numbers.
 * @param options - how code is laid out (`chunkSize`, `maxLoopPeriod`, `maxStraightLine`), `maxEntries`;
 *   `counters` receives the entries recorded and the peak tape bytes; `detectAnomaly` checks the
 *   recording's values (`AnomalyError` at the first NaN or ±Infinity; the compiled function does not watch).
 * @throws ShapeError when x is empty or f returns an array; DomainError for a non-finite entry of x;
 *   UsageError for bad or unknown options, a recording with checkpoints or one larger than `maxEntries`.
 */
export function compileGradient(
  f: ScalarFunction,
  x: ArrayLike<number>,
  options?: CompileGradientOptions,
): CompiledGradient {
  const watching = watchFor('compileGradient', options, [
    'chunkSize',
    'maxLoopPeriod',
    'maxStraightLine',
    'maxEntries',
  ]);
  const chunkSize = options?.chunkSize ?? DEFAULT_COMPILE_CHUNK_SIZE;
  const maxLoopPeriod = options?.maxLoopPeriod ?? DEFAULT_MAX_LOOP_PERIOD;
  const maxStraightLine = options?.maxStraightLine ?? DEFAULT_MAX_STRAIGHT_LINE;
  const maxEntries = options?.maxEntries ?? DEFAULT_MAX_COMPILED_ENTRIES;
  for (const [name, value, least] of [
    ['chunkSize', chunkSize, 1],
    ['maxLoopPeriod', maxLoopPeriod, 0],
    ['maxStraightLine', maxStraightLine, 0],
    ['maxEntries', maxEntries, 1],
  ] as const) {
    if (!(Number.isInteger(value) || value === Number.POSITIVE_INFINITY) || value < least) {
      throw new UsageError(
        `compileGradient: ${name} must be an integer >= ${least}, got ${describeValue(value)}`,
      );
    }
  }
  checkFunction('compileGradient', f);
  const point = checkedPoint('compileGradient', x);
  return withPooledTape((tape, meter) => {
    const { output: result, session } = recordCall('compileGradient', tape, point, f, true);
    const { index: output, value } = scalarOutput('compileGradient', result, session);
    notePeak();
    watching(tape)?.checkValues();
    finishCall(tape, meter, options?.counters, 0);
    if (tape.length > maxEntries) {
      throw new UsageError(
        `compileGradient: the recording has ${tape.length} entries, more than maxEntries (${maxEntries})`,
      );
    }
    if (tape.segments.length > 0) {
      throw new UsageError(
        'compileGradient: f uses checkpoint/checkpointedLoop, whose segments re-run user code at every ' +
          'sweep; compile a version without checkpoints, or use record',
      );
    }
    const source = generateSource(tape, output, {
      chunkSize,
      maxPeriod: maxLoopPeriod,
      minEntries: MIN_LOOP_ENTRIES,
      callsPerFunction: PARTIAL_CALLS_PER_FUNCTION,
      maxStraightLine,
    });
    return assemble(source, tape.detach(), { inputSize: point.length, output, constantValue: value });
  });
}

interface Layout {
  readonly inputSize: number;
  /** f's entry, or -1 when f returned a plain number (`constantValue`, gradient 0). */
  readonly output: number;
  readonly constantValue: number;
}

type Generated = (...args: unknown[]) => void;
type Failure = (number: number, kind: number, recorded: number, a: number, b: number) => never;
type ReadFailure = (entry: number, now: number) => never;

/** What the message of a failed guard says, whether a generated block or a replayed one found it. */
const SITE: ReplaySite = { operation: 'compiled gradient', advice: 'compile again at this point' };

/**
 * Evaluates the generated source and wraps it in the checked function the caller gets. `tape` is the
 * recording, kept for its arrays (values and adjoints, partials) and for the blocks it replays itself.
 */
function assemble(source: GeneratedSource, tape: Tape, layout: Layout): CompiledGradient {
  const { inputSize, output, constantValue } = layout;
  const values = tape.values;
  const { partial0, partial1 } = tape;
  /** The point of the current call, for the guard's message. */
  let current: ArrayLike<number> = [];
  const fail: Failure = (number, kind, recorded, a, b) => {
    throw comparisonChangedError(SITE, current, number, COMPARISON_KINDS[kind]!, recorded === 1, a, b);
  };
  const failRead: ReadFailure = (entry, now) => {
    throw primalReadError(SITE, current, tape, entry, now);
  };
  const factory = new Function('R', 'strongZero', 'fail', 'failRead', source.body) as (
    rules: typeof RULES_BY_CODE,
    strongZero: typeof strongZeroProduct,
    failure: Failure,
    readFailure: ReadFailure,
  ) => Record<string, Generated>;
  const generated = factory(RULES_BY_CODE, strongZeroProduct, fail, failRead);

  // One list of steps per pass. Replayed blocks compute their partials with their values, as the tape does.
  const forward: (() => void)[] = [];
  const partials: (() => void)[] = [];
  const backward: (() => void)[] = [];
  for (const step of source.plan) {
    const { start, period, count } = step.block;
    if (step.kind === 'generated') {
      // Every generated function takes the tape's arrays, then the loop's arguments (if a loop).
      const call = (name: string) => {
        const target = generated[name]!;
        const args: unknown[] = [values, partial0, partial1, ...step.arguments];
        return () => Reflect.apply(target, undefined, args);
      };
      forward.push(call(step.forward));
      for (const name of step.partials) partials.push(call(name));
      if (step.backward !== null) backward.push(call(step.backward));
    } else {
      const range = { from: start, to: start + period * count, comparisonsBefore: step.comparisonsBefore };
      forward.push(() => tape.replay(current, values, SITE, range));
      if (start <= output) backward.push(() => tape.sweep(Math.min(range.to - 1, output), start));
    }
  }
  backward.reverse();

  const compiled = (x: ArrayLike<number>, gradient?: Float64Array): number => {
    loadPoint(x, values, inputSize);
    if (gradient !== undefined && !(gradient instanceof Float64Array && gradient.length === inputSize)) {
      throw gradientMismatch(gradient, inputSize);
    }
    current = x;
    for (let i = 0; i < forward.length; i++) forward[i]!();
    current = [];
    if (output < 0) {
      gradient?.fill(0);
      return constantValue;
    }
    const value = values[output]!;
    if (gradient !== undefined) {
      for (let i = 0; i < partials.length; i++) partials[i]!();
      // From here on the values array holds adjoints, as in the tape: the sweep needs only partials.
      values.fill(0);
      values[output] = 1;
      for (let i = 0; i < backward.length; i++) backward[i]!();
      for (let i = 0; i < inputSize; i++) gradient[i] = values[i]!;
    }
    return value;
  };
  const entriesOf = (steps: readonly PlanStep[]) =>
    steps.reduce((total, step) => total + step.block.count * step.block.period, 0);
  const loops = source.plan.filter((step) => step.block.count > 1);
  return Object.assign(compiled, {
    inputSize,
    entries: tape.length,
    functions: Object.keys(generated).length,
    loops: loops.length,
    entriesInLoops: entriesOf(loops),
    entriesReplayed: entriesOf(source.plan.filter((step) => step.kind === 'replayed')),
    sourceLength: source.body.length,
  });
}

/** Copies x into the first entries of `values`, checking its length and that every entry is finite. */
function loadPoint(x: ArrayLike<number>, values: Float64Array, inputSize: number): void {
  if (x === null || typeof x !== 'object' || typeof x.length !== 'number') {
    throw new UsageError(`compiled gradient: x must be an array of numbers, got ${describeValue(x)}`);
  }
  if (x.length !== inputSize) {
    throw new ShapeError(
      'compiled gradient',
      `x has length ${x.length} but the compiled function has ${inputSize} inputs`,
    );
  }
  for (let i = 0; i < inputSize; i++) {
    const value = x[i];
    // The common case first, without building the element's name for a message.
    values[i] =
      typeof value === 'number' && Number.isFinite(value)
        ? value
        : checkedNumber('compiled gradient', value, `x[${i}]`);
  }
}

function gradientMismatch(gradient: unknown, inputSize: number): Error {
  if (!(gradient instanceof Float64Array)) {
    return new UsageError(
      `compiled gradient: gradient must be a Float64Array of length ${inputSize}, got ${describeValue(gradient)}`,
    );
  }
  return new ShapeError(
    'compiled gradient',
    `gradient has length ${gradient.length} but the compiled function has ${inputSize} inputs`,
  );
}
