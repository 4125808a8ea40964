import {
  ControlFlowError,
  DomainError,
  gt,
  lt,
  mul,
  neg,
  newCounters,
  primal,
  type Scalar,
  ShapeError,
  sin,
  stopGradient,
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

describe('record and values read with primal()', () => {
  // The two replays of issue 14, which used to give 6 with gradient [0, 2], and 4.
  const readTimesY = <T extends Scalar>([x, y]: readonly T[]): T => mul(primal(x!), y!) as T;
  const branchOnNumber = <T extends Scalar>([x]: readonly T[]): T =>
    (primal(x!) > 0 ? mul(x!, x!) : mul(x!, -1)) as T;

  it('refuses a replay where a value read with primal() differs, naming the read', () => {
    const recording = record(readTimesY, [2, 3]);
    expect(() => recording.valueAndGradient([5, 3])).toThrow(ControlFlowError);
    expect(() => recording.gradient([5, 3])).toThrow(
      /replay at x = \[5, 3\]: f read input x\[0\] with primal\(\) as 2 when recorded, and it is 5 now/,
    );
    expect(() => record(branchOnNumber, [1]).value([-2])).toThrow(
      /f read input x\[0\] with primal\(\) as 1 when recorded, and it is -2 now/,
    );
  });

  it('replays where the values read are unchanged, like re-recording', () => {
    const recording = record(readTimesY, [2, 3]);
    expect(recording.valueAndGradient([2, 7])).toEqual(valueAndGradient(readTimesY, [2, 7]));
    expect(recording.valueAndGradient([2, 7])).toEqual({ value: 14, gradient: Float64Array.of(0, 2) });
    // The same branch taken at a positive point is still refused: the number read changed.
    expect(() => record(branchOnNumber, [1]).value([3])).toThrow(ControlFlowError);
    expect(record(branchOnNumber, [1]).value([1])).toBe(1);
  });

  it('names a read of an intermediate by its operation, and tells -0 from 0 as f could', () => {
    const readOfProduct = <T extends Scalar>([x, y]: readonly T[]): T => {
      const product = mul(x!, y!);
      return (1 / primal(product) > 0 ? sin(x!) : neg(sin(x!))) as T;
    };
    const recording = record(readOfProduct, [0, 1]);
    expect(() => recording.value([0, -1])).toThrow(
      /f read the result of mul \(entry #2\) with primal\(\) as 0 when recorded, and it is -0 now/,
    );
  });

  it('replays stopGradient at any point: it is an entry with partial 0, recomputed', () => {
    const stopped = <T extends Scalar>([x, y]: readonly T[]): T => mul(stopGradient(x!), y!) as T;
    const recording = record(stopped, [2, 3]);
    expect(recording.valueAndGradient([5, 3])).toEqual({ value: 15, gradient: Float64Array.of(0, 5) });
    expect(recording.valueAndGradient([5, 3])).toEqual(valueAndGradient(stopped, [5, 3]));
  });

  it('leaves no guard where nothing replays: gradient, and reads of the tape by dualtape itself', () => {
    const counters = newCounters();
    valueAndGradient(readTimesY, [2, 3], { counters });
    // Inputs, the product: no entry for the read outside record/compileGradient.
    expect(counters.operations).toBe(3);
    const printed: string[] = [];
    const recording = record(
      <T extends Scalar>([x]: readonly T[]): T => {
        printed.push(String(x));
        return sin(x!);
      },
      [1],
    );
    expect(printed).toEqual(['Var(1 @0)']);
    expect(recording.value([2])).toBe(Math.sin(2));
  });
});
