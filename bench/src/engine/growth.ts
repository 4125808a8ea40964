/**
 * How a zoo function grows along a sweep, measured rather than assumed: its operation count (the reverse
 * tape's entries, exact) and its input count at every size, fitted against the sweep's x. The theory's
 * predictions are then exact for each function: least-squares is O(N²), sin-chain has one input.
 */
import { newCounters, seededRandom } from '@dualtape/core';
import { gradient } from '@dualtape/reverse';
import type { ZooEntry, ZooScalarInstance } from '@dualtape/zoo';
import { type Growth, LINEAR_GROWTH } from '../theory.js';
import { fitPowerLaw } from './fit.js';
import { describeError } from './sweep.js';

/** A zoo function's growth along a list of sizes. */
export interface MeasuredGrowth {
  readonly growth: Growth;
  /** The sweep's x for a size: N when N varies with the size, the size itself otherwise. */
  readonly xOf: (size: number) => number;
  /** What x is, for chart axes. */
  readonly xLabel: string;
  /** Tape entries of one evaluation, by size (absent where counting failed). */
  readonly operations: ReadonlyMap<number, number>;
  /** One sentence on what was found (or why the O(N) default is used). */
  readonly note: string;
}

/** A scalar zoo instance at `size` and its seeded input point. */
export interface ScalarPoint {
  readonly instance: ZooScalarInstance;
  readonly x: Float64Array;
}

/** Instantiates scalar zoo points lazily, once per size. */
export function scalarPoints(entry: ZooEntry, seed: number): (size: number) => ScalarPoint {
  const cache = new Map<number, ScalarPoint>();
  return (size) => {
    let point = cache.get(size);
    if (point === undefined) {
      const instance = entry.instantiate(size);
      if (instance.kind !== 'scalar') throw new Error(`'${entry.name}' is not a scalar function`);
      point = { instance, x: instance.sample(seededRandom(seed)) };
      cache.set(size, point);
    }
    return point;
  };
}

/**
 * Counts the operations of `entry` at every size (one reverse gradient each) and fits how they and the
 * inputs grow against x (sizes >= `fitFrom` when at least two are, all otherwise).
 */
export function measureGrowth(
  entry: ZooEntry,
  sizes: readonly number[],
  pointAt: (size: number) => ScalarPoint,
  fitFrom: number,
): MeasuredGrowth {
  const inputs = sizes.map((size) => entry.inputSize(size));
  const inputsVary = new Set(inputs).size > 1;
  const xOf = inputsVary ? (size: number) => entry.inputSize(size) : (size: number) => size;
  const xLabel = inputsVary
    ? 'N (inputs)'
    : `size (${entry.name} has ${inputs[0]} input${inputs[0] === 1 ? '' : 's'})`;
  const operations = new Map<number, number>();
  let failure: string | undefined;
  for (const size of sizes) {
    try {
      const { instance, x } = pointAt(size);
      const counters = newCounters();
      gradient(instance.f, x, { counters });
      if (counters.operations > 0) operations.set(size, counters.operations);
    } catch (error) {
      failure ??= `size ${size}: ${describeError(error)}`;
    }
  }
  const counted = sizes.filter((size) => operations.has(size));
  const large = counted.filter((size) => xOf(size) >= fitFrom);
  const used = large.length >= 2 ? large : counted;
  if (new Set(used.map(xOf)).size < 2) {
    return {
      growth: LINEAR_GROWTH,
      xOf,
      xLabel,
      operations,
      note: `operation counts unavailable (${failure ?? 'too few sizes'}); theory assumes O(N) operations`,
    };
  }
  const xs = used.map(xOf);
  const operationExponent = fitPowerLaw(
    xs,
    used.map((size) => operations.get(size)!),
  ).exponent;
  const inputExponent = inputsVary
    ? fitPowerLaw(
        xs,
        used.map((size) => entry.inputSize(size)),
      ).exponent
    : 0;
  const growth = { operations: polynomialDegree(operationExponent), inputs: polynomialDegree(inputExponent) };
  return {
    growth,
    xOf,
    xLabel,
    operations,
    note:
      `${entry.name}: tape operations grow like x^${growth.operations} (fitted ${operationExponent.toFixed(3)}), ` +
      `inputs like x^${growth.inputs} (counted on the reverse tape at every size)`,
  };
}

/**
 * Operation counts of the zoo functions are polynomials in the size (N inputs, a sum per term, a 2N×N
 * matrix...); lower-order terms bend a fit over small sizes by a few hundredths. The theory uses the
 * degree: the fitted exponent rounded to the nearest half.
 */
function polynomialDegree(exponent: number): number {
  return Math.round(exponent * 2) / 2;
}
