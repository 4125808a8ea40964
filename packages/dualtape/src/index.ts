/**
 * dualtape — automatic differentiation with forward mode (dual numbers), reverse mode (a typed-array
 * tape) and finite differences (the referee) side by side, behind one import: every call takes
 * `mode: 'forward' | 'reverse' | 'numeric' | 'auto'`, and `'auto'` explains its choice. Also: `compare`
 * and `check` (every mode against the numeric reference), the computational graph of an expression, the
 * expression parser and core's free functions (so a function can be written with one import), and the
 * packages themselves as namespaces. The `dualtape` command-line tool lives in cli.ts.
 */
import * as coreModule from '@dualtape/core';
import * as expressionModule from '@dualtape/expression';
import * as forwardModule from '@dualtape/forward';
import * as numericModule from '@dualtape/numeric';
import * as reverseModule from '@dualtape/reverse';
import * as zooModule from '@dualtape/zoo';

// Core's language, so a differentiable function (and a `--module` for the CLI) needs only this import.
export {
  type Anomaly,
  AnomalyError,
  abs,
  acos,
  acosh,
  add,
  asin,
  asinh,
  atan,
  atan2,
  atanh,
  ControlFlowError,
  type Counters,
  cbrt,
  cos,
  cosh,
  type DifferentiationOptions,
  DomainError,
  DualtapeError,
  div,
  dot,
  eq,
  exp,
  expm1,
  ge,
  gt,
  hypot,
  isReal,
  le,
  log,
  log1p,
  log2,
  log10,
  logSumExp,
  lt,
  max,
  mean,
  min,
  mul,
  ne,
  neg,
  newCounters,
  ParseError,
  PerturbationError,
  pow,
  primal,
  type Real,
  relu,
  type Scalar,
  type ScalarFunction,
  ShapeError,
  sigmoid,
  sin,
  sinh,
  softplus,
  sqrt,
  square,
  stopGradient,
  sub,
  sum,
  tan,
  tanh,
  type UnivariateFunction,
  UsageError,
  type VectorFunction,
} from '@dualtape/core';
export { type ExpressionNode, formatExpression, type ParsedExpression, parse } from '@dualtape/expression';
export { type CheckAnomaly, type FindAnomalyOptions, findAnomaly } from './anomaly.js';
export { IMPLEMENTATIONS } from './backends/registry.js';
export { HVP_STRATEGIES, type HvpStrategy } from './backends/types.js';
export {
  type CandidateCheck,
  type CheckFinding,
  type CheckOptions,
  type CheckResult,
  check,
} from './check.js';
export { type ChooseModeOptions, chooseMode } from './choose-mode.js';
export {
  COMPARE_SCHEMES,
  type CompareMethod,
  type CompareOptions,
  type CompareResult,
  type CompareRow,
  compare,
  type Disagreement,
  type HandWrittenDerivative,
} from './compare.js';
export {
  DEFAULT_MAX_TAPE_BYTES,
  FORWARD_LANE_COST,
  FORWARD_NESTED_COST_FACTOR,
  FORWARD_PASS_COST,
  HESSIAN_TAPE_GROWTH,
  HVP_NESTED_TAPE_COST,
  REVERSE_RECORD_COST,
  REVERSE_SWEEP_COST,
} from './defaults.js';
export { derivative } from './derivative.js';
export { gradient } from './gradient.js';
export { type ComputationalGraph, computationalGraph, type GraphNode, type GraphOptions } from './graph.js';
export { GRAPH_DIGITS, graphToDot, graphToMermaid } from './graph-format.js';
export { hessian } from './hessian.js';
export { hvp } from './hvp.js';
export { jacobian } from './jacobian.js';
export { type JvpResult, jvp } from './jvp.js';
export {
  type ConcreteMode,
  type Implementation,
  MODES,
  type Mode,
  type ModeChoice,
  type ModeOptions,
  type NumericScheme,
  type Operation,
} from './mode.js';
export { type VjpResult, vjp } from './vjp.js';

/**
 * @dualtape/core as a namespace: the rule table, tensors' kernels and shapes — and, as before they became
 * packages of their own, the zoo (`core.ZOO`) and the expression language (`core.parse`).
 */
export const core: typeof coreModule & typeof zooModule & typeof expressionModule = Object.freeze({
  ...coreModule,
  ...zooModule,
  ...expressionModule,
});
/** @dualtape/zoo as a namespace: `ZOO`, `zooEntry` and the instances' types. */
export const zoo = zooModule;
/** @dualtape/expression as a namespace: `parse`, `formatExpression`, `pointForVariables`. */
export const expression = expressionModule;
/** @dualtape/forward as a namespace: `Dual`, `ChunkDual`, dual tensors, forward-only calls. */
export const forward = forwardModule;
/** @dualtape/reverse as a namespace: the tape, `Var`, `record`/replay, checkpointing, `Tensor`. */
export const reverse = reverseModule;
/** @dualtape/numeric as a namespace: every scheme with error estimates, `gradcheck`, `Complex`. */
export const numeric = numericModule;
