/**
 * @dualtape/zoo — the function zoo: the classic test functions of DiffTests and Moré–Garbow–Hillstrom
 * (univariate, R^N -> R, and nonlinear systems R^N -> R^N, plus least squares and a small MLP loss), each
 * written once with core's free functions, with its sampler, its plain-number twin and, where there is one,
 * a hand-written analytic gradient. The benchmarks, the CLI's `--zoo` and the tests draw on it; no mode
 * imports it.
 */
export { LEAST_SQUARES_ROWS_PER_INPUT, MLP_FEATURES, MLP_SAMPLES } from './fitting.js';
export { ZOO, zooEntry } from './registry.js';
export { SOFTMAX_ROWS } from './scalar.js';
export type {
  ZooEntry,
  ZooInstance,
  ZooInstanceBase,
  ZooScalarInstance,
  ZooVectorInstance,
} from './types.js';
