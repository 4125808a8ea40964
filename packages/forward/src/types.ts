/**
 * The function types forward mode's operators accept. They are wider than core's write-once types
 * (`UnivariateFunction`, `ScalarFunction`, `VectorFunction`, which all fit): a function typed on `Scalar`
 * also fits, which is what a function nested inside another derivative is, since it closes over the
 * enclosing call's numbers.
 */
import type { Scalar } from '@dualtape/core';

/** R -> R: any `UnivariateFunction`, or a function on `Scalar`s. */
export type DifferentiableUnivariate = (x: Scalar) => Scalar;

/** R^N -> R: any `ScalarFunction`, or a function on `Scalar`s. */
export type DifferentiableScalar = (x: readonly Scalar[]) => Scalar;

/** R^N -> R^M: any `VectorFunction`, or a function on `Scalar`s; a single returned value counts as M = 1. */
export type DifferentiableVector = (x: readonly Scalar[]) => Scalar | readonly Scalar[];
