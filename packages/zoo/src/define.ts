/**
 * Builders that turn a zoo function's definition (its size rules and a `build(size)`) into a `ZooEntry`,
 * so size checking and instance bookkeeping are written once, plus the domain samplers entries share.
 */
import { type ScalarFunction, UsageError, type VectorFunction } from '@dualtape/core';
import type { ZooEntry, ZooScalarInstance, ZooVectorInstance } from './types.js';

/** A point sampler: fills a point of the function's domain from a uniform [0,1) generator. */
export type Sampler = (random: () => number) => Float64Array;

interface EntrySpec {
  readonly name: string;
  readonly description: string;
  readonly defaultSize: number;
  readonly minSize: number;
  readonly inputSize: (size: number) => number;
}

/** How a scalar zoo function is defined: its metadata and how to build it at a (checked) size. */
export interface ScalarEntrySpec extends EntrySpec {
  readonly build: (size: number) => {
    readonly f: ScalarFunction;
    readonly plain: (x: Float64Array) => number;
    readonly analyticGradient?: (x: Float64Array, gradient: Float64Array) => number;
    readonly sample: Sampler;
    /** The values f's text reads besides core's functions (see `ZooInstanceBase.scope`). @default {} */
    readonly scope?: Readonly<Record<string, unknown>>;
  };
}

/** How a vector zoo function is defined: its metadata and how to build it at a (checked) size. */
export interface VectorEntrySpec extends EntrySpec {
  readonly outputSize: (size: number) => number;
  readonly build: (size: number) => {
    readonly f: VectorFunction;
    readonly plain: (x: Float64Array) => Float64Array;
    readonly sample: Sampler;
    /** The values f's text reads besides core's functions (see `ZooInstanceBase.scope`). @default {} */
    readonly scope?: Readonly<Record<string, unknown>>;
  };
}

/**
 * Where a function carries the scope its text reads, for source transformation (@dualtape/transform's
 * `SCOPE`, a registered symbol so core need not import it).
 */
const TRANSFORM_SCOPE = Symbol.for('dualtape.scope');

/** `f` carrying `scope` under TRANSFORM_SCOPE. */
function carryingScope<F extends object>(f: F, scope: Readonly<Record<string, unknown>>): F {
  Object.defineProperty(f, TRANSFORM_SCOPE, { value: scope, enumerable: false, configurable: true });
  return f;
}

function checkSize(spec: EntrySpec, size: number): void {
  if (typeof size !== 'number' || !Number.isInteger(size) || size < spec.minSize) {
    throw new UsageError(
      `zoo function '${spec.name}': size must be an integer >= ${spec.minSize}, got ${String(size)}`,
    );
  }
}

/** A zoo entry for a function R^N -> R. */
export function scalarEntry(spec: ScalarEntrySpec): ZooEntry {
  return {
    name: spec.name,
    description: spec.description,
    kind: 'scalar',
    defaultSize: spec.defaultSize,
    minSize: spec.minSize,
    inputSize: (size) => {
      checkSize(spec, size);
      return spec.inputSize(size);
    },
    outputSize: (size) => {
      checkSize(spec, size);
      return 1;
    },
    instantiate: (size): ZooScalarInstance => {
      checkSize(spec, size);
      const built = spec.build(size);
      const instance: ZooScalarInstance = {
        kind: 'scalar',
        name: spec.name,
        size,
        inputSize: spec.inputSize(size),
        outputSize: 1,
        f: carryingScope(built.f, built.scope ?? {}),
        plain: built.plain,
        sample: built.sample,
        scope: built.scope ?? {},
      };
      return built.analyticGradient === undefined
        ? instance
        : { ...instance, analyticGradient: built.analyticGradient };
    },
  };
}

/** A zoo entry for a function R^N -> R^M. */
export function vectorEntry(spec: VectorEntrySpec): ZooEntry {
  return {
    name: spec.name,
    description: spec.description,
    kind: 'vector',
    defaultSize: spec.defaultSize,
    minSize: spec.minSize,
    inputSize: (size) => {
      checkSize(spec, size);
      return spec.inputSize(size);
    },
    outputSize: (size) => {
      checkSize(spec, size);
      return spec.outputSize(size);
    },
    instantiate: (size): ZooVectorInstance => {
      checkSize(spec, size);
      const built = spec.build(size);
      return {
        kind: 'vector',
        name: spec.name,
        size,
        inputSize: spec.inputSize(size),
        outputSize: spec.outputSize(size),
        f: carryingScope(built.f, built.scope ?? {}),
        plain: built.plain,
        sample: built.sample,
        scope: built.scope ?? {},
      };
    },
  };
}

/** Samples every coordinate uniformly in [min, max). */
export function uniformBox(length: number, min: number, max: number): Sampler {
  return (random) => {
    const point = new Float64Array(length);
    for (let i = 0; i < length; i++) point[i] = min + (max - min) * random();
    return point;
  };
}

/**
 * Samples every coordinate with |x| in [gap, max) and a random sign: for functions with a kink at 0
 * (ReLU), so that finite-difference stencils around the point do not straddle the kink.
 */
export function awayFromZero(length: number, gap: number, max: number): Sampler {
  return (random) => {
    const point = new Float64Array(length);
    for (let i = 0; i < length; i++) {
      const magnitude = gap + (max - gap) * random();
      point[i] = random() < 0.5 ? -magnitude : magnitude;
    }
    return point;
  };
}
