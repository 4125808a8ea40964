/**
 * Forward mode against reverse mode on random programs: full Jacobians and gradients, every chunk size of
 * the chunked forward mode, and the dot-product identity between forward JVPs and reverse VJPs. Both modes
 * read the same rule table, so they must agree to rounding — measured against the absolute Jacobian, the
 * sum of |chain-rule products| whose summation order differs between the modes.
 */
import type { Scalar } from '@dualtape/core';
import * as forward from '@dualtape/forward';
import * as reverse from '@dualtape/reverse';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  ALL_OPERATION_NAMES,
  absoluteJacobian,
  programCaseArbitrary,
  programFunction,
} from '../../src/index.js';
import {
  bilinearScale,
  directionArbitrary,
  EXACT,
  expectAgree,
  expectRowsAgree,
  inner,
  PROPERTY_TIMEOUT_MS,
  RUNS,
} from '../helpers.js';

describe('forward mode = reverse mode', () => {
  it(
    'Jacobians agree, with branches, kinks, stopGradient and values read with primal (derivative 0 in both)',
    () => {
      const programs = programCaseArbitrary({ branches: true, reads: true, operations: ALL_OPERATION_NAMES });
      fc.assert(
        fc.property(programs, ({ program, point }) => {
          const f = programFunction(program);
          const scales = absoluteJacobian(program, point);
          const forwardRows = forward.jacobian(f, point);
          const reverseRows = reverse.jacobian(f, point);
          expectRowsAgree(forwardRows, reverseRows, scales, EXACT, 'forward vs reverse Jacobian');
        }),
        { numRuns: RUNS.forwardEqualsReverse },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'gradients agree for every output, and reverse valueAndGradient gives the value too',
    () => {
      fc.assert(
        fc.property(programCaseArbitrary({ maxOutputs: 3 }), ({ program, point }) => {
          const scales = absoluteJacobian(program, point);
          const values = programFunction(program)(Array.from(point));
          program.outputs.forEach((_, k) => {
            const f = <T extends Scalar>(x: readonly T[]) => programFunction(program)(x)[k]!;
            const both = reverse.valueAndGradient(f, point);
            expectAgree(both.value, values[k]!, 0, EXACT, `value of y${k}`);
            expectRowsAgree(
              [forward.gradient(f, point)],
              [both.gradient],
              [scales[k]!],
              EXACT,
              `gradient of y${k}`,
            );
          });
        }),
        { numRuns: RUNS.forwardEqualsReverse / 4 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});

describe('chunked forward mode', () => {
  it(
    'gives the one-tangent Jacobian for every chunk size from 1 to N',
    () => {
      fc.assert(
        fc.property(programCaseArbitrary({ maxInputs: 14, branches: true }), ({ program, point }) => {
          const f = programFunction(program);
          const scales = absoluteJacobian(program, point);
          const oneTangent = forward.jacobian(f, point, { chunkSize: 1 });
          for (let chunkSize = 2; chunkSize <= program.inputCount; chunkSize++) {
            const chunked = forward.jacobian(f, point, { chunkSize });
            expectRowsAgree(chunked, oneTangent, scales, EXACT, `chunk size ${chunkSize}`);
          }
        }),
        { numRuns: RUNS.chunkSizes },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});

describe('the dot-product identity', () => {
  it(
    '<u, J v> from a forward JVP equals <Jᵀ u, v> from a reverse VJP',
    () => {
      const caseAndDirections = programCaseArbitrary().chain((c) =>
        fc.tuple(
          fc.constant(c),
          directionArbitrary(c.program.outputs.length),
          directionArbitrary(c.program.inputCount),
        ),
      );
      fc.assert(
        fc.property(caseAndDirections, ([{ program, point }, u, v]) => {
          const f = programFunction(program);
          const jv = forward.jvp(f, point, v).tangent;
          const jtu = reverse.vjp(f, point).pullback(u);
          const scale = bilinearScale(u, absoluteJacobian(program, point), v);
          expectAgree(inner(u, jv), inner(jtu, v), scale, EXACT, '<u, J v> vs <Jᵀ u, v>');
        }),
        { numRuns: RUNS.dotProduct },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
