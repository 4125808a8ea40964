/**
 * @dualtape/core — the shared language of dualtape: the operation set every number type implements,
 * the one table of derivative rules (as formulas), the free math functions, tensor kernels and their
 * rules, input validation, and the error classes. The expression language and the function zoo, which
 * no mode needs, are packages of their own (@dualtape/expression, @dualtape/zoo).
 */

export {
  type Anomaly,
  AnomalyError,
  type AnomalyFields,
  type AnomalyQuantity,
  anomaly,
  nonFinite,
} from './anomaly.js';
export { CHUNK_THRESHOLD, defaultChunkSize } from './chunk-size.js';
export {
  type Counters,
  DIFFERENTIATION_OPTIONS,
  type DifferentiationOptions,
  newCounters,
} from './counters.js';
export { dot, logSumExp, mean, relu, sigmoid, softplus, sum } from './derived.js';
export {
  ControlFlowError,
  caretExcerpt,
  DomainError,
  DualtapeError,
  OperatorError,
  ParseError,
  PerturbationError,
  ShapeError,
  UsageError,
} from './errors.js';
export {
  apply,
  argument,
  COMPARISON_OPERATORS,
  type Condition,
  compileFormula,
  conditions,
  evaluateFormula,
  type Formula,
  type FormulaLike,
  type FormulaReads,
  type FormulaRuntime,
  type FormulaSpelling,
  formula,
  formulaReads,
  formulaSource,
  numberLiteral,
  operationsApplied,
  RESULT,
  select,
} from './formula.js';
export { addTangents, binaryValue, compareValues, unaryValue } from './generic.js';
export { closestName } from './internal/names.js';
export {
  enterDifferentiation,
  insideDifferentiation,
  leaveDifferentiation,
  nestingLevelOf,
} from './nesting.js';
export { asVectorFunction, plainValue } from './plain.js';
export { strongZeroProduct, strongZeroScale } from './products.js';
export { seededRandom, seededUniform } from './random.js';
export {
  type BinaryRow,
  type Comparison,
  isReal,
  primal,
  type Real,
  type Row,
  type Scalar,
  type ScalarFunction,
  type UnaryRow,
  type UnivariateFunction,
  type VectorFunction,
} from './real.js';
export {
  abs,
  acos,
  acosh,
  add,
  asin,
  asinh,
  atan,
  atan2,
  atanh,
  type Binary,
  type BinaryName,
  type BinaryRule,
  cbrt,
  comparePrimals,
  comparePrimalWith,
  cos,
  cosh,
  div,
  eq,
  exp,
  expm1,
  FUNCTIONS,
  ge,
  gt,
  hypot,
  le,
  log,
  log1p,
  log2,
  log10,
  lt,
  max,
  min,
  mul,
  nanGuarded,
  ne,
  neg,
  plainFormulaSource,
  pow,
  RULES,
  RULES_BY_CODE,
  type Rule,
  type RuleName,
  ruleNamed,
  type SampleInterval,
  sin,
  sinh,
  sqrt,
  square,
  stopGradient,
  sub,
  tan,
  tanh,
  type Unary,
  type UnaryName,
  type UnaryRule,
} from './rules.js';
export {
  addInto,
  binaryPartials,
  dotKernel,
  mapBinary,
  mapUnary,
  matmulKernel,
  multiplyPartial,
  reduceToLength,
  sumKernel,
  unaryPartial,
} from './tensor/kernels.js';
export type { ElementwiseBinary, ElementwiseUnary, TensorLike } from './tensor/like.js';
export { type MatmulDims, matmulDims, TENSOR_RULES } from './tensor/rules.js';
export {
  broadcastShape,
  checkShape,
  formatShape,
  matmulShape,
  type Shape,
  sameShape,
  sizeOf,
} from './tensor/shape.js';
export { formatBytes, formatCount, formatShort, plural } from './units.js';
export {
  checkDifferentiationOptions,
  checkDirection,
  checkFunction,
  checkNumber,
  checkOptions,
  checkPoint,
  checkScalarNumber,
  checkScalarPoint,
  describePoint,
  describeValue,
  isScalar,
  outputTypeError,
  singleOutputError,
} from './validate.js';
