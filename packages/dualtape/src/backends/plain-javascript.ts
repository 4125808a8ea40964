/**
 * Plain JavaScript for the overloading backends: a function that source transformation can read is run
 * lifted onto core's free functions (internal/transformed.ts), so dual numbers, tape variables and complex
 * numbers flow through code written with `*`, `Math.sin` and loops. One wrapper, applied to each
 * overloading backend in the registry, instead of a conversion in every call.
 */
import type { ScalarFunction, UnivariateFunction, VectorFunction } from '@dualtape/core';
import { generic } from '../internal/transformed.js';
import type { CompareVariant, ModeBackend } from './types.js';

/** `backend` with every function it is given lifted first when it transforms. */
export function acceptingPlainJavaScript<I extends string, M extends string>(
  backend: ModeBackend<I, M>,
): ModeBackend<I, M> {
  const vector = <F extends ScalarFunction | VectorFunction>(f: F) => generic(f, false);
  const lifted = (variant: CompareVariant<M>): CompareVariant<M> => ({
    ...variant,
    run: (f, point, isVector, counters, chunkSize) =>
      variant.run(vector(f), point, isVector, counters, chunkSize),
  });
  return {
    ...backend,
    derivative: (f, x, options) => backend.derivative(generic(f as UnivariateFunction, true), x, options),
    gradient: (f, x, options) => backend.gradient(vector(f), x, options),
    jacobian: (f, x, options) => backend.jacobian(vector(f), x, options),
    hessian: (f, x, options) => backend.hessian(vector(f), x, options),
    hvp: (f, x, v, options) => backend.hvp(vector(f), x, v, options),
    jvp: (f, x, v, options) => backend.jvp(vector(f), x, v, options),
    vjp: (f, x, options) => backend.vjp(vector(f), x, options),
    compare: backend.compare.map(lifted),
    ...(backend.compareHessian === undefined ? {} : { compareHessian: backend.compareHessian.map(lifted) }),
  };
}
