/**
 * Source transformation against the overloading modes on random programs printed as plain JavaScript
 * (straight-line, with branches, and as the body of a loop over a local array updated in place, with a
 * data-dependent break): tangent code = dual numbers and adjoint code = tape, to rounding, and the
 * dot-product identity ⟨u, J·v⟩ = ⟨Jᵀ·u, v⟩ between the tangent code and the adjoint code.
 */
import * as forward from '@dualtape/forward';
import * as reverse from '@dualtape/reverse';
import { TOLERANCES } from '@dualtape/testing';
import { compile } from '@dualtape/transform';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  absoluteJacobian,
  javascriptSource,
  loopedFunction,
  programCaseArbitrary,
  programFunction,
} from '../../src/index.js';
import {
  directionArbitrary,
  expectAgree,
  expectRowsAgree,
  inner,
  PROPERTY_TIMEOUT_MS,
  RUNS,
} from '../helpers.js';

const TANGENT = TOLERANCES.tangentCode;
const ADJOINT = TOLERANCES.adjointCode;

/** Per row, the largest |entry|: the rounding scale of a looped program's Jacobian. */
function rowScales(rows: readonly Float64Array[]): Float64Array[] {
  return rows.map((row) => {
    const largest = row.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    return row.map(() => largest);
  });
}

const rows = (y: number | Float64Array | readonly number[]): readonly number[] =>
  typeof y === 'number' ? [y] : Array.from(y);

describe('transformed plain JavaScript = the overloading modes', () => {
  it(
    'straight-line and branching programs: tangent code = Dual, adjoint code = tape',
    () => {
      fc.assert(
        fc.property(
          programCaseArbitrary({ branches: true, reads: true, maxOutputs: 4 }),
          fc.constantFrom<'straight' | 'branches'>('straight', 'branches'),
          ({ program, point }, shape) => {
            const compiled = compile(javascriptSource(program, { shape }), { entry: 'f' });
            const reference = programFunction(program);
            const scales = absoluteJacobian(program, point);
            expect(rows(compiled.value(point))).toEqual(Array.from(reference(Array.from(point))));
            expectRowsAgree(
              compiled.jacobian(point),
              forward.jacobian(reference, point),
              scales,
              TANGENT,
              'tangent code vs Dual',
            );
            expectRowsAgree(
              compiled.jacobian(point, { mode: 'reverse' }),
              reverse.jacobian(reference, point),
              scales,
              ADJOINT,
              'adjoint code vs tape',
            );
          },
        ),
        { numRuns: RUNS.transformStraight },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'looped programs over a local array updated in place, with a data-dependent break',
    () => {
      fc.assert(
        fc.property(
          programCaseArbitrary({ branches: true, maxInputs: 6, maxOutputs: 3, maxSteps: 30 }),
          fc.integer({ min: 1, max: 4 }),
          fc.boolean(),
          ({ program, point }, iterations, vector) => {
            const options = { shape: 'loop' as const, iterations, vector, limit: 0.6 };
            const compiled = compile(javascriptSource(program, options), { entry: 'f' });
            const reference = loopedFunction(program, options);
            const asVector = <T extends number>(x: readonly T[]) => {
              const y = reference(x);
              return Array.isArray(y) ? y : [y];
            };
            expect(rows(compiled.value(point))).toEqual(asVector(Array.from(point) as number[]));
            const dual = forward.jacobian(asVector as never, point);
            const tape = reverse.jacobian(asVector as never, point);
            expectRowsAgree(compiled.jacobian(point), dual, rowScales(dual), TANGENT, 'tangent code vs Dual');
            expectRowsAgree(
              compiled.jacobian(point, { mode: 'reverse' }),
              tape,
              rowScales(tape),
              ADJOINT,
              'adjoint code vs tape',
            );
          },
        ),
        { numRuns: RUNS.transformLoop },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'the dot-product identity between tangent code and adjoint code',
    () => {
      fc.assert(
        fc.property(
          programCaseArbitrary({ branches: true, maxInputs: 6, maxOutputs: 3, maxSteps: 30 }),
          fc.boolean(),
          fc.integer({ min: 0, max: 1 << 30 }),
          ({ program, point }, looped, seed) => {
            const source = javascriptSource(
              program,
              looped ? { shape: 'loop', vector: true, limit: 0.6 } : { shape: 'branches' },
            );
            const compiled = compile(source, { entry: 'f' });
            const m = compiled.jvp(point, new Float64Array(point.length)).value.length;
            const v = fc.sample(directionArbitrary(point.length), { seed, numRuns: 1 })[0]!;
            const u = fc.sample(directionArbitrary(m), { seed: seed + 1, numRuns: 1 })[0]!;
            const jv = compiled.jvp(point, v).tangent;
            const jtu = compiled.vjp(point, u).cotangent;
            const scale = Math.max(
              inner(u.map(Math.abs), jv.map(Math.abs)),
              inner(jtu.map(Math.abs), v.map(Math.abs)),
            );
            expectAgree(inner(u, jv), inner(jtu, v), scale, ADJOINT, '⟨u, Jv⟩ vs ⟨Jᵀu, v⟩');
          },
        ),
        { numRuns: RUNS.transformDotProduct },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
