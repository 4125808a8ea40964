/**
 * The input and output checks every differentiation call runs (docs/contracts.md), written once so that
 * every mode refuses a bad function, point or output with the same error and the same words: `UsageError`
 * for the wrong kind of argument or output, `ShapeError` for an empty point, a direction of the wrong
 * length or several outputs where one is needed, `DomainError` naming the index of a non-finite entry.
 * Messages start with the operation, then the argument and index, then the offending value. A mode adds
 * its own reason for refusing nested numbers (`nestingNote`). What counts as one output value depends on
 * the mode's number type, so the modes test it and build their errors here.
 */
import { DIFFERENTIATION_OPTIONS, type DifferentiationOptions } from './counters.js';
import { DomainError, ShapeError, UsageError } from './errors.js';
import { closestName, editDistance } from './internal/names.js';
import type { Real, Scalar } from './real.js';

/** Characters of a string argument quoted in a message before it is cut with '…'. */
const QUOTED_STRING_LIMIT = 40;

/** Entries of a point a message shows before it is cut with '…'. */
const SHOWN_POINT_ENTRIES = 6;

/**
 * Checks a point `x` (a non-empty array-like of finite plain numbers) and returns a copy as a
 * Float64Array, so later writes to the caller's array cannot reach the computation.
 *
 * Errors: `UsageError` when `x` is not an array-like or an entry is not a number (a `Real` there gets
 * `nestingNote` appended: the mode's reason for not accepting an enclosing derivative's numbers);
 * `ShapeError` when `x` is empty; `DomainError` naming the index of a NaN or ±Infinity entry.
 *
 * @param operation the call that checks, first in every message, e.g. `'gradient'`.
 * @param name the argument's name in messages. @default 'x'
 * @param nestingNote why this call refuses a `Real` entry. @default none (the message says only what it got)
 * @example checkPoint('gradient', [1, 2]) // Float64Array [1, 2]
 */
export function checkPoint(operation: string, x: unknown, name = 'x', nestingNote?: string): Float64Array {
  const length = arrayLength(operation, x, name);
  if (length === 0) throw new ShapeError(operation, `${name} is empty; there is nothing to differentiate`);
  return finiteCopy(operation, x as ArrayLike<unknown>, length, name, nestingNote);
}

/**
 * Checks a direction or seed `v` against the length it must have (the point's length for a tangent, the
 * number of outputs for a cotangent) and returns a copy as a Float64Array.
 *
 * Errors: `UsageError` when `v` is not an array-like or an entry is not a number; `ShapeError` naming both
 * lengths when they differ; `DomainError` naming the index of a NaN or ±Infinity entry.
 *
 * @param operation the call that checks, first in every message, e.g. `'jvp'`.
 * @param expectedLength the length `v` must have.
 * @param name the argument's name in messages. @default 'v'
 * @param matching what `expectedLength` is the length of, in messages (e.g. `"f's output"`). @default 'x'
 * @param nestingNote why this call refuses a `Real` entry. @default none
 * @example checkDirection('jvp', [1, 0], 2) // Float64Array [1, 0]
 */
export function checkDirection(
  operation: string,
  v: unknown,
  expectedLength: number,
  name = 'v',
  matching = 'x',
  nestingNote?: string,
): Float64Array {
  const length = arrayLength(operation, v, name);
  if (length !== expectedLength) {
    throw new ShapeError(
      operation,
      `${name} has length ${length} but ${matching} has length ${expectedLength}; they must match`,
    );
  }
  return finiteCopy(operation, v as ArrayLike<unknown>, length, name, nestingNote);
}

/**
 * Checks that `f` is a function and returns it, before anything calls it (a bad `f` would otherwise
 * surface as a TypeError from deep inside).
 *
 * Errors: `UsageError` naming what `f` is.
 *
 * @param operation the call that checks, first in the message, e.g. `'gradient'`.
 * @param name the argument's name in the message. @default 'f'
 * @example checkFunction('gradient', 42) // throws UsageError: gradient: f must be a function, got 42
 */
export function checkFunction<F>(operation: string, f: F, name = 'f'): F {
  if (typeof f !== 'function') {
    throw new UsageError(`${operation}: ${name} must be a function, got ${describeValue(f)}`);
  }
  return f;
}

/**
 * The error for a function that returned several values where `operation` needs one (R^N -> R), e.g.
 * `gradient` of a vector function. `returned` says what it returned (`describeValue(y)`, or `'an array'`
 * where only that is known).
 */
export function singleOutputError(operation: string, returned: string): ShapeError {
  return new ShapeError(
    operation,
    `f returned ${returned}; ${operation} needs a function with one output (use jacobian or vjp for a vector function)`,
  );
}

/**
 * The error for an output of f that is not a number of the call: the value f returned (`index`
 * undefined) or the entry `index` of the array it returned. `expected` says what was expected.
 *
 * @param expected @default 'a number'
 */
export function outputTypeError(
  operation: string,
  output: unknown,
  index?: number,
  expected = 'a number',
): UsageError {
  const what = index === undefined ? 'f returned' : `f's output [${index}] is`;
  return new UsageError(`${operation}: ${what} ${describeValue(output)}, not ${expected}`);
}

