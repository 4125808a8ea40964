/**
 * Input checks and option resolution shared by every numeric call, so each call refuses bad input with
 * the same clear message (the call's name, the argument, the index) before evaluating anything.
 */
import { type Counters, DomainError, ShapeError, UsageError } from '@dualtape/core';
import { DEFAULT_HESSIAN_STEPS, DEFAULT_SCHEME, DEFAULT_STEPS, SCHEMES, type Scheme } from '../defaults.js';

/** The options every numeric differentiation call accepts (see `NumericOptions`). */
export interface RawOptions {
  readonly scheme?: Scheme;
  readonly step?: number;
  readonly counters?: Counters;
}

/** Options after defaults are applied. */
export interface ResolvedOptions {
  readonly scheme: Scheme;
  /** Relative step (scaled by max(1, |x|) at each coordinate). */
  readonly step: number;
  readonly counters: Counters | undefined;
}

/** Applies defaults and checks `scheme` and `step`; `order` picks first- or second-derivative steps. */
export function resolveOptions(
  call: string,
  options: RawOptions | undefined,
  order: 1 | 2,
  defaultScheme: Scheme = DEFAULT_SCHEME,
): ResolvedOptions {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new UsageError(`${call}: options must be an object, got ${describe(options)}`);
  }
  const scheme = options?.scheme ?? defaultScheme;
  if (!SCHEMES.includes(scheme)) {
    throw new UsageError(
      `${call}: unknown scheme ${describe(scheme)}; expected one of ${SCHEMES.map((s) => `'${s}'`).join(', ')}`,
    );
  }
  const step = options?.step ?? (order === 1 ? DEFAULT_STEPS[scheme] : DEFAULT_HESSIAN_STEPS[scheme]);
  if (typeof step !== 'number' || !(step > 0) || !Number.isFinite(step)) {
    throw new UsageError(`${call}: step must be a positive finite number, got ${describe(step)}`);
  }
  return { scheme, step, counters: options?.counters };
}

/** Copies `x` into a Float64Array after checking it is a non-empty list of finite numbers. */
export function checkPoint(call: string, x: ArrayLike<number>, name = 'x'): Float64Array {
  if (x === null || typeof x !== 'object' || typeof x.length !== 'number') {
    throw new UsageError(`${call}: ${name} must be an array of numbers, got ${describe(x)}`);
  }
  if (x.length === 0)
    throw new ShapeError(call, `${name} is empty; there is nothing to differentiate with respect to`);
  const point = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    if (typeof xi !== 'number')
      throw new UsageError(`${call}: ${name}[${i}] is ${describe(xi)}, not a number`);
    if (!Number.isFinite(xi))
      throw new DomainError(call, `${name}[${i}] is ${xi}; every entry must be finite`);
    point[i] = xi;
  }
  return point;
}

/** Checks a scalar input point (the `x` of `derivative`). */
export function checkScalar(call: string, x: number, name = 'x'): number {
  if (typeof x !== 'number') throw new UsageError(`${call}: ${name} must be a number, got ${describe(x)}`);
  if (!Number.isFinite(x)) throw new DomainError(call, `${name} is ${x}; it must be finite`);
  return x;
}

/** Checks a direction (`v`) against the point's length; its entries must be finite too. */
export function checkDirection(call: string, v: ArrayLike<number>, length: number, name = 'v'): Float64Array {
  if (v === null || typeof v !== 'object' || typeof v.length !== 'number') {
    throw new UsageError(`${call}: ${name} must be an array of numbers, got ${describe(v)}`);
  }
  if (v.length !== length) {
    throw new ShapeError(call, `${name} has length ${v.length} but x has length ${length}; they must match`);
  }
  return checkPoint(call, v, name);
}

/** Checks that `f` is callable. */
export function checkFunction(call: string, f: unknown): void {
  if (typeof f !== 'function') throw new UsageError(`${call}: f must be a function, got ${describe(f)}`);
}

/** Adds a call's evaluations to the caller's counters, if any. */
export function count(counters: Counters | undefined, evaluations: number): void {
  if (counters !== undefined) counters.evaluations += evaluations;
}

/** A short description of an unexpected value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'object') return `a ${(value as object).constructor?.name ?? 'object'}`;
  return String(value);
}
