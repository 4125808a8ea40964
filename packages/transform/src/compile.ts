/**
 * `compile(f)`: plain JavaScript in, generated derivative code out. The function is read, lowered and
 * analysed once; the lifted function and the tangent code for each lane count are generated on first use and
 * kept. Calls check their inputs like every mode (non-empty, finite numbers, matching lengths) without
 * copying them: generated code never writes into its arguments.
 */
import {
  checkDirection,
  checkPoint,
  defaultChunkSize,
  RULES,
  type ScalarFunction,
  ShapeError,
  strongZeroProduct,
  UsageError,
} from '@dualtape/core';
import { inputAliases } from './activity.js';
import { adjointSource } from './emit/adjoint.js';
import { liftSource } from './emit/lift.js';
import { tangentSource } from './emit/tangent.js';
import { caretExcerpt } from './errors.js';
import type { Origin } from './ir.js';
import { instantiateLift } from './lift.js';
import { analyse, type SourceOptions } from './pipeline.js';
import { errorClassNamed } from './resolve.js';

/** Options of `compile`. */
export interface CompileOptions extends SourceOptions {
  /**
   * Tangent lanes per generated forward pass for `jacobian`. @default defaultChunkSize(N) at each call (N
   * up to 12 lanes in one pass, beyond that ceil(N / ceil(N/12)), as ForwardDiff.jl and dualtape's chunked duals)
   */
  readonly chunkSize?: number;
}

/** The value and the directional derivative at a point, as the dual numbers' `jvp` gives them. */
export interface TransformJvp {
  /** f(x), M values (1 for a function that returns a number). */
  readonly value: Float64Array;
  /** J·v, M values. */
  readonly tangent: Float64Array;
}

/** f(x) and uᵀ·J(x) from one run of the adjoint code. */
export interface TransformVjp {
  /** f(x), M values. */
  readonly value: Float64Array;
  /** uᵀ·J(x): the cotangent of x, N values. */
  readonly cotangent: Float64Array;
}

/** f(x) and ∇f(x) from one run of the adjoint code. */
export interface TransformValueAndGradient {
  readonly value: number;
  readonly gradient: Float64Array;
}

/** What the last run of the adjoint code kept for its reverse sweep. */
export interface AdjointStats {
  /** Bytes pushed by the forward sweep: saved values (8 B), segment numbers (4 B), array references (8 B). */
  readonly bytesSaved: number;
  /** Bytes the reusable stacks hold (their capacity, which only grows until `releaseMemory`). */
  readonly peakBytes: number;
  /** Segments of the function the reverse sweep can replay. */
  readonly segments: number;
}

/** Options of `CompiledFunction.jacobian`. */
export interface TransformJacobianOptions {
  /**
   * How the Jacobian is computed: `'forward'`, ceil(N/k) passes of the tangent code, or `'reverse'`, one
   * run of the adjoint code per output row. @default 'forward'
   */
  readonly mode?: 'forward' | 'reverse';
  /** Tangent lanes per pass; overrides `compile`'s. @default compile's chunkSize, else defaultChunkSize(N) */
  readonly chunkSize?: number;
}

/** The generated code of a compiled function, for reading (`dualtape transform` prints it). */
export interface TransformSources {
  /** The function on core's free functions (what `lift` runs). */
  readonly lift: string;
  /**
   * The tangent code carrying `lanes` tangents per pass (1 for `jvp`). `exact` shows the variant with the
   * NaN guard and the strong-zero product that runs when the fast code's outputs are NaN. @default lanes 1, exact false
   */
  tangent(lanes?: number, exact?: boolean): string;
  /** The adjoint code (forward sweep and reverse sweep); `exact` as for `tangent`. @default exact false */
  adjoint(exact?: boolean): string;
}

