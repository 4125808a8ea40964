/**
 * The shared first step of every umbrella call: validate the requested mode and implementation, check f,
 * resolve `'auto'` through `chooseMode` (telling `onModeChoice`), and hand back the registry's backend
 * that computes the call.
 */
import { requestedImplementation, resolveBackend } from '../backends/registry.js';
import type { AnyFunction, ModeBackend } from '../backends/types.js';
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

/**
 * The shared first step of every umbrella call: the requested mode and implementation are checked, f is
 * checked, and `'auto'` is resolved by `chooseMode` on the call's own function and point (telling
 * `onModeChoice`); an explicit mode goes to its backend in the requested (or first accepting)
 * implementation.
 */
export function decideBackend(
  operation: Operation,
  f: AnyFunction,
  x: number | ArrayLike<number>,
  options: ModeOptions,
): BackendDecision {
  const requested = requestedMode(operation, options);
  const implementation = requestedImplementation(operation, options.implementation);
  checkedFunction(operation, f);
  if (requested === 'auto') {
    const chooseOptions: ChooseModeOptions = {
      ...(options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }),
      ...(options.maxTapeBytes === undefined ? {} : { maxTapeBytes: options.maxTapeBytes }),
      ...(options.implementation === undefined ? {} : { implementation: options.implementation }),
    };
    const choice = chooseAny(operation, f, x, chooseOptions);
    options.onModeChoice?.(choice);
    return {
      backend: resolveBackend(operation, choice.mode, f, choice.implementation).backend,
      report: () => {},
    };
  }
  const resolution = resolveBackend(operation, requested, f, implementation);
  return {
    backend: resolution.backend,
    report: (inputs, outputs) =>
      options.onModeChoice?.(explicitChoice(operation, resolution, inputs, outputs, options.chunkSize)),
  };
}
