/**
 * @dualtape/numeric — the referee: finite differences (one-sided, central, 5- and 7-point stencils),
 * Richardson extrapolation and the complex step, each with an error estimate; gradcheck, which compares
 * any gradient or Jacobian with them; and the dot-product test for JVP/VJP pairs. The calls have the
 * same names and signatures as forward and reverse mode's. Numeric never imports forward or reverse.
 */

export { Complex } from './complex.js';
export {
  DEFAULT_HESSIAN_STEPS,
  DEFAULT_SCHEME,
  DEFAULT_STEPS,
  DOT_PRODUCT_DEFAULTS,
  ERROR_ESTIMATE,
  GRADCHECK_DEFAULTS,
  GRADCHECK_TOLERANCES,
  MACHINE_EPSILON,
  NOISE,
  RICHARDSON,
  SCHEMES,
  type Scheme,
  type Tolerance,
} from './defaults.js';
export { derivative, derivativeWithError } from './derivative.js';
export {
  type DotProductReport,
  type DotProductTestOptions,
  type DotProductTrial,
  dotProductTest,
} from './dot-product.js';
export {
  formatGradcheckReport,
  type GradcheckCandidate,
  type GradcheckElement,
  type GradcheckOptions,
  type GradcheckReference,
  type GradcheckReport,
  gradcheck,
} from './gradcheck.js';
export { gradient, gradientWithError } from './gradient.js';
export { hessian, hessianWithError } from './hessian.js';
export { hvp, hvpWithError } from './hvp.js';
export { jacobian, jacobianWithError } from './jacobian.js';
export { jvp, jvpWithError } from './jvp.js';
export { STENCILS, type Stencil, type StencilScheme } from './stencils.js';
export type {
  DerivativeEstimate,
  Estimate,
  GradientEstimate,
  HessianEstimate,
  JacobianEstimate,
  JvpEstimate,
  JvpResult,
  NumericOptions,
} from './types.js';
