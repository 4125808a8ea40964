/** Dispatches a first derivative along a line to the scheme the caller chose. */
import { complexStepDerivative } from '../complex-step.js';
import type { Scheme } from '../defaults.js';
import { richardsonDerivative } from '../richardson.js';
import { STENCILS, stencilDerivative } from '../stencils.js';
import type { LineEstimate } from './estimate.js';
import type { Line } from './line.js';

/** d/dt f(x + t·d) at t = 0 by `scheme` with relative step `step`. */
export function lineDerivative(line: Line, scheme: Scheme, step: number, withError: boolean): LineEstimate {
  switch (scheme) {
    case 'richardson':
      return richardsonDerivative(line, step, withError);
    case 'complex-step':
      return complexStepDerivative(line, step, withError);
    default:
      return stencilDerivative(line, STENCILS[scheme], step, withError);
  }
}
