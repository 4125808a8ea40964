/**
 * Option resolution and the checks only numeric calls need. The point and direction checks are core's
 * (`checkPoint`, `checkNumber`, `checkDirection`), shared with the other modes.
 */
import { type Counters, checkDifferentiationOptions, describeValue, UsageError } from '@dualtape/core';
import { DEFAULT_HESSIAN_STEPS, DEFAULT_SCHEME, DEFAULT_STEPS, SCHEMES, type Scheme } from '../defaults.js';

/** The options every numeric differentiation call accepts (see `NumericOptions`). */
export interface RawOptions {
  readonly scheme?: Scheme;
  readonly step?: number;
  readonly counters?: Counters;
  readonly detectAnomaly?: boolean;
}

/** Options after defaults are applied. */
export interface ResolvedOptions {
  readonly scheme: Scheme;
  /** Relative step (scaled by max(1, |x|) at each coordinate). */
  readonly step: number;
  readonly counters: Counters | undefined;
  /** Whether the first non-finite evaluation of f throws `AnomalyError`. */
  readonly detectAnomaly: boolean;
}

/** The option names of numeric's calls beyond core's `counters` and `detectAnomaly`. */
export const NUMERIC_OPTIONS: readonly string[] = ['scheme', 'step'];

/**
 * Applies defaults and checks every option (an unknown one is a `UsageError` naming it; `extra` are the
 * call's own beyond `NUMERIC_OPTIONS`), `scheme` and `step`; `order` picks first- or second-derivative steps.
 */
export function resolveOptions(
  call: string,
  options: RawOptions | undefined,
  order: 1 | 2,
  defaultScheme: Scheme = DEFAULT_SCHEME,
  extra: readonly string[] = [],
): ResolvedOptions {
  const detectAnomaly = checkDifferentiationOptions(call, options, [...NUMERIC_OPTIONS, ...extra]);
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
  return { scheme, step, counters: options?.counters, detectAnomaly };
}

/** Adds a call's evaluations to the caller's counters, if any. */
export function count(counters: Counters | undefined, evaluations: number): void {
  if (counters !== undefined) counters.evaluations += evaluations;
}
