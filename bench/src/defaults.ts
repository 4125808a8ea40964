/**
 * Every default of the benchmarks in one place: sizes, time budgets, caps and verdict tolerances, for the
 * full run and for `--quick`. The full run is sized to finish in a few minutes on a 2-core machine, the
 * quick run in well under a minute; both are measured and reported, never asserted.
 */

/** The experiments, in the order `dualtape bench` runs them when none is named. */
export const EXPERIMENT_NAMES = ['gradient', 'jacobian', 'memory', 'cheap-gradient', 'peers'] as const;

/** Name of one experiment (`ratios` is accepted on the command line as another name for `peers`). */
export type ExperimentName = (typeof EXPERIMENT_NAMES)[number];

/** A fitted exponent "agrees" with theory when it is within this distance of the predicted one. */
export const EXPONENT_TOLERANCE = 0.2;

/** Confidence level of the interval reported around a fitted exponent. */
export const CONFIDENCE_LEVEL = 0.95;

/** Where the HTML report goes when `--html` is not given. */
export const DEFAULT_HTML_PATH = '.bench-out/report.html';

/** The scalar zoo function the gradient and memory sweeps use when `--fn` is not given. */
export const DEFAULT_FUNCTION = 'rosenbrock';

/** Seed of every random input point, so two runs measure the same numbers. */
export const DEFAULT_SEED = 20261125;

/**
 * A timed sample batches calls of a fast function until it lasts at least this long, so the timer's own
 * cost (tens of nanoseconds) and resolution do not dominate sub-microsecond calls.
 */
export const MIN_SAMPLE_MS = 0.05;

/** Calls made before sampling even past the warm-up time, unless that takes longer than the sampling budget. */
export const MIN_WARMUP_CALLS = 20;

/** Samples per point when a call is cheap against the budget (the median needs a handful). */
export const MIN_SAMPLES = 5;

/** Samples per point when even the minimum would overrun the budget several times (expensive calls). */
export const MIN_SAMPLES_EXPENSIVE = 3;

/** Settings that differ between the full run and `--quick`. */
export interface Profile {
  /** Input sizes N of the gradient sweep. */
  readonly sizes: readonly number[];
  /** Input sizes N of the memory sweep (of the `--fn` function); memory needs larger sizes to rise above noise. */
  readonly memorySizes: readonly number[];
  /** Depths of the memory sweep against the operation count (`sin-chain`: one input, `depth` operations). */
  readonly depths: readonly number[];
  /** Memory fits use the points at least this large (below it the heap figures sit at the resolution). */
  readonly memoryFitFrom: number;
  /** Time budget per measured point, in ms (tinybench's `time`). */
  readonly timeMs: number;
  /** Warm-up per measured point, in ms, before timing starts. */
  readonly warmupMs: number;
  /**
   * Warm-up of the first point a fresh process measures, in ms: its code starts in V8's interpreter, and the
   * first calls of a mode's machinery (tape, dual numbers) were measured up to 100× slower than warm ones.
   */
  readonly processWarmupMs: number;
  /**
   * A point whose single call is predicted (from the previous size and the theory's exponent) to take
   * longer than this is skipped, and so are the larger ones: O(N²) modes would otherwise take hours.
   */
  readonly maxCallMs: number;
  /** Fits use the points with N at least this large (smaller ones measure call overhead, not growth). */
  readonly fitFrom: number;
  /** N·M of the Jacobian experiment's family (fixed while the aspect ratio N/M sweeps). */
  readonly jacobianProduct: number;
  /** Loop lengths T of the checkpointing experiment. */
  readonly steps: readonly number[];
  /** N of the cheap-gradient experiment. */
  readonly cheapSize: number;
  /** N of the peer/ratio rows the issue states at 10^6. */
  readonly ratioSize: number;
  /** N of the chunked-versus-one-tangent row. */
  readonly chunkRowSize: number;
  /** N of the compiled-gradient row (the target is stated for recordings up to 10^5 operations). */
  readonly compiledSize: number;
  /** N of the rows that race the adjoint code against jax-js's jit(grad(f)), each in the same run. */
  readonly peerSizes: readonly number[];
  /** Side of the square weight matrix of the tensor program (W is side × side, the batch side × side/4). */
  readonly tensorSide: number;
}

const powersOfTwo = (from: number, to: number, every = 1): number[] => {
  const sizes: number[] = [];
  for (let k = from; k <= to; k += every) sizes.push(2 ** k);
  return sizes;
};

/** The default run: a few minutes on a 2-core machine. */
export const FULL_PROFILE: Profile = {
  sizes: powersOfTwo(4, 16),
  memorySizes: powersOfTwo(8, 18),
  depths: powersOfTwo(10, 20),
  memoryFitFrom: 4096,
  timeMs: 300,
  warmupMs: 60,
  processWarmupMs: 400,
  maxCallMs: 2500,
  fitFrom: 256,
  jacobianProduct: 4096,
  steps: powersOfTwo(6, 14),
  cheapSize: 1000,
  ratioSize: 1_000_000,
  chunkRowSize: 1000,
  compiledSize: 10_000,
  peerSizes: [1000, 10_000, 100_000, 1_000_000],
  tensorSide: 256,
};

/** `--quick`: a small version of everything, under a minute on a 2-core machine. */
export const QUICK_PROFILE: Profile = {
  sizes: powersOfTwo(4, 11),
  memorySizes: powersOfTwo(10, 16, 3),
  depths: powersOfTwo(10, 16, 3),
  memoryFitFrom: 1024,
  timeMs: 25,
  warmupMs: 10,
  processWarmupMs: 80,
  maxCallMs: 120,
  fitFrom: 64,
  jacobianProduct: 512,
  steps: powersOfTwo(5, 10),
  cheapSize: 256,
  ratioSize: 100_000,
  chunkRowSize: 1000,
  compiledSize: 1000,
  peerSizes: [1000, 10_000, 100_000],
  tensorSide: 128,
};

/**
 * Fresh processes per run that each time one cold transform of the zoo's longest function; the fastest is
 * reported (a cold call can only be slowed by the machine's other work, never sped up).
 */
export const COLD_PROCESSES = 3;

/** Warm repeats after the cold call, for the "once warm" figure beside it. */
export const COLD_REPEATS = 5;

/** The function of the memory sweep against the operation count: one input, `size` operations. */
export const DEPTH_FUNCTION = 'sin-chain';

/**
 * Heap figures below this are shown and fitted at this value: the memory children run with a 1 MiB
 * young generation, and garbage up to that size cannot be told apart from live data in the peak.
 */
export const HEAP_RESOLUTION_BYTES = 1024 * 1024;

/** Young-generation semi-space of the memory children, in MB (see HEAP_RESOLUTION_BYTES). */
export const MEMORY_SEMI_SPACE_MB = 1;

/**
 * A peer's gradient must match the zoo's hand-written one within this, relative to the gradient's largest
 * entry, before it is timed (float64 peers: rounding differences only).
 */
export const PEER_GRADIENT_TOLERANCE = 1e-12;

/** Sizes above this are refused: a single reverse tape of that many inputs would not fit in memory. */
export const MAX_SIZE = 2 ** 26;
