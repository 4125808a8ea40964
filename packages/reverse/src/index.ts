/**
 * @dualtape/reverse — reverse-mode automatic differentiation: a typed-array tape swept backwards once
 * per gradient, the `Var` number type that records on it, gradients, Jacobians, VJPs and Hessians,
 * recordings replayable at new inputs, checkpointing, and a PyTorch-style `Tensor`.
 *
 * Layers, bottom up: tape.ts (the entries, their one decoder, replay, seed-and-sweep, replay failures);
 * internal/tape/ (what reads or holds tapes and knows no `Var`: the pool, recording sessions, the anomaly
 * watch, the code generator); var.ts; internal/calls/ (the skeleton every call shares: inputs, record,
 * check the output, sweep); the public calls. internal/tensor/ is the Tensor's own storage and graph.
 */

export {
  type CheckpointedLoopOptions,
  checkpoint,
  checkpointedLoop,
  type LoopStep,
  type StateSegment,
} from './checkpoint.js';
export {
  type CompiledGradient,
  type CompileGradientOptions,
  compileGradient,
  DEFAULT_COMPILE_CHUNK_SIZE,
  DEFAULT_MAX_COMPILED_ENTRIES,
  DEFAULT_MAX_LOOP_PERIOD,
  DEFAULT_MAX_STRAIGHT_LINE,
} from './compile.js';
export { derivative } from './derivative.js';
export { gradient } from './gradient.js';
export { hessian } from './hessian.js';
export { hvp } from './hvp.js';
export { jacobian } from './jacobian.js';
export { NestedVar } from './nested.js';
export { type Recording, record } from './record.js';
export { releaseTapeMemory, type TapeStats, tapeStats } from './stats.js';
export { BYTES_PER_ENTRY } from './tape.js';
export { type ValueAndGradient, valueAndGradient } from './value-and-gradient.js';
export { Var } from './var.js';
export { type VectorJacobianProduct, vjp } from './vjp.js';

// Tensor API

export {
  arange,
  type BackwardOptions,
  type FactoryOptions,
  full,
  isGradEnabled,
  type NestedNumbers,
  noGrad,
  ones,
  Tensor,
  type TensorData,
  type TensorOptions,
  tensor,
  zeros,
} from './tensor.js';
