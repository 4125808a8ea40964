/**
 * The shared first step of every umbrella call: check the options (an unknown one, or one the chosen mode
 * would ignore, is a UsageError naming it), validate the requested mode and implementation, check f,
 * resolve `'auto'` through `chooseMode` (telling `onModeChoice`), and hand back the registry's backend
 * that computes the call.
 */
import { AnomalyError, checkOptions, describeValue, OperatorError, UsageError } from '@dualtape/core';
import {
  BACKENDS,
  requestedImplementation,
  resolveBackend,
  type SkippedImplementation,
} from '../backends/registry.js';
import type { AnyFunction, BackendOption, ModeBackend } from '../backends/types.js';
import { type ChooseModeOptions, chooseMode, explicitChoice } from '../choose-mode.js';
import { type ModeChoice, type ModeOptions, type Operation, requestedMode } from '../mode.js';
import { checkedFunction } from './checks.js';

/** The backend a call runs on, and how it tells `onModeChoice` about an explicitly requested mode. */
export interface BackendDecision {
  readonly backend: ModeBackend;
  /** Reports an explicit mode once the result's shape is known; 'auto' was already reported. */
  report(inputs: number, outputs: number): void;
}

// chooseMode's overloads pair each operation with its function type for users; the calls here pass on
// what their own typed signatures already fixed.
const chooseAny = chooseMode as (
  operation: Operation,
  f: AnyFunction,
  x: number | ArrayLike<number>,
  options?: ChooseModeOptions,
) => ModeChoice;

/** Options every umbrella call takes, whatever the mode. */
const COMMON_OPTIONS = ['mode', 'implementation', 'counters', 'detectAnomaly', 'onModeChoice'] as const;

/** Every mode-specific option some backend reads. */
const BACKEND_OPTIONS: readonly BackendOption[] = ['chunkSize', 'scheme', 'step', 'strategy'];

/**
 * Checks the options of an umbrella call: every key known (core's `checkOptions`), and no option the call
 * would silently ignore — a mode-specific option the chosen mode does not read for this call (`scheme` in
 * reverse mode, `chunkSize` of a derivative), one only numeric mode reads under `'auto'` (which never picks
 * numeric mode), or `maxTapeBytes` with an explicit mode.
 */
export function checkModeOptions(operation: Operation, options: ModeOptions): void {
  checkOptions(operation, options, [...COMMON_OPTIONS, 'maxTapeBytes', ...BACKEND_OPTIONS]);
  const mode = requestedMode(operation, options);
  if (options.detectAnomaly !== undefined && typeof options.detectAnomaly !== 'boolean') {
    throw new UsageError(
      `${operation}: detectAnomaly must be true or false, got ${describeValue(options.detectAnomaly)}`,
    );
  }
  const given = BACKEND_OPTIONS.filter((name) => options[name] !== undefined);
  if (mode !== 'auto' && options.maxTapeBytes !== undefined) {
    throw new UsageError(
      `${operation}: maxTapeBytes is the tape budget of mode 'auto'; mode '${mode}' would ignore it`,
    );
  }
  const readers = BACKENDS.filter((backend) => (mode === 'auto' ? backend.automatic : backend.mode === mode));
  for (const name of given) {
    if (readers.some((backend) => backend.optionsFor(operation).includes(name))) continue;
    const owners = [
      ...new Set(
        BACKENDS.filter((backend) => backend.optionsFor(operation).includes(name)).map((b) => b.mode),
      ),
    ];
    const whose = owners.length === 0 ? '' : ` (it is an option of ${owners.join(' and ')} mode)`;
    const which = mode === 'auto' ? "mode 'auto', which never chooses numeric mode," : `mode '${mode}'`;
    throw new UsageError(
      `${operation}: option ${name} would be ignored: ${which} does not read it for ${operation}${whose}`,
    );
  }
}

/**
 * The shared first step of every umbrella call: the options, the requested mode and implementation are
 * checked, f is checked, and `'auto'` is resolved by `chooseMode` on the call's own function and point
 * (telling `onModeChoice`); an explicit mode goes to its backend in the requested (or first accepting)
 * implementation. With `detectAnomaly`, only backends that watch for anomalies are taken.
 */
