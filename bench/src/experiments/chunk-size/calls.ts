/**
 * What the chunk-size experiment times: a forward gradient with k tangents per pass, and compileGradient
 * with a given number of entries per straight-line function (everything generated, no loops) — compiling
 * it, or running the compiled gradient.
 */
import { gradient } from '@dualtape/forward';
import { compileGradient } from '@dualtape/reverse';
import { zooEntry } from '@dualtape/zoo';
import { type CallKind, SMALL_SIZE } from '../../calls/types.js';
import { zooPoint } from '../../calls/zoo.js';

/** What is timed at one chunk size. */
export type ChunkWork = 'forward-gradient' | 'compile' | 'compiled-gradient';

/** A zoo function at one chunk size. */
export interface ChunkCall {
  readonly kind: 'chunk';
  readonly fn: string;
  readonly size: number;
  readonly seed: number;
  readonly work: ChunkWork;
  readonly chunkSize: number;
}

/** Everything as straight-line code: the layout whose chunk size matters. */
const STRAIGHT_LINE = { maxLoopPeriod: 0, maxStraightLine: Number.POSITIVE_INFINITY } as const;

/** Longest the compiled gradient is called before timing, waiting for V8 to optimize its functions. */
const STEADY_LIMIT_MS = 2000;

/** Shortest: the first calm rounds can come before V8's background compiler has finished. */
const STEADY_MIN_MS = 300;

/**
 * Calls `call` in rounds until three rounds in a row are no faster than the best (V8 optimizes generated
 * functions in the background, about 0.3 ms per straight-line entry, and until then they run slowly) and
 * STEADY_MIN_MS has passed, or until STEADY_LIMIT_MS. Each round is about 10^5 entries of work.
 */
function untilSteady(call: () => unknown, entries: number): void {
  const repeats = Math.max(1, Math.round(1e5 / Math.max(1, entries)));
  const start = performance.now();
  let best = Number.POSITIVE_INFINITY;
  let calm = 0;
  for (;;) {
    const elapsed = performance.now() - start;
    if (elapsed >= STEADY_LIMIT_MS || (calm >= 3 && elapsed >= STEADY_MIN_MS)) break;
    const roundStart = performance.now();
    for (let i = 0; i < repeats; i++) call();
    const round = performance.now() - roundStart;
    calm = round > best * 0.95 ? calm + 1 : 0;
    best = Math.min(best, round);
  }
}

/** The chunk-size call kind. */
export const CHUNK_CALLS: CallKind<ChunkCall, 'size'> = {
  kind: 'chunk',
  sizeKey: 'size',
  prepare: (spec) => {
    const { instance, x } = zooPoint(spec.fn, spec.size, spec.seed);
    const f = instance.f;
    const options = { chunkSize: spec.chunkSize, ...STRAIGHT_LINE };
    switch (spec.work) {
      case 'forward-gradient':
        return { call: () => gradient(f, x, { chunkSize: spec.chunkSize }) };
      case 'compile':
        return { call: () => compileGradient(f, x, options) };
      case 'compiled-gradient': {
        const compiled = compileGradient(f, x, options);
        const result = new Float64Array(x.length);
        untilSteady(() => compiled(x, result), compiled.entries);
        return {
          call: () => compiled(x, result),
          stats: () => ({ functions: compiled.functions, sourceLength: compiled.sourceLength }),
        };
      }
    }
  },
  small: (spec) => {
    const size = Math.max(zooEntry(spec.fn).minSize, Math.min(spec.size, SMALL_SIZE));
    // k tangents per pass cannot exceed N; entries per generated function can be anything.
    const inputs = zooEntry(spec.fn).inputSize(size);
    const chunkSize = spec.work === 'forward-gradient' ? Math.min(spec.chunkSize, inputs) : spec.chunkSize;
    return { ...spec, size, chunkSize };
  },
  warmupKey: (spec) => `chunk/${spec.fn}/${spec.work}/${spec.chunkSize}`,
  describe: (spec) => `${spec.fn} ${spec.work} at ${spec.size}, chunk ${spec.chunkSize}`,
};