/** A statement of f's source, as a location for messages: the statement the lifted function was running. */
export interface SourceStatement {
  /** The function it belongs to (an inlined helper's own name inside the helper). */
  readonly functionName: string;
  /** 1-based line in the source text the transform read (a module's text, or the function's). */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** The statement's first line. */
  readonly text: string;
  /** The source line with a caret under the statement's start (two lines). */
  readonly excerpt: string;
}

/** The lifted function, noting which source statement it is running (for locating an anomaly). */
export interface LiftTrace {
  /** The lifted function (as `CompiledFunction.lift`), setting the current statement as it goes. */
  readonly fn: ScalarFunction;
  /** The statement it last began, or undefined before its first. */
  current(): SourceStatement | undefined;
}

/** A function compiled by source transformation. */
export interface CompiledFunction {
  /** The source name of the function (or 'f'). */
  readonly name: string;
  /** Whether the function returns a number or an array. */
  readonly output: 'scalar' | 'vector';
  /** The same function on core's free functions: runs in every overloading mode. */
  readonly lift: ScalarFunction;
  /**
   * The lifted function again, noting the source statement it is running: run it where `lift` raised an
   * error (an anomaly, say) and `current()` is the statement that raised it. Generated on first use.
   */
  traceLift(): LiftTrace;
  /** f(x) from the lifted function on plain numbers. */
  value(x: ArrayLike<number>, ...data: unknown[]): number | Float64Array;
  /** f(x) and J(x)·v in one pass of the tangent code. */
  jvp(x: ArrayLike<number>, v: ArrayLike<number>, ...data: unknown[]): TransformJvp;
  /** The M×N Jacobian (`rows[i][j]` = ∂fᵢ/∂xⱼ; a scalar function gives one row, its gradient). */
  jacobian(x: ArrayLike<number>, options?: TransformJacobianOptions, ...data: unknown[]): Float64Array[];
  /**
   * ∇f(x) of a function returning a number, by one run of the adjoint code, written into `out` (a
   * Float64Array of length N, overwritten) or a new array.
   */
  gradient(x: ArrayLike<number>, out?: Float64Array, ...data: unknown[]): Float64Array;
  /** f(x) and ∇f(x) by one run of the adjoint code (`out` as for `gradient`). */
  valueAndGradient(x: ArrayLike<number>, out?: Float64Array, ...data: unknown[]): TransformValueAndGradient;
  /** f(x) and uᵀ·J(x) for a cotangent `u` of length M, by one run of the adjoint code. */
  vjp(x: ArrayLike<number>, u: ArrayLike<number>, ...data: unknown[]): TransformVjp;
  /** What the last adjoint run saved, and what its stacks hold. */
  readonly stats: AdjointStats;
  /** Lets the adjoint code's stacks shrink back to their initial size. */
  releaseMemory(): void;
  /** The generated code. */
  readonly source: TransformSources;
}

interface AdjointRunner {
  readonly run: (x: ArrayLike<number>, x_b: Float64Array, seed: unknown, ...data: unknown[]) => unknown;
  readonly saved: () => number;
  /** The sum of everything the last run added into x_b: NaN exactly when some entry of x_b may be NaN. */
  readonly checksum: () => number;
  /** Whether the last run found a loop counter that was not an integer (the exact code must run instead). */
  readonly inexact: () => boolean;
  readonly capacity: () => number;
  readonly release: () => void;
  /** Cuts every loop to no iterations while on (see emit/writer.ts's WARM_UP). */
  readonly warm: (on: boolean) => void;
}

interface TangentRunner {
  /** `run(x, x_d, ...data)`, or `run(x, first, ...data)` for block-seeded code. */
  readonly run: (x: ArrayLike<number>, seed: ArrayLike<number> | number, ...data: unknown[]) => unknown;
  readonly lanes: Float64Array;
  readonly arrayTangent: () => ArrayLike<number> | null;
  /** NaN when the last run read a non-finite entry of x (or v) whose test it deferred (emit/tangent.ts). */
  readonly inputSum: () => number;
  readonly warm: (on: boolean) => void;
}

