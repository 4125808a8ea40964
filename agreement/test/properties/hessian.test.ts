/**
 * Second derivatives on random programs: forward-over-forward Hessians are symmetric, agree with the
 * numeric Hessian (Richardson) within its error estimate, and agree with reverse-over-reverse Hessians.
 * Rounding is judged against the absolute Hessian (`absoluteHessian`), as first derivatives are against
 * the absolute Jacobian.
 */
import type { Scalar } from '@dualtape/core';
import * as forward from '@dualtape/forward';
import * as numeric from '@dualtape/numeric';
import * as reverse from '@dualtape/reverse';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  absoluteHessian,
  evaluateProgram,
  type Program,
  programCaseArbitrary,
  traceProgram,
  watchKinks,
} from '../../src/index.js';
import {
  allowed,
  EXACT,
  expectAgree,
  expectRowsAgree,
  NUMERIC_FLOOR,
  PROPERTY_TIMEOUT_MS,
  RUNS,
} from '../helpers.js';

/**
 * The numeric Hessians consulted. An error estimate is an estimate (numeric promises it bounds the true
 * error at 99 % of points, and Richardson's Hessian was seen to miss by 1.4×), so an entry passes when it
 * lies within the bound of at least one of two independent referees; a wrong rule lies outside both by
 * orders of magnitude.
 */
const REFEREES = ['complex-step', 'richardson'] as const;

/** Small programs: a Hessian costs N² entries in every mode. */
const SCALAR_PROGRAMS = programCaseArbitrary({ maxInputs: 6, maxOutputs: 1, maxSteps: 40 });

const firstOutput =
  (program: Program) =>
  <T extends Scalar>(x: readonly T[]): T =>
    evaluateProgram(program, x)[0]!;

describe('Hessians', () => {
  it(
    'forward over forward is symmetric',
    () => {
      fc.assert(
        fc.property(SCALAR_PROGRAMS, ({ program, point }) => {
          const h = forward.hessian(firstOutput(program), point);
          const scale = absoluteHessian(program, point);
          for (let i = 0; i < h.length; i++) {
            for (let j = 0; j < i; j++)
              expectAgree(h[i]![j]!, h[j]![i]!, scale[i]![j]!, EXACT, `H[${i}][${j}] vs H[${j}][${i}]`);
          }
        }),
        { numRuns: RUNS.hessianSymmetric },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'forward over forward agrees with the numeric Hessian within its error estimate',
    () => {
      fc.assert(
        fc.property(SCALAR_PROGRAMS, ({ program, point }) => {
          fc.pre(!traceProgram(program, point).signature.includes(0));
          const estimates = REFEREES.map((scheme) => {
            const watched = watchKinks(program, point);
            const estimate = numeric.hessianWithError(watched.scalar(0), point, { scheme });
            return { scheme, estimate, crossed: watched.crossed() };
          });
          fc.pre(estimates.every((e) => !e.crossed));
          const h = forward.hessian(firstOutput(program), point);
          const scale = absoluteHessian(program, point);
          h.forEach((row, i) => {
            row.forEach((entry, j) => {
              const misses = estimates.map(({ scheme, estimate }) => {
                const reference = estimate.value[i]![j]!;
                const limit = estimate.error[i]![j]! + allowed(reference, scale[i]![j]!, NUMERIC_FLOOR);
                const difference = Math.abs(entry - reference);
                return difference <= limit ? '' : `${scheme} ${reference} ± ${limit} (off by ${difference})`;
              });
              if (misses.every((miss) => miss !== '')) {
                throw new Error(
                  `H[${i}][${j}] = ${entry} is outside every referee's bound: ${misses.join('; ')}`,
                );
              }
            });
          });
        }),
        { numRuns: RUNS.hessianNumeric },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'reverse over reverse equals forward over forward',
    () => {
      fc.assert(
        fc.property(SCALAR_PROGRAMS, ({ program, point }) => {
          const f = firstOutput(program);
          const scale = absoluteHessian(program, point);
          const h = reverse.hessian(f, point);
          expect(h.length).toBe(program.inputCount);
          expectRowsAgree(h, forward.hessian(f, point), scale, EXACT, 'reverse vs forward Hessian');
        }),
        { numRuns: RUNS.reverseHessian },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
