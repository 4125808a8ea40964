/** The peers experiment's manifest, its settings and its constants. */
import type { ExperimentManifest } from '../manifest.js';

/** The peers experiment's settings. */
export interface PeersProfile {
  /** N of the ratio rows stated at 10^6. */
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

/** The peers experiment, before it runs. */
export const PEERS: ExperimentManifest<'peers', PeersProfile> = {
  name: 'peers',
  aliases: ['ratios'],
  summary: [
    "speed ratios against dualtape's targets (gradient ÷ plain evaluation, tape bytes per",
    'operation, ...) and against other libraries: TensorFlow.js (cpu and wasm), jax-js,',
    "ADBench's GMM, the transform's cold start (alias: ratios)",
  ],
  full: {
    ratioSize: 1_000_000,
    chunkRowSize: 1000,
    compiledSize: 10_000,
    peerSizes: [1000, 10_000, 100_000, 1_000_000],
    tensorSide: 256,
  },
  quick: {
    ratioSize: 100_000,
    chunkRowSize: 1000,
    compiledSize: 1000,
    peerSizes: [1000, 10_000, 100_000],
    tensorSide: 128,
  },
};

/**
 * Fresh processes per run that each time one cold transform of the zoo's longest function; the fastest is
 * reported (a cold call can only be slowed by the machine's other work, never sped up).
 */
export const COLD_PROCESSES = 3;

/** Warm repeats after the cold call, for the "once warm" figure beside it. */
export const COLD_REPEATS = 5;

/**
 * A peer's gradient must match the zoo's hand-written one within this, relative to the gradient's largest
 * entry, before it is timed (float64 peers: rounding differences only).
 */
export const PEER_GRADIENT_TOLERANCE = 1e-12;
