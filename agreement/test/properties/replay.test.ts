/**
 * Record once, replay many: a reverse-mode recording replayed at new points gives what re-recording at
 * those points gives wherever every recorded comparison and every value read with `primal` comes out the
 * same, and throws ControlFlowError exactly where one does not. Programs with branches (comparisons
 * through core's `lt`/`le`/`gt`/`ge`), kinks (abs/min/max, which are rules and replay without a
 * comparison), `stopGradient` (a rule that replays), values read with `primal` and branches on those
 * JavaScript numbers are all generated; both replay paths (`record` and `compileGradient`) are checked.
 */
import { ControlFlowError, type Scalar } from '@dualtape/core';
import * as reverse from '@dualtape/reverse';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALL_OPERATION_NAMES,
  absoluteJacobian,
  evaluateProgram,
  hasReads,
  POINT_RANGE,
  type Program,
  programCaseArbitrary,
  signatureNodes,
  traceProgram,
} from '../../src/index.js';
import { EXACT, expectAgree, expectRowsAgree, PROPERTY_TIMEOUT_MS, RUNS } from '../helpers.js';

/**
 * What a recording holds fixed at x: the outcome of every live branch (kinks left out: replays re-evaluate
 * them from the rule table) and every number read with `primal` (-0 told from 0, as the guard does).
 */
function controlFlow(program: Program, x: ArrayLike<number>): string {
  const { signature, reads: values } = traceProgram(program, x);
  const branches = signatureNodes(program)
    .map((id, i) => (program.nodes[id]!.kind === 'branch' ? signature[i] : '-'))
    .join('');
  const reads = Array.from(values, (v) => (Object.is(v, -0) ? '-0' : String(v)));
  return `${branches}|${reads.join(',')}`;
}

const output =
  (program: Program, k: number) =>
  <T extends Scalar>(x: readonly T[]): T =>
    evaluateProgram(program, x)[k]!;

/** Besides two random points, one within 0.02 of the recording point, where most branches stay the same. */
function replayPoints(point: Float64Array, others: readonly Float64Array[]): Float64Array[] {
  const [first, second, offsets] = others as [Float64Array, Float64Array, Float64Array];
  const nearby = point.map((x, i) => Math.max(-POINT_RANGE, Math.min(POINT_RANGE, x + offsets[i]! / 100)));
  return [first, second, nearby];
}

describe('reverse-mode recordings', () => {
  it(
    'replay like a re-recording where control flow is unchanged, and throw ControlFlowError where it is not',
    () => {
      let replayed = 0;
      let refused = 0;
      let withReads = 0;
      fc.assert(
        fc.property(
          programCaseArbitrary({
            branches: true,
            reads: true,
            operations: ALL_OPERATION_NAMES,
            maxOutputs: 3,
            extraPoints: 3,
          }),
          ({ program, point, otherPoints }) => {
            if (hasReads(program)) withReads++;
            const recorded = controlFlow(program, point);
            const points = replayPoints(point, otherPoints);
            const sameFlow = points.map((x) => controlFlow(program, x) === recorded);
            const scales = points.map((x, i) => (sameFlow[i] ? absoluteJacobian(program, x) : []));
            const recordingScales = absoluteJacobian(program, point);
            program.outputs.forEach((_, k) => {
              const f = output(program, k);
              const recording = reverse.record(f, point);
              const compiled = reverse.compileGradient(f, point);
              points.forEach((x, i) => {
                const compiledGradient = new Float64Array(program.inputCount);
                if (!sameFlow[i]) {
                  expect(() => recording.gradient(x)).toThrow(ControlFlowError);
                  expect(() => compiled(x, compiledGradient)).toThrow(ControlFlowError);
                  refused++;
                  return;
                }
                const replay = recording.valueAndGradient(x);
                const fresh = reverse.valueAndGradient(f, x);
                expectAgree(replay.value, fresh.value, 0, EXACT, `value of y${k} replayed at [${x}]`);
                expectRowsAgree(
                  [replay.gradient],
                  [fresh.gradient],
                  [scales[i]![k]!],
                  EXACT,
                  `∇y${k} replayed at [${x}]`,
                );
                // The compiled gradient equals the recording's bit for bit.
                expect(compiled(x, compiledGradient)).toBe(replay.value);
                expect(Array.from(compiledGradient)).toEqual(Array.from(replay.gradient));
                replayed++;
              });
              // A refused replay leaves the recording usable at a point where it is valid.
              const again = recording.gradient(point);
              expectRowsAgree(
                [again],
                [reverse.gradient(f, point)],
                [recordingScales[k]!],
                EXACT,
                `∇y${k} at the recording point`,
              );
            });
          },
        ),
        { numRuns: RUNS.replay },
      );
      // Both outcomes must actually occur, or the property tested only half of its claim.
      console.info(
        `replay: ${replayed} replays matched re-recording, ${refused} were refused with ControlFlowError ` +
          `(${withReads} programs read values with primal)`,
      );
      expect(replayed).toBeGreaterThan(0);
      expect(refused).toBeGreaterThan(0);
      expect(withReads).toBeGreaterThan(0);
    },
    PROPERTY_TIMEOUT_MS,
  );
});
