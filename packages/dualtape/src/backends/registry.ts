/**
 * The backends, in one list: every umbrella call, `chooseMode`/`'auto'`, `compare` and `check` reach
 * the modes only through it. A backend is a mode in one implementation; adding one is one file in this
 * folder plus one line here. Order matters twice: within a mode, the implementations listed first are
 * preferred (the umbrella falls back to the next one when a backend refuses f); across modes, it is the
 * order of `compare`'s table and breaks `'auto'`'s ties (forward first: it holds no tape).
 */
import { UsageError } from '@dualtape/core';
import { forwardBackend } from './forward.js';
import { numericBackend } from './numeric.js';
import { acceptingPlainJavaScript } from './plain-javascript.js';
import { reverseBackend } from './reverse.js';
import { transformForwardBackend, transformReverseBackend } from './transform.js';
import type { AnyFunction, ConcreteMode, ModeBackend, Operation } from './types.js';

/**
 * Every registered backend. Source transformation comes first in each mode (it is the fast one, and refuses
 * what it cannot read); the overloading backends take plain JavaScript through its lifted form.
 */
export const BACKENDS = [
  transformForwardBackend,
  acceptingPlainJavaScript(forwardBackend),
  transformReverseBackend,
  acceptingPlainJavaScript(reverseBackend),
  acceptingPlainJavaScript(numericBackend),
] as const;

type Registered = (typeof BACKENDS)[number];

/**
 * How a mode is computed: `'transform'` generates derivative code from f's text (source transformation),
 * `'overloading'` runs f on number types that carry derivatives.
 */
export type Implementation = Registered['implementation'];

/** The registered implementations, most preferred first. */
export const IMPLEMENTATIONS: readonly Implementation[] = [
  ...new Set(BACKENDS.map((backend) => backend.implementation)),
];

/** The modes some backend computes, in registry order. */
export const CONCRETE_MODES: readonly ConcreteMode[] = [...new Set(BACKENDS.map((backend) => backend.mode))];

/** The method ids of `compare`'s rows that come from backends. */
export type BackendMethod = Registered extends infer B
  ? B extends ModeBackend<string, infer M>
    ? M
    : never
  : never;

/** An implementation that was passed over, and why. */
export interface SkippedImplementation {
  readonly implementation: string;
  readonly reason: string;
}

/** The backend that answers a call, and the preferred implementations that refused it on the way. */
export interface BackendResolution {
  readonly backend: ModeBackend;
  readonly skipped: readonly SkippedImplementation[];
}

/** The requested implementation, validated; undefined when none was asked for (the default). */
export function requestedImplementation(
  operation: Operation,
  implementation: unknown,
  known: readonly string[] = IMPLEMENTATIONS,
): string | undefined {
  if (implementation === undefined) return undefined;
  if (typeof implementation !== 'string' || !known.includes(implementation)) {
    throw new UsageError(
      `${operation}: unknown implementation '${String(implementation)}' (expected one of ${known.join(', ')})`,
    );
  }
  return implementation;
}

/**
 * The backend for `mode`: the requested implementation's (a UsageError with its reason when it refuses
 * f), or by default the first one, in registry order, that does not refuse f. With `detectAnomaly`, a
 * backend that does not watch for anomalies refuses too.
 */
export function resolveBackend(
  operation: Operation,
  mode: ConcreteMode,
  f: AnyFunction,
  implementation: string | undefined,
  backends: readonly ModeBackend[] = BACKENDS,
  detectAnomaly = false,
): BackendResolution {
  const candidates = backends.filter(
    (backend) =>
      backend.mode === mode && (implementation === undefined || backend.implementation === implementation),
  );
  if (candidates.length === 0) {
    const available = backends.filter((backend) => backend.mode === mode).map((b) => b.implementation);
    throw new UsageError(
      `${operation}: ${mode} mode has no '${implementation}' implementation (it has ${available.join(', ')})`,
    );
  }
  const skipped: SkippedImplementation[] = [];
  for (const backend of candidates) {
    const reason =
      detectAnomaly && !backend.detectsAnomalies
        ? 'it does not watch for anomalies (detectAnomaly)'
        : backend.refuses?.(operation, f);
    if (reason === undefined) return { backend, skipped };
    skipped.push({ implementation: backend.implementation, reason });
  }
  const last = skipped[skipped.length - 1]!;
  throw new UsageError(
    `${operation}: the ${last.implementation} implementation of ${mode} mode cannot differentiate f: ${last.reason}`,
  );
}

/**
 * Every backend row of `compare`, in table order, with the backend it belongs to: the first-order rows,
 * or with `hessian` the second-order ones.
 */
export function compareVariants(
  backends: readonly ModeBackend[] = BACKENDS,
  hessian = false,
): readonly { readonly backend: ModeBackend; readonly variant: ModeBackend['compare'][number] }[] {
  return backends.flatMap((backend) =>
    (hessian ? (backend.compareHessian ?? []) : backend.compare).map((variant) => ({ backend, variant })),
  );
}
