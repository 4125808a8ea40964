/**
 * Numeric mode (@dualtape/numeric): finite differences, Richardson extrapolation and the complex step.
 * The referee: `'auto'` never chooses it, and in `compare` its schemes are the reference and the other
 * referees. uᵀ·J falls back to the whole numeric Jacobian (fallbacks.ts).
 */
import type { Counters, ScalarFunction, VectorFunction } from '@dualtape/core';
import type { Scheme } from '@dualtape/numeric';
import * as numeric from '@dualtape/numeric';
import { pullbackThroughJacobian, withoutUndefined } from './fallbacks.js';
import type { BackendOptions, CompareVariant, ModeBackend } from './types.js';

/** The numeric schemes `compare` runs, in table order. */
export const COMPARE_SCHEMES = [
  'central',
  'five-point',
  'richardson',
  'complex-step',
] as const satisfies readonly Scheme[];

/** Numeric's own options, taken from the umbrella's. */
function numericOptions(options: BackendOptions): {
  scheme?: Scheme;
  step?: number;
  counters?: Counters;
  detectAnomaly?: boolean;
} {
  return withoutUndefined({
    scheme: options.scheme,
    step: options.step,
    counters: options.counters,
    detectAnomaly: options.detectAnomaly,
  });
}

function notAutomatic(): never {
  throw new Error("numeric mode is the referee: 'auto' never weighs it");
}

type CompareScheme = (typeof COMPARE_SCHEMES)[number];

/** A referee row of `compare`: `scheme`'s estimate and its error bound, as `estimate` computes them. */
function refereeRow(
  scheme: CompareScheme,
  estimate: CompareVariant<CompareScheme>['run'],
): CompareVariant<CompareScheme> {
  return { method: scheme, label: scheme, role: 'referee', run: estimate };
}

function schemeRow(scheme: CompareScheme): CompareVariant<CompareScheme> {
  return refereeRow(scheme, (f, point, isVector, counters) => {
    if (isVector) {
      const estimate = numeric.jacobianWithError(f as VectorFunction, point, { scheme, counters });
      return { jacobian: estimate.value, errorEstimate: estimate.error };
    }
    const estimate = numeric.gradientWithError(f as ScalarFunction, point, { scheme, counters });
    return { jacobian: [estimate.value], errorEstimate: [estimate.error] };
  });
}

/** The numeric Hessian schemes the second-order comparison runs, in table order. */
export const COMPARE_HESSIAN_SCHEMES = [
  'central',
  'richardson',
  'complex-step',
] as const satisfies readonly Scheme[];

function hessianRow(scheme: (typeof COMPARE_HESSIAN_SCHEMES)[number]): CompareVariant<CompareScheme> {
  return refereeRow(scheme, (f, point, _isVector, counters) => {
    const estimate = numeric.hessianWithError(f as ScalarFunction, point, { scheme, counters });
    return { jacobian: estimate.value, errorEstimate: estimate.error };
  });
}

/** Numeric mode: finite differences and their relatives. */
export const numericBackend: ModeBackend<'overloading', CompareScheme> = {
  mode: 'numeric',
  implementation: 'overloading',
  automatic: false,
  optionsFor: () => ['scheme', 'step'],
  detectsAnomalies: true,
  derivative: (f, x, options) => numeric.derivative(f, x, numericOptions(options)),
  gradient: (f, x, options) => numeric.gradient(f, x, numericOptions(options)),
  jacobian: (f, x, options) => numeric.jacobian(f, x, numericOptions(options)),
  hessian: (f, x, options) => numeric.hessian(f, x, numericOptions(options)),
  hvp: (f, x, v, options) => numeric.hvp(f, x, v, numericOptions(options)),
  jvp: (f, x, v, options) => numeric.jvp(f, x, v, numericOptions(options)),
  vjp: (f, x, options) =>
    pullbackThroughJacobian(f, x, options, (g, point) => numeric.jacobian(g, point, numericOptions(options))),
  cost: notAutomatic,
  explain: notAutomatic,
  compare: COMPARE_SCHEMES.map(schemeRow),
  compareHessian: COMPARE_HESSIAN_SCHEMES.map(hessianRow),
};
