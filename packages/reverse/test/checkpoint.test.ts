import {
  add,
  cos,
  lt,
  mul,
  neg,
  PerturbationError,
  type Scalar,
  type ScalarFunction,
  sin,
  sub,
  tanh,
  UsageError,
} from '@dualtape/core';
import { describe, expect, it } from 'vitest';
import {
  checkpoint,
  checkpointedLoop,
  gradient,
  hessian,
  type LoopStep,
  record,
  tapeStats,
  valueAndGradient,
  vjp,
} from '../src/index.js';
import { expectAllClose, TOLERANCES } from './helpers.js';

/** A small nonlinear map of a 3-state: one step of a damped, coupled oscillator. */
const step: LoopStep = <T extends Scalar>([p, q, r]: readonly T[]): T[] => [
  add(p!, mul(0.01, sin(q!))),
  sub(q!, mul(0.01, tanh(mul(p!, r!)))),
  add(mul(0.999, r!), mul(0.001, cos(p!))),
];

const STEPS = 1024;

/** The loop's final state reduced to one number, written plainly or with checkpoints. */
function loopLoss(checkpointed: boolean, every?: number): ScalarFunction {
  return <T extends Scalar>(x: readonly T[]): T => {
    let state: readonly T[] = x;
    if (checkpointed) state = checkpointedLoop(step, x, STEPS, every === undefined ? undefined : { every });
    else for (let i = 0; i < STEPS; i++) state = step(state, i);
    return add(add(state[0]!, mul(2, state[1]!)), mul(3, state[2]!));
  };
}

const X0 = [0.3, -0.2, 0.5];

describe('checkpointedLoop', () => {
  it('gives the plain loop’s gradient with far lower peak tape bytes (T = 1024)', () => {
    const plain = valueAndGradient(loopLoss(false), X0);
    const plainStats = tapeStats();
    const checkpointed = valueAndGradient(loopLoss(true), X0);
    const checkpointedStats = tapeStats();
    expect(checkpointed.value).toBe(plain.value);
    expectAllClose(checkpointed.gradient, plain.gradient, TOLERANCES.exact, 'checkpointed gradient');
    // √T segments of √T steps: the main tape and one segment's re-recording, instead of all T steps.
    expect(checkpointedStats.peakBytes).toBeLessThan(plainStats.peakBytes / 8);
    expect(checkpointedStats.operations).toBeLessThan(plainStats.operations / 8);
  });

  it('gives the same gradient for every segment length, including 1 and more than the steps', () => {
    const expected = gradient(loopLoss(false), X0);
    for (const every of [1, 7, 100, 5000]) {
      expectAllClose(gradient(loopLoss(true, every), X0), expected, TOLERANCES.exact, `every = ${every}`);
    }
  });

  it('runs on plain numbers outside any differentiation call', () => {
    expect(loopLoss(true)(X0)).toBe(loopLoss(false)(X0));
  });

  it('refuses invalid step counts and segment lengths', () => {
    expect(() => checkpointedLoop(step, X0, -1)).toThrow(UsageError);
    expect(() => checkpointedLoop(step, X0, 2.5)).toThrow(UsageError);
    expect(() => checkpointedLoop(step, X0, 10, { every: 0 })).toThrow(/every must be an integer >= 1/);
  });
});

describe('checkpoint', () => {
  it('nests: a segment that checkpoints inside itself gives the same gradient', () => {
    const inner = <T extends Scalar>(s: readonly T[]): T[] => [mul(s[0]!, sin(s[1]!)), add(s[1]!, s[0]!)];
    const outer = <T extends Scalar>(s: readonly T[]): T[] => {
      const middle = checkpoint(inner, s);
      return checkpoint(inner, [middle[0]!, mul(middle[1]!, 0.5)]);
    };
    const nested = <T extends Scalar>(x: readonly T[]): T => {
      const [a, b] = checkpoint(outer, x);
      return mul(a!, b!);
    };
    const flat = <T extends Scalar>(x: readonly T[]): T => {
      const [a, b] = outer(x);
      return mul(a!, b!);
    };
    expectAllClose(gradient(nested, [0.7, 1.3]), gradient(flat, [0.7, 1.3]), TOLERANCES.exact);
  });

  it('accepts plain numbers in the state and outputs that do not depend on it', () => {
    const segment = <T extends Scalar>(s: readonly T[]): T[] => [mul(s[0]!, s[1]!), 4 as unknown as T];
    const f = <T extends Scalar>([x]: readonly T[]): T => {
      const [a, b] = checkpoint(segment, [x!, 3 as unknown as T]);
      return add(a!, b!);
    };
    expect(Array.from(gradient(f, [2]))).toEqual([3]);
  });

  it('replays through segments in a recording, each segment following its own branches', () => {
    const recording = record(loopLoss(true, 32), X0);
    const next = [0.1, 0.4, -0.3];
    expectAllClose(recording.gradient(next), gradient(loopLoss(false), next), TOLERANCES.exact);

    // The segment runs afresh at every replay, so a branch inside it is no control-flow change.
    const branchyAbs = <T extends Scalar>([s]: readonly T[]): T[] => [lt(s!, 0) ? neg(s!) : s!];
    const f = <T extends Scalar>([x]: readonly T[]): T => mul(checkpoint(branchyAbs, [x!])[0]!, 3);
    const absRecording = record(f, [2]);
    expect(Array.from(absRecording.gradient([-5]))).toEqual([-3]);
    expect(absRecording.value([-5])).toBe(15);
  });

  it('is recorded inline by hessian, which needs every intermediate', () => {
    const short = <T extends Scalar>(x: readonly T[]): T => {
      const [a, b, c] = checkpointedLoop(step, x, 20, { every: 4 });
      return mul(add(a!, b!), c!);
    };
    const plainShort = <T extends Scalar>(x: readonly T[]): T => {
      let s: readonly T[] = x;
      for (let i = 0; i < 20; i++) s = step(s, i);
      return mul(add(s[0]!, s[1]!), s[2]!);
    };
    const rows = hessian(short, X0);
    hessian(plainShort, X0).forEach((row, i) => {
      expectAllClose(rows[i]!, row, TOLERANCES.exact, `row ${i}`);
    });
  });

  it('works under vjp, whose pullback sweeps the segments again', () => {
    const f = <T extends Scalar>(x: readonly T[]): T[] => checkpointedLoop(step, x, 50, { every: 5 });
    const g = <T extends Scalar>(x: readonly T[]): T[] => {
      let s: readonly T[] = x;
      for (let i = 0; i < 50; i++) s = step(s, i);
      return [...s];
    };
    const u = [1, -2, 0.5];
    const { pullback } = vjp(f, X0);
    expectAllClose(pullback(u), vjp(g, X0).pullback(u), TOLERANCES.exact);
    expectAllClose(pullback(u), vjp(g, X0).pullback(u), TOLERANCES.exact);
  });

  it('refuses a Var that the segment captured instead of receiving in its state', () => {
    const f = <T extends Scalar>([x, y]: readonly T[]): T => {
      const [a] = checkpoint((s) => [mul(s[0]!, y as never)], [x!]);
      return a!;
    };
    expect(() => gradient(f, [1, 2])).toThrow(PerturbationError);
    expect(() => gradient(f, [1, 2])).toThrow(/pass the variable in its state/);
  });

  it('refuses a segment that does not return an array of numbers', () => {
    const f = <T extends Scalar>([x]: readonly T[]): T => checkpoint((() => 3) as never, [x!])[0]!;
    expect(() => gradient(f, [1])).toThrow(/the segment must return an array/);
  });
});