/**
 * Checks one finite plain number (the point of `derivative`, a step, an entry) and returns it.
 *
 * Errors: `UsageError` when `value` is not a number (a `Real` gets `nestingNote` appended);
 * `DomainError` when it is NaN or ±Infinity.
 *
 * @param operation the call that checks, first in every message.
 * @param name the argument's name in messages, e.g. `'x'`.
 * @param nestingNote why this call refuses a `Real`. @default none
 * @example checkNumber('derivative', 0.5, 'x') // 0.5
 */
export function checkNumber(operation: string, value: unknown, name: string, nestingNote?: string): number {
  // x - x is 0 exactly for finite numbers and NaN for NaN and ±Infinity: one test for the common case.
  if (typeof value === 'number' && value - value === 0) return value;
  return refuse(operation, value, name, nestingNote);
}

/**
 * Checks an options object against the options the call knows: `undefined`, or an object whose every own
 * key is one of `known`. A misspelt or unknown option is a `UsageError` naming it (and the option it is
 * closest to, when one is close), never silently ignored; an options argument that is not an object is a
 * `UsageError` too. Values are the call's to check.
 *
 * @param operation the call that checks, first in every message, e.g. `'gradient'`.
 * @param options what the caller passed.
 * @param known every option the call takes.
 * @example checkOptions('gradient', { chunksize: 4 }, ['chunkSize', 'counters'])
 * // UsageError: gradient: unknown option 'chunksize' (did you mean 'chunkSize'?); it takes chunkSize, counters
 */
