/**
 * Both AD modes against the numeric referee — Richardson extrapolation (a black box on plain numbers) and
 * the complex step (the program run on `Complex`, whose operations are true complex extensions, not the
 * rule table) — within the referee's own error estimate plus a small floor. Where a stencil stepped
 * across a kink or a branch the referee measured another function, and the program is skipped (see
 * `watchKinks`); so is a point exactly on a kink, where the derivative is a convention, not a limit.
 */
import * as forward from '@dualtape/forward';
import * as numeric from '@dualtape/numeric';
import * as reverse from '@dualtape/reverse';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  absoluteJacobian,
  type ProgramCase,
  programCaseArbitrary,
  programFunction,
  traceProgram,
  watchKinks,
} from '../../src/index.js';
import { expectRowsAgree, NUMERIC_FLOOR, PROPERTY_TIMEOUT_MS, RUNS } from '../helpers.js';

function onKink({ program, point }: ProgramCase): boolean {
  return traceProgram(program, point).signature.includes(0);
}

function checkAgainst(scheme: 'richardson' | 'complex-step', programCase: ProgramCase): void {
  const { program, point } = programCase;
  fc.pre(!onKink(programCase));
  const watched = watchKinks(program, point);
  const estimate = numeric.jacobianWithError(watched.vector, point, { scheme });
  fc.pre(!watched.crossed());
  const f = programFunction(program);
  const scales = absoluteJacobian(program, point);
  expectRowsAgree(
    forward.jacobian(f, point),
    estimate.value,
    scales,
    NUMERIC_FLOOR,
    `forward vs ${scheme}`,
    estimate.error,
  );
  expectRowsAgree(
    reverse.jacobian(f, point),
    estimate.value,
    scales,
    NUMERIC_FLOOR,
    `reverse vs ${scheme}`,
    estimate.error,
  );
}

describe('AD against the numeric referee', () => {
  it(
    'agrees with Richardson extrapolation within its error estimate',
    () => {
      fc.assert(
        fc.property(programCaseArbitrary(), (c) => checkAgainst('richardson', c)),
        { numRuns: RUNS.richardson },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'agrees with the complex step within its error estimate',
    () => {
      fc.assert(
        fc.property(programCaseArbitrary(), (c) => checkAgainst('complex-step', c)),
        { numRuns: RUNS.complexStep },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
