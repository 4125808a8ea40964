/**
 * @dualtape/forward — forward-mode automatic differentiation: dual numbers (one tangent), chunked duals
 * (k tangents in typed arrays), tags for nested derivatives, and dual tensors. The operators have the same
 * names and signatures as @dualtape/reverse and @dualtape/numeric.
 */

export { CHUNK_THRESHOLD, ChunkDual, defaultChunkSize } from './chunk.js';
export { derivative } from './derivative.js';
export { Dual } from './dual.js';
export { type ChunkOptions, gradient } from './gradient.js';
export { hessian } from './hessian.js';
export { hvp } from './hvp.js';
export { jacobian } from './jacobian.js';
export { type JvpResult, jvp } from './jvp.js';
export { Tag } from './tag.js';
export { constantTensor, DualTensor, dualTensor, tensorJvp } from './tensor.js';
export type { DifferentiableScalar, DifferentiableUnivariate, DifferentiableVector } from './types.js';