/**
 * Runs generated code with every loop cut to one iteration (see emit/writer.ts's WARM_UP) before its first
 * real run, so it ends; what it computes is thrown away, and so is an error (the
 * real run raises it again if it is real). Several times, because V8 collects type feedback only once a
 * function has run about eight times its own size in bytecode.
 */
function warmUp(runner: { readonly warm: (on: boolean) => void }, run: () => unknown): void {
  runner.warm(true);
  try {
    for (let k = 0; k < WARM_UP_RUNS; k++) run();
  } catch {
    // the real run follows
  } finally {
    runner.warm(false);
  }
}

/** How many warm-up runs (each one iteration of each loop). */
const WARM_UP_RUNS = 40;

const ERRORS = new Proxy({}, { get: (_target, name) => errorClassNamed(String(name)) });

/**
 * Compiles plain JavaScript — a function object (its text) or a module's text with `entry` — into a lifted
 * function and tangent code generated from dualtape's rule table. The first parameter is the input vector x;
 * further parameters are constant data passed through (`jvp(x, v, ...data)`).
 *
 * @throws TransformError for JavaScript outside the supported language (the package README's table), naming
 *   the construct with line:column and a caret.
 * @example compile((x) => x[0] * x[0] + Math.sin(x[1])).jvp([1, 2], [1, 0]).tangent // Float64Array [2]
 */
