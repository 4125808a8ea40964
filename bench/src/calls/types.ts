/**
 * What a kind of call is to the engine: plain data (a spec) that a child process can receive, and the
 * functions that build it, shrink it for a warm-up, key its warm-up, complete it at a size and name it.
 * Each experiment declares the kinds it times next to itself (experiments/<name>/calls.ts); the zoo's
 * functions in a mode, which several experiments time, are calls/zoo.ts. calls/registry.ts lists them.
 */

/** A prepared call: run it to compute once more at the prepared point. */
export type PreparedCall = () => unknown;

/** A built call, and numbers about it that are not times (tape entries, peak tape bytes). */
export interface BuiltCall {
  readonly call: PreparedCall;
  /** Counts from one extra call (reverse modes: operations and peak tape bytes); undefined otherwise. */
  readonly stats?: () => Readonly<Record<string, number>>;
}

/**
 * One kind of call. `Spec` is its data (with a `kind` tag); `SizeKey` the field a sweep sets per point
 * (N, the steps of a loop, the data points of the GMM).
 */
export interface CallKind<Spec extends { readonly kind: string }, SizeKey extends keyof Spec & string> {
  readonly kind: Spec['kind'];
  /** The field of `Spec` a sweep completes per point. */
  readonly sizeKey: SizeKey;
  /** Builds the call and everything it needs beforehand, outside any timed loop (async: peers load on demand). */
  prepare(spec: Spec): BuiltCall | Promise<BuiltCall>;
  /**
   * The same call at a small size: what a fresh process runs first, many times, so that V8 has optimized
   * the code before the real size is timed.
   */
  small(spec: Spec): Spec;
  /** Calls that warm up the same code (the same function in the same mode), whatever their size, share it. */
  warmupKey(spec: Spec): string;
  /** The call in a few words, for progress lines. */
  describe(spec: Spec): string;
}

/** What a call's warm-up runs at: small enough that a cold call costs microseconds. */
export const SMALL_SIZE = 32;
/** The small side of the tensor programs' warm-up. */
export const SMALL_SIDE = 8;
