/**
 * Every kind of call the benchmarks time, by its `kind` tag, and the four things the engine does with a
 * call as data (`CallSpec`, sent to a child process and built there): build it, shrink it for a warm-up,
 * key its warm-up, complete it at a size, name it. A new kind is declared with its experiment
 * (experiments/<name>/calls.ts) and listed here once.
 */
import { UsageError } from '@dualtape/core';
import { CHUNK_CALLS } from '../experiments/chunk-size/calls.js';
import { JACOBIAN_CALLS } from '../experiments/jacobian/calls.js';
import { LOOP_CALLS } from '../experiments/memory/calls.js';
import {
  GMM_CALLS,
  JAX_CALLS,
  TENSOR_CALLS,
  TFJS_CALLS,
  TRANSFORM_COMPILE_CALLS,
} from '../experiments/peers/calls.js';
import type { BuiltCall, CallKind } from './types.js';
import { ZOO_CALLS } from './zoo.js';

const KINDS = [
  ZOO_CALLS,
  JACOBIAN_CALLS,
  LOOP_CALLS,
  TENSOR_CALLS,
  TFJS_CALLS,
  JAX_CALLS,
  GMM_CALLS,
  TRANSFORM_COMPILE_CALLS,
  CHUNK_CALLS,
] as const;

type Kinds = (typeof KINDS)[number];
type SpecOf<K> = K extends CallKind<infer Spec, infer _Size> ? Spec : never;
type TemplateOf<K> = K extends CallKind<infer Spec, infer Size> ? Omit<Spec, Size> : never;

/** One call to time, as data. */
export type CallSpec = SpecOf<Kinds>;

/** A call spec without its size, completed per point of a sweep (`atSize`). */
export type CallTemplate = TemplateOf<Kinds>;

// biome-ignore lint/suspicious/noExplicitAny: the map is keyed by the tag each kind's spec carries.
const BY_KIND = new Map<string, CallKind<any, any>>(KINDS.map((kind) => [kind.kind, kind]));

// biome-ignore lint/suspicious/noExplicitAny: see BY_KIND.
function kindOf(spec: { readonly kind: string }): CallKind<any, any> {
  const kind = BY_KIND.get(spec.kind);
  if (kind === undefined) throw new UsageError(`unknown call kind in ${JSON.stringify(spec)}`);
  return kind;
}

/**
 * Builds `spec`'s call. Async only because the peers load on demand.
 * @throws UsageError for a spec that names nothing the benchmarks know.
 */
export async function prepareCall(spec: CallSpec): Promise<BuiltCall> {
  return kindOf(spec).prepare(spec);
}

/**
 * The same call at a small size: what a fresh process runs first, many times, so that V8 has optimized the
 * mode's code before the real size is timed. (Cold, a reverse gradient of Rosenbrock at N = 256 took 5–30 ms
 * per call for its first few dozen calls, 67 µs once optimized; at N = 10^6 cold calls would take seconds.)
 */
export function smallVariant(spec: CallSpec): CallSpec {
  return kindOf(spec).small(spec);
}

/** Calls that warm up the same code (the same function in the same mode), whatever their size. */
export function warmupKey(spec: CallSpec): string {
  return kindOf(spec).warmupKey(spec);
}

/**
 * The spec of `template` at `size` (N for zoo, tfjs and jax calls, inputs for the Jacobian, steps for the
 * loop, the data points of the GMM, the side of the tensor program).
 */
export function atSize(template: CallTemplate, size: number): CallSpec {
  return { ...template, [kindOf(template).sizeKey]: size } as CallSpec;
}

/** A call in a few words, for progress lines. */
export function describeCall(spec: CallSpec): string {
  return kindOf(spec).describe(spec);
}