export function compile(
  f: ((...args: never[]) => unknown) | string,
  options: CompileOptions = {},
): CompiledFunction {
  checkOptions(options);
  const { program, fn, activity } = analyse(f, options);
  const bound = program.bound;
  const lifted = liftSource(fn, activity);
  const liftFn = instantiateLift<(...args: unknown[]) => unknown>(lifted.body, bound);
  // Per lane count: the fast tangent code, and the exact one it falls back to when an output is NaN.
  const tangents = new Map<string, { runner: TangentRunner; text: string }>();
  const tangent = (lanes: number, exact = false, block = false) => {
    const key = `${lanes}${exact ? 'exact' : ''}${block ? 'block' : ''}`;
    let entry = tangents.get(key);
    if (entry === undefined) {
      const generated = tangentSource(fn, activity, lanes, exact, block);
      const factory = new Function(
        '$rules',
        '$errors',
        '$strongZero',
        '$badInput',
        ...bound.map((b) => b.name),
        generated.body,
      ) as (...args: unknown[]) => TangentRunner;
      entry = {
        runner: factory(RULES, ERRORS, strongZeroProduct, badInput, ...bound.map((b) => b.value)),
        text: generated.text,
      };
      tangents.set(key, entry);
    }
    return entry;
  };
  // What generated code calls when an entry of x (or of the caller's direction) it reads is not a finite
  // number: the call's own checks then name the problem, as every mode's would.
  let call: { operation: string; x: ArrayLike<number>; v: ArrayLike<number> | undefined } | undefined;
  const badInput = (index: number): never => {
    const { operation, x, v } = call!;
    if (!Number.isInteger(index) || index < 0 || index >= x.length) {
      throw new UsageError(`${operation}: f reads x[${index}], but x has ${x.length} entries`);
    }
    checkPoint(operation, x);
    if (v !== undefined) checkDirection(operation, v, x.length);
    throw new Error(
      `${operation}: generated code reported entry ${index} of x, which is finite (a bug in the transform)`,
    );
  };
  /** The fast code, warmed up on its first run's arguments. */
  const warmed = new WeakSet<object>();
  const ready = <R extends { readonly warm: (on: boolean) => void }>(runner: R, run: () => unknown): R => {
    if (!warmed.has(runner)) {
      warmed.add(runner);
      warmUp(runner, run);
    }
    return runner;
  };
  /** Runs the fast tangent code, and the exact code instead when an output value or tangent came out NaN. */
  const runTangent = (lanes: number, point: ArrayLike<number>, seed: ArrayLike<number>, data: unknown[]) => {
    const code = tangent(lanes).runner;
    const fast = ready(code, () => code.run(point, seed, ...data));
    const y = fast.run(point, seed, ...data);
    if (!hasNaN(y, fast, output, lanes)) return { y, runner: fast };
    const exact = tangent(lanes, true).runner;
    return { y: exact.run(point, seed, ...data), runner: exact };
  };
  const output = fn.returns === 'array' ? 'vector' : 'scalar';
  // Where x's references cannot be mixed up with other arrays, the generated code checks each entry of x it
  // reads (and a jvp's direction there), and Jacobian passes read x's seed lanes from the block they seed;
  // otherwise x and v are checked whole before the call, and Jacobian passes take a seed matrix.
  const blockSeeds = inputAliases(fn, activity) !== undefined;
  const checkedPoint = (operation: string, x: ArrayLike<number>) =>
    blockSeeds ? shapeCheckedPoint(operation, x) : finitePoint(operation, x);
  const checkedDirection = (operation: string, v: ArrayLike<number>, length: number) =>
    blockSeeds ? shapeCheckedDirection(operation, v, length) : finiteDirection(operation, v, length);

  const adjoints = new Map<boolean, { runner: AdjointRunner; text: string; segments: number }>();
  const adjoint = (exact: boolean) => {
    let entry = adjoints.get(exact);
    if (entry === undefined) {
      const generated = adjointSource(fn, activity, exact);
      const factory = new Function(
        '$rules',
        '$errors',
        '$strongZero',
        '$badInput',
        ...bound.map((b) => b.name),
        generated.body,
      ) as (...args: unknown[]) => AdjointRunner;
      entry = {
        runner: factory(RULES, ERRORS, strongZeroProduct, badInput, ...bound.map((b) => b.value)),
        text: generated.text,
        segments: generated.segments,
      };
      adjoints.set(exact, entry);
    }
    return entry;
  };
  let lastRunner: AdjointRunner | undefined;
  /**
   * Runs the fast adjoint code into `gradient`, and the exact code instead when the value or a gradient
   * entry came out NaN (see emit/adjoint.ts).
   */
  const runAdjoint = (
    point: ArrayLike<number>,
    seed: unknown,
    gradient: Float64Array,
    data: unknown[],
  ): unknown => {
    const code = adjoint(false).runner;
    const fast = ready(code, () => code.run(point, gradient, seed, ...data));
    gradient.fill(0);
    lastRunner = fast;
    const y = fast.run(point, gradient, seed, ...data);
    if (!fast.inexact() && !valueHasNaN(y) && !Number.isNaN(fast.checksum())) return y;
    gradient.fill(0);
    const exact = adjoint(true).runner;
    lastRunner = exact;
    return exact.run(point, gradient, seed, ...data);
  };
  const gradientOut = (operation: string, out: Float64Array | undefined, n: number): Float64Array => {
    if (out === undefined) return new Float64Array(n);
    if (!(out instanceof Float64Array) || out.length !== n) {
      throw new ShapeError(
        operation,
        `out must be a Float64Array of length ${n} (x's length), got ${describeOut(out)}`,
      );
    }
    return out;
  };
  const valueAndGradient = (
    x: ArrayLike<number>,
    out?: Float64Array,
    ...data: unknown[]
  ): TransformValueAndGradient => {
    if (output !== 'scalar') {
      throw new ShapeError(
        'gradient',
        'f returns an array: a gradient needs a number; use vjp(x, u) or jacobian(x)',
      );
    }
    const point = checkedPoint('gradient', x);
    call = { operation: 'gradient', x: point, v: undefined };
    const gradient = gradientOut('gradient', out, point.length);
    const value = checkedNumber('gradient', runAdjoint(point, 1, gradient, data));
    return { value, gradient };
  };
  const vjp = (x: ArrayLike<number>, u: ArrayLike<number>, ...data: unknown[]): TransformVjp => {
    const point = checkedPoint('vjp', x);
    call = { operation: 'vjp', x: point, v: undefined };
    const cotangent = new Float64Array(point.length);
    if (output === 'scalar') {
      const seed = checkDirection('vjp', u, 1, 'u', "f's output");
      const value = checkedNumber('vjp', runAdjoint(point, seed[0], cotangent, data));
      return { value: Float64Array.of(value), cotangent };
    }
    const seedFor = (m: number) => checkDirection('vjp', u, m, 'u', "f's output");
    const value = checkedVector('vjp', runAdjoint(point, seedFor, cotangent, data));
    return { value, cotangent };
  };
  const reverseJacobian = (point: ArrayLike<number>, data: unknown[]): Float64Array[] => {
    call = { operation: 'jacobian', x: point, v: undefined };
    if (output === 'scalar') {
      const row = new Float64Array(point.length);
      checkedNumber('jacobian', runAdjoint(point, 1, row, data));
      return [row];
    }
    const first = checkedVector('jacobian', liftFn(point, ...data));
    const rows: Float64Array[] = [];
    for (let i = 0; i < first.length; i++) {
      const row = new Float64Array(point.length);
      const unit = (m: number) => {
        if (m !== first.length) {
          throw new ShapeError(
            'jacobian',
            `f returned ${m} outputs in one run and ${first.length} in another`,
          );
        }
        const seed = new Float64Array(m);
        seed[i] = 1;
        return seed;
      };
      runAdjoint(point, unit, row, data);
      rows.push(row);
    }
    return rows;
  };

  const jvp = (x: ArrayLike<number>, v: ArrayLike<number>, ...data: unknown[]): TransformJvp => {
    const point = checkedPoint('jvp', x);
    const direction = checkedDirection('jvp', v, point.length);
    call = { operation: 'jvp', x: point, v: direction };
    const { y, runner } = runTangent(1, point, direction, data);
    if (output === 'scalar') {
      return { value: Float64Array.of(checkedNumber('jvp', y)), tangent: Float64Array.of(runner.lanes[0]!) };
    }
    const values = checkedVector('jvp', y);
    const lanes = runner.arrayTangent();
    const tangentValues = new Float64Array(values.length);
    if (lanes !== null) for (let i = 0; i < values.length; i++) tangentValues[i] = lanes[i]!;
    return { value: values, tangent: tangentValues };
  };

  const jacobian = (
    x: ArrayLike<number>,
    jacobianOptions: TransformJacobianOptions = {},
    ...data: unknown[]
  ): Float64Array[] => {
    checkJacobianOptions(jacobianOptions);
    const point = checkedPoint('jacobian', x);
    if (jacobianOptions.mode === 'reverse') return reverseJacobian(point, data);
    call = { operation: 'jacobian', x: point, v: undefined };
    const n = point.length;
    const k = chunkSizeFor(jacobianOptions.chunkSize ?? options.chunkSize, n);
    let seed: Float64Array | undefined;
    let rows: Float64Array[] | undefined;
    for (let first = 0; first < n; first += k) {
      const width = Math.min(k, n - first);
      // The block-seeded fast code takes the block's first input instead of a seed matrix; the exact code,
      // for a pass whose outputs came out NaN, takes the seeds.
      let runner: TangentRunner;
      let y: unknown;
      const blockCode = blockSeeds ? tangent(k, false, true).runner : undefined;
      const block = blockCode && ready(blockCode, () => blockCode.run(point, first, ...data));
      if (block !== undefined && !hasNaN((y = block.run(point, first, ...data)), block, output, k)) {
        runner = block;
      } else {
        seed ??= new Float64Array(n * k);
        for (let j = 0; j < width; j++) seed[(first + j) * k + j] = 1;
        ({ y, runner } = runTangent(k, point, seed, data));
        for (let j = 0; j < width; j++) seed[(first + j) * k + j] = 0;
      }
      if (output === 'scalar') {
        checkedNumber('jacobian', y);
        rows ??= [new Float64Array(n)];
        for (let j = 0; j < width; j++) rows[0]![first + j] = runner.lanes[j]!;
        continue;
      }
      const values = checkedVector('jacobian', y);
      if (rows === undefined) rows = Array.from({ length: values.length }, () => new Float64Array(n));
      else if (rows.length !== values.length) {
        throw new ShapeError(
          'jacobian',
          `f returned ${values.length} outputs in one pass and ${rows.length} in another`,
        );
      }
      const lanes = runner.arrayTangent();
      if (lanes === null) continue;
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        for (let j = 0; j < width; j++) row[first + j] = lanes[i * k + j]!;
      }
    }
    return rows ?? [];
  };

  let trace: LiftTrace | undefined;
  const traceLift = (): LiftTrace => {
    if (trace !== undefined) return trace;
    const traced = liftSource(fn, activity, true);
    const [tracedFn, here] = instantiateLift<[ScalarFunction, () => number]>(traced.body, bound);
    const statements = traced.origins.map(sourceStatement);
    trace = { fn: tracedFn, current: () => statements[here()] };
    return trace;
  };

  return {
    name: fn.name,
    output,
    lift: liftFn as unknown as ScalarFunction,
    traceLift,
    value: (x, ...data) => {
      const y = liftFn(shapeCheckedPoint('value', x), ...data);
      return output === 'scalar' ? checkedNumber('value', y) : checkedVector('value', y);
    },
    jvp,
    jacobian,
    gradient: (x, out, ...data) => valueAndGradient(x, out, ...data).gradient,
    valueAndGradient,
    vjp,
    get stats(): AdjointStats {
      const entry = adjoint(false);
      return {
        bytesSaved: lastRunner?.saved() ?? 0,
        peakBytes: Math.max(entry.runner.capacity(), adjoints.get(true)?.runner.capacity() ?? 0),
        segments: entry.segments,
      };
    },
    releaseMemory: () => {
      for (const { runner } of adjoints.values()) runner.release();
    },
    source: {
      lift: lifted.text,
      tangent: (lanes = 1, exact = false) => tangent(checkedLanes(lanes), exact).text,
      adjoint: (exact = false) => adjoint(exact).text,
    },
  };
}

