/**
 * The call several experiments time: a scalar function of the zoo in one mode (modes.ts) at a size and a
 * seeded point — the gradient sweep, the memory sweep, the cheap-gradient ratios and the peers' rows.
 */
import { newCounters, seededRandom, UsageError } from '@dualtape/core';
import { zooEntry } from '@dualtape/zoo';
import type { ModeId } from '../modes.js';
import { prepareScalarCall, type TransformSource } from '../modes.js';
import { type BuiltCall, type CallKind, SMALL_SIZE } from './types.js';

/** A scalar zoo function in one mode (`prepareScalarCall`'s modes). */
export interface ZooCall {
  readonly kind: 'zoo';
  readonly fn: string;
  readonly size: number;
  readonly mode: ModeId;
  readonly seed: number;
  /** The text the transform modes compile (see `TransformSource`). @default 'generic' */
  readonly source?: TransformSource;
}

/** A scalar zoo instance and its seeded point. */
export function zooPoint(fn: string, size: number, seed: number) {
  const instance = zooEntry(fn).instantiate(size);
  if (instance.kind !== 'scalar')
    throw new UsageError(`'${fn}' is a vector function; a scalar one is needed here`);
  return { instance, x: instance.sample(seededRandom(seed)) };
}

function prepareZooCall(spec: ZooCall): BuiltCall {
  const { instance, x } = zooPoint(spec.fn, spec.size, spec.seed);
  const call = prepareScalarCall(spec.mode, instance, x, undefined, spec.source);
  if (!spec.mode.startsWith('reverse') && spec.mode !== 'transform-reverse') return { call };
  return {
    call,
    stats: (): Readonly<Record<string, number>> => {
      const counters = newCounters();
      prepareScalarCall(spec.mode, instance, x, counters, spec.source)();
      return spec.mode === 'transform-reverse'
        ? { savedBytes: counters.peakTapeBytes }
        : { operations: counters.operations, peakTapeBytes: counters.peakTapeBytes };
    },
  };
}

/** The zoo call kind. */
export const ZOO_CALLS: CallKind<ZooCall, 'size'> = {
  kind: 'zoo',
  sizeKey: 'size',
  prepare: prepareZooCall,
  small: (spec) => ({ ...spec, size: Math.max(zooEntry(spec.fn).minSize, Math.min(spec.size, SMALL_SIZE)) }),
  warmupKey: (spec) => `zoo/${spec.fn}/${spec.mode}/${spec.source ?? 'generic'}`,
  describe: (spec) => `${spec.fn} ${spec.mode} at ${spec.size}`,
};
