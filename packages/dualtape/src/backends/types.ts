/**
 * What a backend is: one way of differentiating (a mode, in one implementation) that answers all six
 * umbrella calls, says what they would cost for `'auto'`, explains why it won, lists its rows for
 * `compare`/`check`, and may refuse a function it cannot handle (the umbrella then falls back to the next
 * implementation). The registry (registry.ts) lists the backends; the umbrella calls, `chooseMode`,
 * `compare` and `check` only ever iterate over it.
 *
 * This module is the bottom of the umbrella's own import graph: it imports nothing from the umbrella.
 */
import type { Counters, ScalarFunction, UnivariateFunction, VectorFunction } from '@dualtape/core';
import type { Scheme } from '@dualtape/numeric';

/** A mode that actually runs (what `'auto'` resolves to). */
export type ConcreteMode = 'forward' | 'reverse' | 'numeric';

/** The differentiation calls of the umbrella package, as `chooseMode` names them. */
export type Operation = 'derivative' | 'gradient' | 'jacobian' | 'hessian' | 'hvp' | 'jvp' | 'vjp';

/**
 * How reverse mode computes a Hessian-vector product (`hvp`):
 * - `'forward-over-reverse'`: one forward pass (v as the tangent) through a reverse gradient on the nested
 *   tape, whose values, partials and adjoints are dual numbers (JAX's `jvp(grad(f))`);
 * - `'reverse-over-forward'`: one reverse sweep over the directional derivative ∇f·v, itself one forward
 *   pass on tape variables;
 * - `'reverse-over-reverse'`: the backward sweep recorded on the tape, then one sweep of ∇f·v (PyTorch's
 *   double backward).
 * Each costs a small constant times f, whatever N is.
 */
export type HvpStrategy = 'forward-over-reverse' | 'reverse-over-forward' | 'reverse-over-reverse';

/** Every `HvpStrategy`, the default first. */
export const HVP_STRATEGIES: readonly HvpStrategy[] = [
  'forward-over-reverse',
  'reverse-over-forward',
  'reverse-over-reverse',
];

/** Any function an umbrella call differentiates. */
export type AnyFunction = UnivariateFunction | ScalarFunction | VectorFunction;

/**
 * The umbrella options a backend may read: each backend maps the ones it understands to its own package's
 * options and ignores the others.
 */
export interface BackendOptions {
  /** Forward mode's tangent lanes per pass. */
  readonly chunkSize?: number;
  /** Numeric mode's finite-difference scheme. */
  readonly scheme?: Scheme;
  /** Numeric mode's relative step. */
  readonly step?: number;
  /** Reverse mode's way of computing `hvp`. */
  readonly strategy?: HvpStrategy;
  /** Receives the work done. */
  readonly counters?: Counters;
  /** Watch for the first NaN or ±Infinity (core's `AnomalyError`); only backends that `detectsAnomalies`. */
  readonly detectAnomaly?: boolean;
}

/** The mode-specific umbrella options a backend may read (the others apply to every backend). */
export type BackendOption = 'chunkSize' | 'scheme' | 'step' | 'strategy';

/** The value and the directional derivative of a function at a point. */
export interface JvpResult {
  /** f(x), M values (1 for a function that returns a single value). */
  readonly value: Float64Array;
  /** J(x)·v, M values. */
  readonly tangent: Float64Array;
}

/** The value of a vector function and its pullback. */
export interface VjpResult {
  /** f(x), M values (1 for a function that returns a single value). */
  readonly value: Float64Array;
  /**
   * uᵀ·J(x) for a cotangent `u` of length M; may be called many times.
   * @throws ShapeError when u's length is not M; DomainError for a non-finite entry of u.
   */
  pullback(u: ArrayLike<number>): Float64Array;
}

