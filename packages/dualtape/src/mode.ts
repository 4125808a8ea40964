/**
 * The vocabulary of mode selection: which modes and implementations exist, which calls a mode answers,
 * the options every umbrella call takes (the mode, plus each mode's own options passed through
 * unchanged), and what `'auto'` reports about its choice.
 */
import { type DifferentiationOptions, UsageError } from '@dualtape/core';
import type { Scheme } from '@dualtape/numeric';
import { CONCRETE_MODES, type Implementation } from './backends/registry.js';
import type { ConcreteMode, HvpStrategy, Operation } from './backends/types.js';

export type { Implementation } from './backends/registry.js';
export type { ConcreteMode, HvpStrategy, Operation } from './backends/types.js';

/** How to differentiate: one of the three modes, or `'auto'` to let `chooseMode` decide and explain. */
export type Mode = ConcreteMode | 'auto';

/** Finite-difference schemes of @dualtape/numeric (its `Scheme`). */
export type NumericScheme = Scheme;

/** Every accepted value of `mode`, for validation and messages. */
export const MODES: readonly Mode[] = ['auto', ...CONCRETE_MODES];

/**
 * Options of every umbrella call. Each field is optional; the mode-specific ones are passed to the mode
 * that runs. Nothing is ignored silently: an unknown or misspelt option, a mode-specific one the mode that
 * runs does not read for this call (`scheme` in reverse mode, `chunkSize` for `derivative`/`jvp`, `scheme`
 * or `step` under `'auto'`, which never picks numeric mode), and `maxTapeBytes` with an explicit mode are
 * `UsageError`s naming the option. `detectAnomaly` (core's) is passed to the mode, and only backends that
 * watch for anomalies are taken (source transformation's generated code does not).
 */
export interface ModeOptions extends DifferentiationOptions {
  /** Which mode computes the result. @default 'auto' */
  readonly mode?: Mode;
  /**
   * How the mode is computed (`IMPLEMENTATIONS`; today only `'overloading'`: f runs on number types that
   * carry derivatives). An unknown one is a UsageError naming the valid ones.
   * @default the first registered implementation that can handle f
   */
  readonly implementation?: Implementation;
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
   * Reverse mode, `hvp` only: how the Hessian-vector product is computed (`HvpStrategy`).
   * @default 'forward-over-reverse'
   */
  readonly strategy?: HvpStrategy;
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

/** What `'auto'` decided (or which explicit mode ran), with the numbers behind it. */
export interface ModeChoice {
  /** The mode that runs. */
  readonly mode: ConcreteMode;
  /** The implementation that computes it. */
  readonly implementation: Implementation;
  /** The mode that was asked for. */
  readonly requested: Mode;
  /** The call being answered. */
  readonly operation: Operation;
  /** One sentence a user learns the trade-off from. */
  readonly reason: string;
  /** N, the number of inputs. */
  readonly inputs: number;
  /** M, the number of outputs. */
  readonly outputs: number;
  /** Entries one evaluation of f records on the reverse tape; undefined when nothing was probed. */
  readonly operations: number | undefined;
  /** Bytes the reverse tape would hold for this call; undefined when nothing was probed. */
  readonly estimatedTapeBytes: number | undefined;
  /** Tangent lanes per forward pass (k) the cost model assumed. */
  readonly chunkSize: number;
  /** Forward passes the call needs in forward mode. */
  readonly forwardPasses: number;
  /** Reverse sweeps the call needs in reverse mode. */
  readonly reverseSweeps: number;
  /** The cost model's estimate for forward mode, in plain evaluations of f. */
  readonly forwardCost: number;
  /** The cost model's estimate for reverse mode, in plain evaluations of f. */
  readonly reverseCost: number;
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
