/**
 * Work counters that differentiation calls fill in when the caller passes one in `options.counters`:
 * how many passes, lanes, function evaluations and tape sweeps a call needed, and how much tape it held.
 * The benchmarks and `compare` report them next to the time. Each mode adds to the fields it knows and
 * leaves the others alone, so one object can accumulate over several calls.
 */
export interface Counters {
  /** Forward passes through the function (one per chunk of tangent directions, or per evaluation). */
  passes: number;
  /** Tangent lanes carried per forward pass, summed over passes (N for a full forward gradient). */
  lanes: number;
  /** Plain evaluations of the function (numeric differences, probes). */
  evaluations: number;
  /** Reverse sweeps over a tape (one per gradient or VJP row). */
  sweeps: number;
  /** Operations recorded on a tape. */
  operations: number;
  /** Largest number of bytes a tape held during the call. */
  peakTapeBytes: number;
}

/** A fresh set of counters, all zero. */
export function newCounters(): Counters {
  return { passes: 0, lanes: 0, evaluations: 0, sweeps: 0, operations: 0, peakTapeBytes: 0 };
}

/** Options every differentiation call accepts, whatever the mode. */
export interface DifferentiationOptions {
  /** Filled in with the work the call did. @default undefined (not counted) */
  readonly counters?: Counters;
  /**
   * Watch every value, tangent and adjoint, and throw `AnomalyError` at the first NaN or ±Infinity computed
   * from finite numbers, naming the operation, its arguments and where in the call (see core's
   * `Anomaly`). Costs a check per operation; meant for debugging. @default false
   */
  readonly detectAnomaly?: boolean;
}

/** The option names of `DifferentiationOptions`, for calls that check their options (`checkOptions`). */
export const DIFFERENTIATION_OPTIONS: readonly string[] = ['counters', 'detectAnomaly'];
