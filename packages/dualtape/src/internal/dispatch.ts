/**
 * The shared first step of every umbrella call: validate the requested mode, resolve `'auto'` through
 * `chooseMode` (telling `onModeChoice`), and build each mode's own options from the umbrella's.
 */
import type { Counters, ScalarFunction, UnivariateFunction, VectorFunction } from '@dualtape/core';
import { type ChooseModeOptions, chooseMode, explicitChoice, type ModeChoice } from '../choose-mode.js';
import {
  type ConcreteMode,
  type ModeOptions,
  type NumericScheme,
  type Operation,
  requestedMode,
} from '../mode.js';
import { checkedFunction } from './checks.js';

/** Options forward mode understands. */
export interface ForwardPassThrough {
  readonly chunkSize?: number;
  readonly counters?: Counters;
}

/** Options numeric mode understands. */
export interface NumericPassThrough {
  readonly scheme?: NumericScheme;
  readonly step?: number;
  readonly counters?: Counters;
}

/** Options reverse mode understands. */
export interface ReversePassThrough {
  readonly counters?: Counters;
}

/** Forward mode's options, taken from the umbrella's (undefined fields left out). */
export function forwardOptions(options: ModeOptions): ForwardPassThrough {
  return withoutUndefined({ chunkSize: options.chunkSize, counters: options.counters });
}

/** Numeric mode's options, taken from the umbrella's. */
export function numericOptions(options: ModeOptions): NumericPassThrough {
  return withoutUndefined({ scheme: options.scheme, step: options.step, counters: options.counters });
}

/** Reverse mode's options, taken from the umbrella's. */
export function reverseOptions(options: ModeOptions): ReversePassThrough {
  return withoutUndefined({ counters: options.counters });
}

/** The mode a call runs in, and how it tells `onModeChoice` about an explicitly requested one. */
export interface ModeDecision {
  readonly mode: ConcreteMode;
  /** Reports an explicit mode once the result's shape is known; 'auto' was already reported. */
  report(inputs: number, outputs: number): void;
}

// chooseMode's overloads pair each operation with its function type for users; the calls here pass on
// what their own typed signatures already fixed.
const chooseAny = chooseMode as (
  operation: Operation,
  f: UnivariateFunction | ScalarFunction | VectorFunction,
  x: number | ArrayLike<number>,
  options?: ChooseModeOptions,
) => ModeChoice;

/**
 * The shared first step of every umbrella call: the requested mode is checked, f is checked, and
 * `'auto'` is resolved by `chooseMode` on the call's own function and point (telling `onModeChoice`).
 */
export function decideMode(
  operation: Operation,
  f: UnivariateFunction | ScalarFunction | VectorFunction,
  x: number | ArrayLike<number>,
  options: ModeOptions,
): ModeDecision {
  const requested = requestedMode(operation, options);
  checkedFunction(operation, f);
  if (requested === 'auto') {
    const chooseOptions = withoutUndefined({
      chunkSize: options.chunkSize,
      maxTapeBytes: options.maxTapeBytes,
    });
    const choice = chooseAny(operation, f, x, chooseOptions);
    options.onModeChoice?.(choice);
    return { mode: choice.mode, report: () => {} };
  }
  return {
    mode: requested,
    report: (inputs, outputs) => reportExplicit(options, operation, requested, inputs, outputs),
  };
}

/** Tells `onModeChoice` which explicitly requested mode ran, once the result's shape is known. */
function reportExplicit(
  options: ModeOptions,
  operation: Operation,
  mode: ConcreteMode,
  inputs: number,
  outputs: number,
): void {
  options.onModeChoice?.(explicitChoice(operation, mode, inputs, outputs, options.chunkSize));
}

function withoutUndefined<T extends object>(options: T): T {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as T;
}
