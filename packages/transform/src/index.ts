/**
 * @dualtape/transform — source transformation: plain JavaScript in (a function object, or a module's text),
 * derivative code out. `lift` rewrites it onto core's free functions so every overloading mode runs it;
 * `compile` generates tangent code (forward mode, k lanes per pass) and adjoint code (reverse mode: a forward
 * sweep that saves what the reverse sweep needs on reusable typed-array stacks) whose derivative formulas
 * all come from core's rule table. What it cannot handle is a `TransformError` with line:column and a caret.
 */
export {
  type AdjointStats,
  type CompiledFunction,
  type CompileOptions,
  compile,
  type LiftTrace,
  type SourceStatement,
  type TransformJacobianOptions,
  type TransformJvp,
  type TransformSources,
  type TransformValueAndGradient,
  type TransformVjp,
} from './compile.js';
export { type SourcePosition, TransformError } from './errors.js';
export { type Lifted, type LiftOptions, lift } from './lift.js';
export { SCOPE, SOURCE, type SourceOptions, withScope, withSource } from './pipeline.js';
