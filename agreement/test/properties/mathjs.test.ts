/**
 * The independent oracle: mathjs's symbolic `derivative` differentiates generated expressions (printed in
 * mathjs's dialect: `square`, `expm1`, `log1p`, `log2`, `atan2`, `hypot`, `min` and `max` are rewritten
 * with the identities in `MATHJS_REWRITES`, the rest of the rule table is native to mathjs), the
 * derivatives are evaluated by mathjs, and both AD modes must agree with them. mathjs shares no code and
 * no derivative table with dualtape, so a wrong rule in core's table shows up here even though forward
 * and reverse mode (which read the same table) still agree with each other.
 */
import { type Scalar, UsageError } from '@dualtape/core';
import * as forward from '@dualtape/forward';
import * as reverse from '@dualtape/reverse';
import fc from 'fast-check';
import { all, create } from 'mathjs';
import { describe, expect, it } from 'vitest';
import {
  absoluteJacobian,
  evaluateProgram,
  outputExpression,
  programCaseArbitrary,
  traceProgram,
} from '../../src/index.js';
import { expectRowsAgree, PROPERTY_TIMEOUT_MS, RUNS, SYMBOLIC } from '../helpers.js';

// mathjs declares its factory bundles as one Record<string, FactoryFunctionMap>: `all` is always there.
const math = create(all!);

/** Longest expanded expression handed to mathjs (its symbolic derivative grows with the expression). */
const MAX_EXPRESSION_LENGTH = 4000;

function mathjsExpression(...args: Parameters<typeof outputExpression>): string | undefined {
  try {
    return outputExpression(...args);
  } catch (error) {
    if (error instanceof UsageError) return undefined;
    throw error;
  }
}

describe('mathjs symbolic derivatives', () => {
  it(
    'agree with forward and reverse mode',
    () => {
      let checked = 0;
      fc.assert(
        fc.property(
          programCaseArbitrary({ maxInputs: 4, maxOutputs: 1, maxSteps: 25 }),
          ({ program, point }) => {
            const text = mathjsExpression(program, 0, {
              dialect: 'mathjs',
              maxLength: MAX_EXPRESSION_LENGTH,
            });
            fc.pre(text !== undefined);
            // On a kink mathjs's abs'(t) = abs(t) / t is 0/0; there the derivative is a convention, not a limit.
            fc.pre(!traceProgram(program, point).signature.includes(0));
            const expression = math.parse(text!);
            const scope = Object.fromEntries(Array.from(point, (v, i) => [`x${i}`, v]));
            const symbolic = Float64Array.from(point, (_, i) => {
              const value: unknown = math
                .derivative(expression, `x${i}`, { simplify: false })
                .evaluate(scope);
              if (typeof value !== 'number')
                throw new Error(`mathjs gave ${math.format(value)} for d/dx${i} of ${text}`);
              return value;
            });
            const f = <T extends Scalar>(x: readonly T[]): T => evaluateProgram(program, x)[0]!;
            const scale = absoluteJacobian(program, point);
            expectRowsAgree(
              [forward.gradient(f, point)],
              [symbolic],
              scale,
              SYMBOLIC,
              `forward vs mathjs on ${text}`,
            );
            expectRowsAgree(
              [reverse.gradient(f, point)],
              [symbolic],
              scale,
              SYMBOLIC,
              `reverse vs mathjs on ${text}`,
            );
            checked++;
          },
        ),
        { numRuns: RUNS.mathjs },
      );
      expect(checked).toBeGreaterThan(RUNS.mathjs / 2);
    },
    PROPERTY_TIMEOUT_MS,
  );
});