function sourceStatement(origin: Origin): SourceStatement {
  const { line, column } = origin.position;
  return {
    functionName: origin.functionName,
    line,
    column: column + 1,
    text: origin.text,
    excerpt: caretExcerpt(origin.source, origin.position),
  };
}

/** Whether a value (a number or the entries of an array) is NaN. */
function valueHasNaN(y: unknown): boolean {
  if (typeof y === 'number') return Number.isNaN(y);
  if (y !== null && typeof y === 'object') {
    const values = y as ArrayLike<number>;
    for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) return true;
  }
  return false;
}

function describeOut(out: unknown): string {
  if (out instanceof Float64Array) return `a Float64Array of length ${out.length}`;
  return out === null
    ? 'null'
    : typeof out === 'object'
      ? (out.constructor?.name ?? 'an object')
      : typeof out;
}

/** Whether an output value or output tangent lane of a fast tangent pass is NaN. */
function hasNaN(y: unknown, runner: TangentRunner, output: 'scalar' | 'vector', lanes: number): boolean {
  if (Number.isNaN(runner.inputSum())) return true;
  if (output === 'scalar') {
    if (typeof y === 'number' && Number.isNaN(y)) return true;
    for (let j = 0; j < lanes; j++) if (Number.isNaN(runner.lanes[j]!)) return true;
    return false;
  }
  const values = y as ArrayLike<number> | null;
  if (values !== null && typeof values === 'object') {
    for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) return true;
  }
  const tangents = runner.arrayTangent();
  if (tangents !== null) for (let i = 0; i < tangents.length; i++) if (Number.isNaN(tangents[i])) return true;
  return false;
}

