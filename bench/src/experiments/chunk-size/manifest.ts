/** The chunk-size experiment's manifest and its settings. */
import type { ExperimentManifest } from '../manifest.js';

/** The chunk-size experiment's settings. */
export interface ChunkSizeProfile {
  /** N of the forward gradients timed per chunk size k. */
  readonly chunkGradientSize: number;
  /** N of the compiled gradients timed per straight-line chunk size (all straight-line code). */
  readonly chunkCompileSize: number;
}

/** The chunk-size experiment, before it runs. */
export const CHUNK_SIZE: ExperimentManifest<'chunk-size', ChunkSizeProfile> = {
  name: 'chunk-size',
  summary: [
    'the chunk sizes the defaults pick, measured: one forward gradient per chunk size k (k',
    "tangents per pass; ForwardDiff's heuristic marked), and compileGradient's compile time and",
    'gradient per chunk size of straight-line code',
  ],
  full: { chunkGradientSize: 1000, chunkCompileSize: 100 },
  quick: { chunkGradientSize: 256, chunkCompileSize: 32 },
};

/** Chunk sizes k of the forward gradients (the default for N is added; those above N are dropped). */
export const FORWARD_CHUNK_SIZES: readonly number[] = [1, 2, 4, 8, 16, 32, 64, 128];

/** Entries per generated straight-line function compared (the default is added). */
export const COMPILE_CHUNK_SIZES: readonly number[] = [8, 16, 32, 64];