export function decideBackend(
  operation: Operation,
  f: AnyFunction,
  x: number | ArrayLike<number>,
  options: ModeOptions,
): BackendDecision {
  checkModeOptions(operation, options);
  const requested = requestedMode(operation, options);
  const implementation = requestedImplementation(operation, options.implementation);
  checkedFunction(operation, f);
  const detectAnomaly = options.detectAnomaly === true;
  if (requested === 'auto') {
    const chooseOptions: ChooseModeOptions = {
      ...(options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }),
      ...(options.maxTapeBytes === undefined ? {} : { maxTapeBytes: options.maxTapeBytes }),
      ...(options.implementation === undefined ? {} : { implementation: options.implementation }),
      ...(detectAnomaly ? { detectAnomaly } : {}),
    };
    const choice = chooseAny(operation, f, x, chooseOptions);
    options.onModeChoice?.(choice);
    // The preferred implementations that refused f (to explain a failure of the one that took it), unless
    // 'auto' picked an implementation of its own (nested calls take overloading).
    let resolution = resolveBackend(operation, choice.mode, f, implementation, BACKENDS, detectAnomaly);
    if (resolution.backend.implementation !== choice.implementation) {
      resolution = resolveBackend(operation, choice.mode, f, choice.implementation, BACKENDS, detectAnomaly);
    }
    return { backend: explainingRefusals(resolution.backend, resolution.skipped), report: () => {} };
  }
  const resolution = resolveBackend(operation, requested, f, implementation, BACKENDS, detectAnomaly);
  return {
    backend: explainingRefusals(resolution.backend, resolution.skipped),
    report: (inputs, outputs) =>
      options.onModeChoice?.(explicitChoice(operation, resolution, inputs, outputs, options.chunkSize)),
  };
}

/**
 * `backend`, whose calls add to an `OperatorError` (f met a JavaScript operator on the backend's numbers)
 * why the implementations passed over did not take f. For plain JavaScript that source transformation
 * cannot read, the two failures together are the whole story: the operator the dual numbers or the tape
 * met, and the construct (with its position) the transform refused.
 */
function explainingRefusals(backend: ModeBackend, skipped: readonly SkippedImplementation[]): ModeBackend {
  if (skipped.length === 0) return backend;
  const why = skipped
    .map((entry) => `the ${entry.implementation} implementation was passed over: ${entry.reason}`)
    .join('; ');
  const explained = <T>(body: () => T): T => {
    try {
      return body();
    } catch (error) {
      if (error instanceof OperatorError) throw new OperatorError(`${error.message} (${why})`);
      throw error;
    }
  };
  return {
    ...backend,
    derivative: (f, x, options) => explained(() => backend.derivative(f, x, options)),
    gradient: (f, x, options) => explained(() => backend.gradient(f, x, options)),
    jacobian: (f, x, options) => explained(() => backend.jacobian(f, x, options)),
    hessian: (f, x, options) => explained(() => backend.hessian(f, x, options)),
    hvp: (f, x, v, options) => explained(() => backend.hvp(f, x, v, options)),
    jvp: (f, x, v, options) => explained(() => backend.jvp(f, x, v, options)),
    vjp: (f, x, options) => {
      const result = explained(() => backend.vjp(f, x, options));
      return { ...result, pullback: (u) => explained(() => result.pullback(u)) };
    },
  };
}

/**
 * Runs `body`, reporting an anomaly under the name of the call the user made: a mode's fallback computes
 * `jvp` through pullbacks, or `vjp` through the whole Jacobian, and its AnomalyError would otherwise name
 * that internal call.
 */
export function underCallName<T>(operation: Operation, body: () => T): T {
  try {
    return body();
  } catch (error) {
    if (error instanceof AnomalyError && error.operation !== operation) {
      throw new AnomalyError(error.anomaly, operation);
    }
    throw error;
  }
}