const COMPILE_OPTIONS = new Set(['entry', 'scope', 'chunkSize']);
const JACOBIAN_OPTIONS = new Set(['mode', 'chunkSize']);

function checkOptions(options: CompileOptions): void {
  for (const key of Object.keys(options)) {
    if (!COMPILE_OPTIONS.has(key)) {
      throw new UsageError(
        `compile: unknown option '${key}' (the options are ${[...COMPILE_OPTIONS].join(', ')})`,
      );
    }
  }
  if (options.chunkSize !== undefined) checkedLanes(options.chunkSize);
  if (options.scope !== undefined && (options.scope === null || typeof options.scope !== 'object')) {
    throw new UsageError('compile: scope must be an object of names and values');
  }
}

function checkJacobianOptions(options: TransformJacobianOptions): void {
  for (const key of Object.keys(options)) {
    if (!JACOBIAN_OPTIONS.has(key)) {
      throw new UsageError(
        `jacobian: unknown option '${key}' (the options are ${[...JACOBIAN_OPTIONS].join(', ')})`,
      );
    }
  }
  if (options.mode !== undefined && options.mode !== 'forward' && options.mode !== 'reverse') {
    throw new UsageError(
      `jacobian: mode must be 'forward' or 'reverse', got ${JSON.stringify(options.mode)}`,
    );
  }
}

