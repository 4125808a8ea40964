/**
 * The shared first step of every umbrella call: validate the requested mode, resolve `'auto'` through
 * `chooseMode` (telling `onModeChoice`), and build each mode's own options from the umbrella's.
 */
import type { Counters } from '@dualtape/core';
import { type ChooseModeOptions, chooseMode, explicitChoice } from '../choose-mode.js';
import type { ConcreteMode, ModeOptions, NumericScheme, Operation } from '../mode.js';

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

/**
 * Runs `chooseMode` for an `'auto'` call and hands the choice to `onModeChoice`; returns the mode to run.
 * `probe` calls `chooseMode` with the call's own function and point (typed per operation).
 */
export function autoMode(
  options: ModeOptions,
  probe: (choose: typeof chooseMode, chooseOptions: ChooseModeOptions) => ReturnType<typeof chooseMode>,
): ConcreteMode {
  const choice = probe(
    chooseMode,
    withoutUndefined({ chunkSize: options.chunkSize, maxTapeBytes: options.maxTapeBytes }),
  );
  options.onModeChoice?.(choice);
  return choice.mode;
}

/** Tells `onModeChoice` which explicitly requested mode ran, once the result's shape is known. */
export function reportExplicit(
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
