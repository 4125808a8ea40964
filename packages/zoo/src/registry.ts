/**
 * The zoo: every benchmark and test function, in one list, findable by name. Benchmarks sweep it,
 * tests loop over it, the CLI offers its names.
 */
import { closestName, UsageError } from '@dualtape/core';
import { LEAST_SQUARES, MLP_LOSS } from './fitting.js';
import {
  ACKLEY,
  CUBIC_SUM,
  DOT_2XX,
  LOGSUMEXP,
  RELU_SUM,
  ROSENBROCK,
  SELF_WEIGHTED_LOGIT,
  SOFTMAX_CANCELLATION,
} from './scalar.js';
import { BROWN, CHEBYQUAD, TIME_SERIES, TRIGONOMETRIC } from './systems.js';
import type { ZooEntry } from './types.js';
import { CONSTANT_ONE, EXP_POWER, LOGISTIC, SIN_CHAIN, SQRT_CUBIC, TAN_SQUARED } from './univariate.js';

/** Every zoo function: scalar R^N -> R first, then the R -> R set, then vector-valued ones. */
export const ZOO: readonly ZooEntry[] = Object.freeze([
  ROSENBROCK,
  ACKLEY,
  DOT_2XX,
  LEAST_SQUARES,
  LOGSUMEXP,
  MLP_LOSS,
  SOFTMAX_CANCELLATION,
  SELF_WEIGHTED_LOGIT,
  CUBIC_SUM,
  RELU_SUM,
  SIN_CHAIN,
  TAN_SQUARED,
  SQRT_CUBIC,
  EXP_POWER,
  CONSTANT_ONE,
  LOGISTIC,
  TIME_SERIES,
  CHEBYQUAD,
  BROWN,
  TRIGONOMETRIC,
]);

const BY_NAME = new Map(ZOO.map((entry) => [entry.name, entry]));

/**
 * The zoo entry called `name`.
 *
 * @throws UsageError `unknown zoo function 'x' (did you mean ...?)`, listing the names when none is close.
 */
export function zooEntry(name: string): ZooEntry {
  const entry = BY_NAME.get(name);
  if (entry !== undefined) return entry;
  const names = [...BY_NAME.keys()];
  const suggestion = closestName(String(name), names);
  const hint =
    suggestion === undefined ? `; available: ${names.join(', ')}` : ` (did you mean '${suggestion}'?)`;
  throw new UsageError(`unknown zoo function '${String(name)}'${hint}`);
}