function checkedLanes(lanes: number): number {
  if (!Number.isInteger(lanes) || lanes < 1 || lanes > 64) {
    throw new UsageError(`chunkSize must be an integer from 1 to 64, got ${lanes}`);
  }
  return lanes;
}

function chunkSizeFor(requested: number | undefined, n: number): number {
  if (requested === undefined) return defaultChunkSize(n);
  checkedLanes(requested);
  return Math.min(requested, n);
}

/** x as it is, when it is a non-empty array-like (for `value`, which runs f as it is). */
function shapeCheckedPoint(operation: string, x: ArrayLike<number>): ArrayLike<number> {
  if (x === null || typeof x !== 'object' || typeof x.length !== 'number' || x.length === 0)
    return checkPoint(operation, x);
  return x;
}

/** v as it is, when it is an array-like of x's length; core's checkDirection names the problem otherwise. */
function shapeCheckedDirection(operation: string, v: ArrayLike<number>, length: number): ArrayLike<number> {
  if (v === null || typeof v !== 'object' || v.length !== length) return checkDirection(operation, v, length);
  return v;
}

/**
 * x as it is, when it is a non-empty array-like of finite numbers: one pass and no copy (generated code reads
 * x itself). Core's checkPoint names the entry that is wrong otherwise.
 */
function finitePoint(operation: string, x: ArrayLike<number>): ArrayLike<number> {
  return allFinite(x) && x.length > 0 ? x : checkPoint(operation, x);
}

/** v as it is, when it is an array-like of finite numbers of x's length; core's checkDirection names the problem. */
function finiteDirection(operation: string, v: ArrayLike<number>, length: number): ArrayLike<number> {
  return allFinite(v) && v.length === length ? v : checkDirection(operation, v, length);
}

function allFinite(values: ArrayLike<number>): boolean {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') return false;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value !== 'number' || value - value !== 0) return false;
  }
  return true;
}

function checkedNumber(operation: string, y: unknown): number {
  if (typeof y !== 'number') {
    throw new UsageError(
      `${operation}: f returned ${y === undefined ? 'undefined (an index past the end of an array?)' : typeof y}, not a number`,
    );
  }
  return y;
}

function checkedVector(operation: string, y: unknown): Float64Array {
  if (y === null || typeof y !== 'object' || typeof (y as ArrayLike<number>).length !== 'number') {
    throw new UsageError(`${operation}: f returned ${String(y)}, not an array`);
  }
  const values = y as ArrayLike<unknown>;
  const result = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value !== 'number') {
      throw new UsageError(
        `${operation}: output ${i} of f is ${value === undefined ? 'undefined' : typeof value}, not a number`,
      );
    }
    result[i] = value;
  }
  return result;
}
