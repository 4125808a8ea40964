/**
 * Plain JavaScript for the overloading backends: a function that source transformation can read is run
 * lifted onto core's free functions (internal/transformed.ts), so dual numbers, tape variables and complex
 * numbers flow through code written with `*`, `Math.sin` and loops. One wrapper, applied to each
 * overloading backend in the registry, instead of a conversion in every call.
 */
import {
  AnomalyError,
  type ScalarFunction,
  type UnivariateFunction,
  type VectorFunction,
} from '@dualtape/core';
import { locatedAnomaly } from '../internal/anomaly-source.js';
import { generic } from '../internal/transformed.js';
import type { BackendOptions, CompareVariant, ModeBackend } from './types.js';

/**
 * `backend` with every function it is given lifted first when it transforms; with `detectAnomaly`, an
 * anomaly also names the source statement it came from (internal/anomaly-source.ts).
 */
export function acceptingPlainJavaScript<I extends string, M extends string>(
  backend: ModeBackend<I, M>,
): ModeBackend<I, M> {
  const vector = <F extends ScalarFunction | VectorFunction>(f: F) => generic(f, false);
  const lifted = (variant: CompareVariant<M>): CompareVariant<M> => ({
    ...variant,
    run: (f, point, isVector, counters, chunkSize) =>
      variant.run(vector(f), point, isVector, counters, chunkSize),
  });
  /** Runs `call` on f lifted; an anomaly comes back located in f's source. */
  const located = <F extends UnivariateFunction | ScalarFunction | VectorFunction, T>(
    f: F,
    univariate: boolean,
    point: number | ArrayLike<number>,
    options: BackendOptions,
    call: (g: F) => T,
  ): T => {
    try {
      return call(generic(f, univariate));
    } catch (error) {
      if (!(error instanceof AnomalyError) || options.detectAnomaly !== true) throw error;
      throw locatedAnomaly(error, f, univariate, point, (g) => call(g as F));
    }
  };
  return {
    ...backend,
    derivative: (f, x, options) => located(f, true, x, options, (g) => backend.derivative(g, x, options)),
    gradient: (f, x, options) => located(f, false, x, options, (g) => backend.gradient(g, x, options)),
    jacobian: (f, x, options) => located(f, false, x, options, (g) => backend.jacobian(g, x, options)),
    hessian: (f, x, options) => located(f, false, x, options, (g) => backend.hessian(g, x, options)),
    hvp: (f, x, v, options) => located(f, false, x, options, (g) => backend.hvp(g, x, v, options)),
    jvp: (f, x, v, options) => located(f, false, x, options, (g) => backend.jvp(g, x, v, options)),
    vjp: (f, x, options) => {
      const result = located(f, false, x, options, (g) => backend.vjp(g, x, options));
      return {
        ...result,
        pullback: (u) =>
          located(f, false, x, options, (g) =>
            g === generic(f, false) ? result.pullback(u) : backend.vjp(g, x, options).pullback(u),
          ),
      };
    },
    compare: backend.compare.map(lifted),
    ...(backend.compareHessian === undefined ? {} : { compareHessian: backend.compareHessian.map(lifted) }),
  };
}
