/**
 * @dualtape/agreement — random differentiable programs for testing every mode against every other: the
 * program model and its generator (fast-check arbitraries that shrink to short formulas), a generic
 * evaluator over core's free functions, printers (core's expression language, a `let` form, mathjs's
 * dialect), the guard policy that keeps programs finite and well-conditioned, the kink watch that keeps
 * the numeric referee honest, and the rounding scale used by tolerances.
 */
export {
  type ProgramArbitraryOptions,
  type ProgramCase,
  type ProgramCaseArbitraryOptions,
  programArbitrary,
  programCaseArbitrary,
  programDescriptionArbitrary,
} from './arbitrary.js';
export {
  type EvaluationTrace,
  evaluateProgram,
  programFunction,
  sameSignature,
  signatureNodes,
  traceProgram,
} from './evaluate.js';
export {
  argumentSlot,
  type Guard,
  guardValue,
  INPUT_RANGE,
  imageOf,
  POINT_RANGE,
  type Range,
  sampleInterval,
} from './guards.js';
export {
  type JavaScriptOptions,
  type JavaScriptShape,
  javascriptSource,
  loopedFunction,
} from './javascript.js';
export { absoluteHessian, absoluteJacobian } from './magnitude.js';
export {
  type ExpressionDialect,
  type ExpressionOptions,
  formatProgram,
  MATHJS_NATIVE_OPERATIONS,
  MATHJS_REWRITES,
  outputExpression,
} from './print.js';
export {
  ALL_OPERATION_NAMES,
  argumentsOf,
  type BranchComparison,
  buildProgram,
  hasBranches,
  hasReads,
  OPERATION_NAMES,
  type OperationName,
  type Program,
  type ProgramArgument,
  type ProgramDescription,
  type ProgramNode,
  type ProgramStats,
  programStats,
  type StepDescription,
  useCounts,
} from './program.js';
export { type WatchedProgram, watchKinks } from './referee.js';
