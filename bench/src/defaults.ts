/**
 * The defaults every experiment shares — sizes, time budgets, caps and verdict tolerances, for the full
 * run and for `--quick` — and the profile they make with each experiment's own slice (its manifest.ts).
 * The full run is sized to finish in a few minutes on a 2-core machine, the quick run in well under a
 * minute; both are measured and reported, never asserted.
 */
import { CHEAP_GRADIENT, type CheapGradientProfile } from './experiments/cheap-gradient/manifest.js';
import { CHUNK_SIZE, type ChunkSizeProfile } from './experiments/chunk-size/manifest.js';
import { GRADIENT } from './experiments/gradient/manifest.js';
import { JACOBIAN, type JacobianProfile } from './experiments/jacobian/manifest.js';
import { MEMORY, type MemoryProfile } from './experiments/memory/manifest.js';
import { PEERS, type PeersProfile } from './experiments/peers/manifest.js';
import { powersOfTwo } from './internal/sizes.js';

/** The experiments' manifests, in the order `dualtape bench` runs them when none is named. */
export const EXPERIMENT_MANIFESTS = [GRADIENT, JACOBIAN, MEMORY, CHEAP_GRADIENT, PEERS, CHUNK_SIZE] as const;

/** Name of one experiment. */
export type ExperimentName = (typeof EXPERIMENT_MANIFESTS)[number]['name'];

/** The experiments, in the order `dualtape bench` runs them when none is named. */
export const EXPERIMENT_NAMES: readonly ExperimentName[] = EXPERIMENT_MANIFESTS.map(
  (manifest) => manifest.name,
);

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

/** The settings of every sweep that differ between the full run and `--quick`. */
export interface SweepProfile {
  /** Input sizes N of the gradient sweep (and of every sweep when `--sizes` is given). */
  readonly sizes: readonly number[];
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
}

/** Settings that differ between the full run and `--quick`: the sweeps' and each experiment's slice. */
export type Profile = SweepProfile &
  JacobianProfile &
  MemoryProfile &
  CheapGradientProfile &
  PeersProfile &
  ChunkSizeProfile;

const FULL_SWEEP: SweepProfile = {
  sizes: powersOfTwo(4, 16),
  timeMs: 300,
  warmupMs: 60,
  processWarmupMs: 400,
  maxCallMs: 2500,
  fitFrom: 256,
};

const QUICK_SWEEP: SweepProfile = {
  sizes: powersOfTwo(4, 11),
  timeMs: 25,
  warmupMs: 10,
  processWarmupMs: 80,
  maxCallMs: 120,
  fitFrom: 64,
};

/** The default run: a few minutes on a 2-core machine. */
export const FULL_PROFILE: Profile = Object.assign(
  { ...FULL_SWEEP },
  ...EXPERIMENT_MANIFESTS.map((manifest) => manifest.full),
);

/** `--quick`: a small version of everything, under a minute on a 2-core machine. */
export const QUICK_PROFILE: Profile = Object.assign(
  { ...QUICK_SWEEP },
  ...EXPERIMENT_MANIFESTS.map((manifest) => manifest.quick),
);

/**
 * Heap figures below this are shown and fitted at this value: the memory children run with a 1 MiB
 * young generation, and garbage up to that size cannot be told apart from live data in the peak.
 */
export const HEAP_RESOLUTION_BYTES = 1024 * 1024;

/** Young-generation semi-space of the memory children, in MB (see HEAP_RESOLUTION_BYTES). */
export const MEMORY_SEMI_SPACE_MB = 1;

/** Sizes above this are refused: a single reverse tape of that many inputs would not fit in memory. */
export const MAX_SIZE = 2 ** 26;