/** What one probe recording of f told `'auto'`: the operations one evaluation records and the bytes held. */
export interface Probe {
  /** Entries one evaluation of f records on the reverse tape. */
  readonly operations: number;
  /** Peak bytes the tape held for that evaluation. */
  readonly tapeBytes: number;
  /** True when the probe stopped at its limit: `operations` and `tapeBytes` are lower bounds. */
  readonly atLeast?: boolean;
  /**
   * Bytes the adjoint code's forward sweep saved for its reverse sweep, when source transformation could
   * read f (measured by its backend's `measure`).
   */
  readonly adjointBytes?: number;
}

/** The shape of one call, as a backend's cost model reads it. */
export interface CallShape {
  readonly operation: Operation;
  /** N. */
  readonly inputs: number;
  /** M. */
  readonly outputs: number;
  /** The caller's `chunkSize`, if any. */
  readonly chunkSize: number | undefined;
  /** The probe's figures (zeros when nothing was probed). */
  readonly probe: Probe;
  /** Whether `probe` was measured; without it a backend's `held` says nothing about sizes. */
  readonly probed: boolean;
}

/** A backend's estimate for one call shape: the cost-model terms `'auto'` weighs and reports. */
export interface CostEstimate {
  /** The mode estimated. */
  readonly mode: ConcreteMode;
  /** Estimated cost, in plain evaluations of f (see defaults.ts). */
  readonly cost: number;
  /** Passes (forward) or sweeps (reverse) the call needs. */
  readonly steps: number;
  /** Tangent lanes per pass the estimate assumed (1 where the mode has no lanes). */
  readonly chunkSize: number;
  /** Bytes the call holds on a tape (0 when it needs none); compared with `maxTapeBytes`. */
  readonly tapeBytes: number;
  /** The work in words: "84 chunked forward passes", "one reverse sweep". */
  readonly work: string;
  /** What the work holds, in words ("≈ 5 taped operations, 165 B"); undefined when it holds no tape. */
  readonly held: string | undefined;
}

/** What a winning backend is told when it explains `'auto'`'s choice. */
export interface ChoiceContext {
  readonly operation: Operation;
  /** "2 inputs and 1 output". */
  readonly shape: string;
  /** The winner's own estimate. */
  readonly estimate: CostEstimate;
  /** The cheapest of the other candidates (undefined when there is none). */
  readonly runnerUp: CostEstimate | undefined;
  /** A candidate that would hold more than `maxTapeBytes` (undefined when every one fits). */
  readonly overBudget: CostEstimate | undefined;
  /** The `maxTapeBytes` budget. */
  readonly budget: number;
  /** The probe's figures. */
  readonly probe: Probe;
  /** Whether f was probed (else the probe's figures are zeros and say nothing). */
  readonly probed: boolean;
}

/** What one `compare` row computed. */
export interface CompareOutput {
  /** M rows of length N (one row, the gradient, for a scalar function). */
  readonly jacobian: readonly Float64Array[];
  /** f(x) when the method computes it itself (reverse mode does); else the plain value is shown. */
  readonly value?: number;
  /** The numeric error bound per component. */
  readonly errorEstimate?: readonly Float64Array[];
}

/** How `compare` reaches one of a backend's rows. */
export interface CompareVariant<M extends string = string> {
  /** The row's method id (`CompareMethod`). */
  readonly method: M;
  /** How the row is shown before it runs. */
  readonly label: string;
  /**
   * `'candidate'` rows are what `check` judges (the AD modes); `'referee'` rows are the numeric schemes,
   * one of which becomes the reference.
   */
  readonly role: 'candidate' | 'referee';
  /** Computes the row: the gradient (scalar f) or the Jacobian (vector f) at `point`. */
  run(
    f: ScalarFunction | VectorFunction,
    point: Float64Array,
    isVector: boolean,
    counters: Counters,
    chunkSize: number | undefined,
  ): CompareOutput;
  /** The row's label once it ran, from its counters (the chunked row names the chunk size it used). */
  relabel?(counters: Readonly<Counters>): string;
}

