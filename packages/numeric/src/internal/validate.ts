/**
 * Option resolution and the checks only numeric calls need. The point and direction checks are core's
 * (`checkPoint`, `checkNumber`, `checkDirection`), shared with the other modes.
 */
import { type Counters, describeValue, UsageError } from '@dualtape/core';
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
    throw new UsageError(`${call}: options must be an object, got ${describeValue(options)}`);
  }
  const scheme = options?.scheme ?? defaultScheme;
  if (!SCHEMES.includes(scheme)) {
    throw new UsageError(
      `${call}: scheme must be one of ${SCHEMES.map((s) => `'${s}'`).join(', ')}, got ${describeValue(scheme)}`,
    );
  }
  const step = options?.step ?? (order === 1 ? DEFAULT_STEPS[scheme] : DEFAULT_HESSIAN_STEPS[scheme]);
  if (typeof step !== 'number' || !(step > 0) || !Number.isFinite(step)) {
    throw new UsageError(`${call}: step must be a positive finite number, got ${describeValue(step)}`);
  }
  return { scheme, step, counters: options?.counters };
}

/** Checks that `f` is callable. */
export function checkFunction(call: string, f: unknown): void {
  if (typeof f !== 'function') throw new UsageError(`${call}: f must be a function, got ${describeValue(f)}`);
}

/** Adds a call's evaluations to the caller's counters, if any. */
export function count(counters: Counters | undefined, evaluations: number): void {
  if (counters !== undefined) counters.evaluations += evaluations;
}