export function checkOptions(operation: string, options: unknown, known: readonly string[]): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new UsageError(`${operation}: options must be an object, got ${describeValue(options)}`);
  }
  for (const key in options) {
    if (!Object.hasOwn(options, key) || known.includes(key)) continue;
    const suggestion = optionMeant(key, known);
    const hint = suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`;
    const takes = known.length === 0 ? 'it takes no options' : `it takes ${known.join(', ')}`;
    throw new UsageError(`${operation}: unknown option '${key}'${hint}; ${takes}`);
  }
}

/**
 * The option a misspelt key most likely means: core's `closestName`, kept only when it is a plausible
 * typo of a word this long (a third of its letters at most, or two) or the key is its start (`maxLoop`
 * for `maxLoopPeriod`). Option names share prefixes and suffixes, so a looser match misleads
 * (`chunkSize` is not a typo of `counters`).
 */
function optionMeant(key: string, known: readonly string[]): string | undefined {
  const wanted = key.toLowerCase();
  if (wanted.length >= 3) {
    const extended = known.find((name) => name.toLowerCase().startsWith(wanted));
    if (extended !== undefined) return extended;
  }
  const closest = closestName(key, known);
  if (closest === undefined) return undefined;
  const allowed = Math.max(2, Math.ceil(wanted.length / 3));
  return editDistance(wanted, closest.toLowerCase()) <= allowed ? closest : undefined;
}

/**
 * The check every differentiation call runs on its options: `checkOptions` against core's
 * `DifferentiationOptions` (`counters`, `detectAnomaly`) plus the call's own `extra` options, and
 * `detectAnomaly` must be a boolean. Returns whether anomalies are to be watched.
 *
 * @example checkDifferentiationOptions('gradient', { chunkSize: 4 }, ['chunkSize']) // false
 */
export function checkDifferentiationOptions(
  operation: string,
  options: DifferentiationOptions | undefined,
  extra: readonly string[] = [],
): boolean {
  checkOptions(operation, options, [...DIFFERENTIATION_OPTIONS, ...extra]);
  const detect = options?.detectAnomaly ?? false;
  if (typeof detect !== 'boolean') {
    throw new UsageError(`${operation}: detectAnomaly must be true or false, got ${describeValue(detect)}`);
  }
  return detect;
}

/**
 * A short description of any value for error messages ("got …"): numbers, booleans and `undefined` as
 * written, `the string 'abc'`, `null`, `an array of length 3`, `a Float64Array of length 2`,
 * `a function`, `an object`, and other objects by their class, e.g. `a Dual`. Never throws.
 *
 * @example describeValue([1, 2]) // 'an array of length 2'
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string': {
      const shown = value.length > QUOTED_STRING_LIMIT ? `${value.slice(0, QUOTED_STRING_LIMIT)}…` : value;
      return `the string '${shown}'`;
    }
    case 'function':
      return 'a function';
    case 'symbol':
      return value.toString();
    case 'bigint':
      return `${value}n`;
    case 'object':
      return describeObject(value);
    default:
      return String(value);
  }
}

/**
 * A point as messages show it: its first entries as written, then how many there are when it is longer.
 *
 * @example describePoint([1, 2]) // '[1, 2]'
 * @example describePoint(new Float64Array(10)) // '[0, 0, 0, 0, 0, 0, … (10 values)]'
 */
export function describePoint(point: ArrayLike<number>): string {
  const shown = Array.from({ length: Math.min(SHOWN_POINT_ENTRIES, point.length) }, (_, i) =>
    String(point[i]),
  ).join(', ');
  return `[${shown}${point.length > SHOWN_POINT_ENTRIES ? `, … (${point.length} values)` : ''}]`;
}

function describeObject(value: object | null): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  const className = classNameOf(value);
  if (className === undefined || className === 'Object') return 'an object';
  const described = `${/^[AEIO]/i.test(className) ? 'an' : 'a'} ${className}`;
  // Only a typed array's own length is read: another object's getter could throw or lie.
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return described;
  return `${described} of length ${(value as unknown as ArrayLike<unknown>).length}`;
}

function classNameOf(value: object): string | undefined {
  try {
    const name: unknown = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' && name !== '' ? name : undefined;
  } catch {
    // A proxy or an object with a throwing getter: describing it must not replace the real error.
    return undefined;
  }
}

/** The length of an array-like argument, or a `UsageError` naming what was given instead. */
function arrayLength(operation: string, x: unknown, name: string): number {
  const length = typeof x === 'object' && x !== null ? (x as { length?: unknown }).length : undefined;
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) {
    throw new UsageError(`${operation}: ${name} must be an array of numbers, got ${describeValue(x)}`);
  }
  return length;
}

/**
 * The entries of `values` as a new Float64Array; the first entry that is not a finite number throws. The
 * loop only tests and copies: the entry's name for a message is built after a test has failed.
 */
function finiteCopy(
  operation: string,
  values: ArrayLike<unknown>,
  length: number,
  name: string,
  nestingNote: string | undefined,
): Float64Array {
  if (values instanceof Float64Array) {
    const copy = values.slice();
    for (let i = 0; i < length; i++) {
      if (copy[i]! - copy[i]! !== 0) refuseEntry(operation, copy[i], name, i, nestingNote);
    }
    return copy;
  }
  const copy = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const value = values[i];
    if (typeof value === 'number' && value - value === 0) copy[i] = value;
    else refuseEntry(operation, value, name, i, nestingNote);
  }
  return copy;
}

function refuseEntry(
  operation: string,
  value: unknown,
  name: string,
  index: number,
  nestingNote: string | undefined,
): never {
  return refuse(operation, value, `${name}[${index}]`, nestingNote);
}

/** Throws the error for a value that is not a finite plain number. */
function refuse(operation: string, value: unknown, name: string, nestingNote: string | undefined): never {
  if (typeof value === 'number') {
    throw new DomainError(operation, `${name} is ${value}; it must be a finite number`);
  }
  if (looksLikeReal(value)) {
    const note = nestingNote === undefined ? '' : `; ${nestingNote}`;
    throw new UsageError(`${operation}: ${name} must be a plain number, got ${describeValue(value)}${note}`);
  }
  throw new UsageError(`${operation}: ${name} must be a number, got ${describeValue(value)}`);
}

/**
 * True for another differentiation's number (a `Real`). Tested by shape without reading `primal`, which a
 * reverse-mode variable refuses once its call has ended.
 */
function looksLikeReal(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || !('primal' in value)) return false;
  const candidate = value as { apply1?: unknown; apply2?: unknown };
  return typeof candidate.apply1 === 'function' && typeof candidate.apply2 === 'function';
}

/** True for a plain number or a `Real` (anything a write-once function may take or return as one value). */
export function isScalar(value: unknown): value is Scalar {
  if (typeof value === 'number') return true;
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Real>;
  return typeof candidate.primal === 'number' && typeof candidate.apply2 === 'function';
}

/**
 * Checks the inputs of a call that nests (forward mode's `derivative`/`gradient`, reverse mode's nested
 * tape): plain numbers come back as core's checked Float64Array copy, an
 * array holding an enclosing derivative's numbers as a `Scalar[]` whose values core has checked.
 */
export function checkScalarPoint(operation: string, x: unknown): Float64Array | Scalar[] {
  if (!holdsReal(x)) return checkPoint(operation, x);
  const inputs = Array.from(x);
  // Core sees each Real as its value, so a non-finite one is reported at its index like a number.
  checkPoint(
    operation,
    inputs.map((input) => (isScalar(input) && typeof input !== 'number' ? input.primal : input)),
  );
  return inputs as Scalar[];
}

/** True when `x` is an array-like with a `Real` entry; a scan of type tests only, before core's check. */
function holdsReal(x: unknown): x is ArrayLike<unknown> {
  if (typeof x !== 'object' || x === null || ArrayBuffer.isView(x)) return false;
  const values = x as ArrayLike<unknown>;
  const length = values.length;
  if (typeof length !== 'number') return false;
  for (let i = 0; i < length; i++) {
    const value = values[i];
    if (typeof value !== 'number' && isScalar(value)) return true;
  }
  return false;
}

/** Checks one input point of a univariate call, a plain number or an enclosing derivative's number. */
export function checkScalarNumber(operation: string, x: unknown): Scalar {
  if (isScalar(x) && typeof x !== 'number') {
    checkNumber(operation, x.primal, 'x');
    return x;
  }
  return checkNumber(operation, x, 'x');
}