/**
 * One way of differentiating. `I` is its implementation (`'overloading'`: number types that carry
 * derivatives), `M` the method ids of its `compare` rows.
 *
 * Every call checks its own point and direction (core's checks, under the call's name), as the mode
 * packages do; the umbrella has already checked the mode and that f is a function.
 */
export interface ModeBackend<I extends string = string, M extends string = string> {
  /** The mode this backend computes. */
  readonly mode: ConcreteMode;
  /** How it computes it. */
  readonly implementation: I;
  /** Whether `'auto'` weighs it (numeric mode is the referee and never chosen). */
  readonly automatic: boolean;
  /**
   * The mode-specific options this backend reads for `operation` (the umbrella refuses the others, where
   * they would be ignored: `scheme` in reverse mode, `chunkSize` for a derivative).
   */
  optionsFor(operation: Operation): readonly BackendOption[];
  /** Whether it watches for anomalies (`detectAnomaly`); with it set, the umbrella takes one that does. */
  readonly detectsAnomalies: boolean;
  /**
   * Why this backend cannot differentiate `f` for `operation`, or undefined when it can. A refusing
   * backend is skipped for the next implementation of the same mode. @default undefined (accepts every f)
   */
  refuses?(operation: Operation, f: AnyFunction): string | undefined;
  /** f'(x) for f: R -> R. */
  derivative(f: UnivariateFunction, x: number, options: BackendOptions): number;
  /** ∇f(x) for f: R^N -> R. */
  gradient(f: ScalarFunction, x: ArrayLike<number>, options: BackendOptions): Float64Array;
  /** J(x) for f: R^N -> R^M, as M rows. */
  jacobian(f: VectorFunction, x: ArrayLike<number>, options: BackendOptions): Float64Array[];
  /** ∇²f(x) for f: R^N -> R, as N rows. */
  hessian(f: ScalarFunction, x: ArrayLike<number>, options: BackendOptions): Float64Array[];
  /** ∇²f(x)·v for f: R^N -> R. */
  hvp(f: ScalarFunction, x: ArrayLike<number>, v: ArrayLike<number>, options: BackendOptions): Float64Array;
  /** f(x) and J(x)·v. */
  jvp(f: VectorFunction, x: ArrayLike<number>, v: ArrayLike<number>, options: BackendOptions): JvpResult;
  /** f(x) and u ↦ uᵀ·J(x). */
  vjp(f: VectorFunction, x: ArrayLike<number>, options: BackendOptions): VjpResult;
  /** The cost-model terms of one call shape (only asked of automatic backends). */
  cost(shape: CallShape): CostEstimate;
  /** One sentence saying why `'auto'` chose this backend (only asked of automatic backends). */
  explain(context: ChoiceContext): string;
  /**
   * What a tape would hold for one evaluation of f (as a vector function) at `point`: the operations it
   * records and their bytes. It stops once the tape would hold more than `maxBytes` (past that the
   * decision is clear), and then says so (`atLeast`). Bounded in memory. The registry's first backend with
   * a probe measures for `'auto'`, and only when the tape budget could change the decision.
   */
  probe?(f: VectorFunction, point: Float64Array, maxBytes: number): Probe;
  /**
   * Figures of f this backend's cost model needs beyond the probe's, measured once for `'auto'` at `point`
   * (f as the call was given it). @default undefined (the probe's figures suffice)
   */
  measure?(operation: Operation, f: AnyFunction, point: Float64Array): Partial<Probe>;
  /** Its rows in `compare`, in table order. */
  readonly compare: readonly CompareVariant<M>[];
  /**
   * Its rows in the second-order comparison (`compare`/`check` with `kind: 'hessian'`): each a way of
   * computing the Hessian (`run` returns its N rows). @default [] (no Hessian strategy)
   */
  readonly compareHessian?: readonly CompareVariant<M>[];
}
