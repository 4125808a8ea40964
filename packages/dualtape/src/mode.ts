/**
 * The vocabulary of mode selection: which modes exist, which calls a mode answers, and the options every
 * umbrella call takes (the mode, plus each mode's own options passed through unchanged).
 */
import { type DifferentiationOptions, UsageError } from '@dualtape/core';
import type { Scheme } from '@dualtape/numeric';
import type { ModeChoice } from './choose-mode.js';

/** How to differentiate: one of the three modes, or `'auto'` to let `chooseMode` decide and explain. */
export type Mode = 'forward' | 'reverse' | 'numeric' | 'auto';

/** A mode that actually runs (what `'auto'` resolves to). */
export type ConcreteMode = Exclude<Mode, 'auto'>;

/** The differentiation calls of the umbrella package, as `chooseMode` names them. */
export type Operation = 'derivative' | 'gradient' | 'jacobian' | 'hessian' | 'jvp' | 'vjp';

/** Finite-difference schemes of @dualtape/numeric (its `Scheme`). */
export type NumericScheme = Scheme;

/** Every accepted value of `mode`, for validation and messages. */
export const MODES: readonly Mode[] = ['auto', 'forward', 'reverse', 'numeric'];

/**
 * Options of every umbrella call. Each field is optional; the mode-specific ones are passed to the mode
 * that runs and ignored by the others.
 */
export interface ModeOptions extends DifferentiationOptions {
  /** Which mode computes the result. @default 'auto' */
  readonly mode?: Mode;
  /**
   * Forward mode: tangent directions per pass (1..N).
   * @default forward's defaultChunkSize(N) (ForwardDiff's heuristic, threshold 12)
   */
  readonly chunkSize?: number;
  /** Numeric mode: the finite-difference scheme. @default numeric's default scheme ('central') */
  readonly scheme?: NumericScheme;
  /** Numeric mode: the relative step. @default the scheme's standard step (numeric's defaults table) */
  readonly step?: number;
  /**
   * `'auto'` only: the most bytes a reverse-mode tape may hold; when the probe says the tape would be
   * larger, forward mode (which needs no tape) is chosen. @default Infinity (no budget)
   */
  readonly maxTapeBytes?: number;
  /**
   * Receives the mode that ran and why: for `'auto'` before the computation (from `chooseMode`), for an
   * explicit mode after it (with `operations` and `estimatedTapeBytes` undefined: nothing was probed).
   * @default undefined
   */
  readonly onModeChoice?: (choice: ModeChoice) => void;
}

/** The requested mode, validated (a typo in `mode` is a UsageError, not a silent fallback). */
export function requestedMode(operation: Operation, options: ModeOptions): Mode {
  const mode = options.mode ?? 'auto';
  if (!MODES.includes(mode)) {
    throw new UsageError(
      `${operation}: unknown mode '${String(mode)}' (expected one of ${MODES.join(', ')})`,
    );
  }
  return mode;
}
