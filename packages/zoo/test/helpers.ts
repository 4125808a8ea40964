/**
 * What the zoo's tests share: tolerance rows and point counts (named once, here), the traced \`Real\`
 * test double, and typed access to zoo instances.
 */
import { TOLERANCES } from '@dualtape/testing';
import { type ZooScalarInstance, type ZooVectorInstance, zooEntry } from '../src/index.js';

export { TracedNumber, traced } from '@dualtape/testing';

/** AD-level results against the 9-point oracle stencil. */
export const ORACLE_TOLERANCE = TOLERANCES.oracle;
/** Results that differ only by rounding (hand-derived closed forms, the same sum in another order). */
export const EXACT_TOLERANCE = TOLERANCES.exact;
/** Sampled points per zoo function and size. */
export const POINTS_PER_ZOO_SIZE = 12;

/** The scalar instance of `name` at `size` (failing loudly if the entry is vector-valued). */
export function scalarInstance(name: string, size?: number): ZooScalarInstance {
  const entry = zooEntry(name);
  const instance = entry.instantiate(size ?? entry.defaultSize);
  if (instance.kind !== 'scalar') throw new Error(`${name} is not scalar`);
  return instance;
}

/** The vector instance of `name` at `size` (failing loudly if the entry is scalar). */
export function vectorInstance(name: string, size?: number): ZooVectorInstance {
  const entry = zooEntry(name);
  const instance = entry.instantiate(size ?? entry.defaultSize);
  if (instance.kind !== 'vector') throw new Error(`${name} is not vector-valued`);
  return instance;
}

/** The analytic gradient and value at `x`. */
export function analytic(
  instance: ZooScalarInstance,
  x: ArrayLike<number>,
): { value: number; gradient: number[] } {
  if (instance.analyticGradient === undefined) throw new Error(`${instance.name} has no analytic gradient`);
  const gradient = new Float64Array(instance.inputSize);
  const value = instance.analyticGradient(Float64Array.from(x), gradient);
  return { value, gradient: Array.from(gradient) };
}
