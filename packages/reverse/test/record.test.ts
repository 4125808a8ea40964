import {
  ControlFlowError,
  DomainError,
  gt,
  lt,
  mul,
  neg,
  newCounters,
  type Scalar,
  ShapeError,
  sin,
  UsageError,
} from '@dualtape/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gradient, record, valueAndGradient } from '../src/index.js';
import {
  expectAllClose,
  expectClose,
  PROGRAM_INPUTS,
  PROPERTY_RUNS,
  randomProgram,
  SAFE_PROGRAM_INPUT,
  SCALAR_INSTANCES,
  seededRandom,
  TOLERANCES,
} from './helpers.js';

/** |x| written with a branch, so its recording depends on the sign of x. */
const branchyAbs = <T extends Scalar>([x, y]: readonly T[]): T => mul(lt(x!, 0) ? neg(x!) : x!, sin(y!));

describe('record', () => {
  it.each(SCALAR_INSTANCES.map((instance) => [`${instance.name} (size ${instance.size})`, instance]))(
    'replays zoo %s at fresh points like a fresh recording',
    (_label, instance) => {
      const random = seededRandom(instance.inputSize + 101);
      const recording = record(instance.f, instance.sample(random));
      for (let i = 0; i < 3; i++) {
        const point = instance.sample(random);
        const fresh = valueAndGradient(instance.f, point);
        const replayed = recording.valueAndGradient(point);
        expectClose(replayed.value, fresh.value, TOLERANCES.exact, `${instance.name} value`);
        expectAllClose(replayed.gradient, fresh.gradient, TOLERANCES.exact, `${instance.name} gradient`);
      }
    },
  );

  it('replays random programs (constant operands on either side included) like fresh recordings', () => {
    const point = fc.array(SAFE_PROGRAM_INPUT, { minLength: PROGRAM_INPUTS, maxLength: PROGRAM_INPUTS });
    fc.assert(
      fc.property(randomProgram(), point, point, (program, at, next) => {
        const recording = record(program.f, at);
        expect(Array.from(recording.gradient(next))).toEqual(Array.from(gradient(program.f, next)));
        expect(recording.value(at)).toBe(program.f(at));
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('throws ControlFlowError naming the comparison when a replay would branch the other way', () => {
    const recording = record(branchyAbs, [2, 1]);
    expect(Array.from(recording.gradient([3, 1]))).toEqual(Array.from(gradient(branchyAbs, [3, 1])));
    expect(() => recording.gradient([-3, 1])).toThrow(ControlFlowError);
    expect(() => recording.gradient([-3, 1])).toThrow(
      /replay at x = \[-3, 1\]: comparison #1 \(lt\) was false when recorded and is true now.*re-record/,
    );
  });

  it('numbers comparisons in recording order and checks comparisons against constants on either side', () => {
    const f = <T extends Scalar>([x, y]: readonly T[]): T => {
      const first = gt(x!, y!) ? x! : y!;
      return lt(0.5, first) ? mul(first, first) : first;
    };
    const recording = record(f, [2, 1]);
    expect(() => recording.value([1, 2])).toThrow(
      /comparison #1 \(gt\) was true when recorded and is false now/,
    );
    expect(() => recording.value([0.25, 0])).toThrow(/comparison #2 \(lt\) was true when recorded/);
    expect(recording.value([3, 1])).toBe(9);
  });

  it('refuses to sweep after a failed replay, and recovers with the next valid one', () => {
    const recording = record(branchyAbs, [2, 1]);
    expect(() => recording.value([-1, 1])).toThrow(ControlFlowError);
    expect(() => recording.sweep()).toThrow(UsageError);
    expect(recording.value([4, 0.5])).toBe(4 * Math.sin(0.5));
    expect(Array.from(recording.sweep())).toEqual([Math.sin(0.5), 4 * Math.cos(0.5)]);
  });

  it('sweeps separately from the replay, as often as asked, at the recorded point first', () => {
    const recording = record(branchyAbs, [2, 1]);
    const expected = Array.from(gradient(branchyAbs, [2, 1]));
    expect(Array.from(recording.sweep())).toEqual(expected);
    expect(Array.from(recording.sweep())).toEqual(expected);
  });

  it('reports statistics and counts sweeps', () => {
    const recording = record(branchyAbs, [2, 1]);
    // Two inputs, the comparison, sin, mul.
    expect(recording.stats).toEqual({
      operations: 5,
      bytes: 5 * 33,
      peakBytes: 5 * 33,
      bytesPerOperation: 33,
    });
    expect(recording.inputSize).toBe(2);
    const counters = newCounters();
    recording.gradient([1, 1], { counters });
    recording.gradient([1, 2], { counters });
    expect(counters.sweeps).toBe(2);
  });

  it('checks the replay point', () => {
    const recording = record(branchyAbs, [2, 1]);
    expect(() => recording.gradient([1])).toThrow(ShapeError);
    expect(() => recording.gradient([1, Number.NaN])).toThrow(DomainError);
  });
});
