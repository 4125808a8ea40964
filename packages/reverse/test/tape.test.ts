import { add, ControlFlowError, mul, RULES_BY_CODE, type Scalar } from '@dualtape/core';
import { describe, expect, it } from 'vitest';
import { derivative, releaseTapeMemory, tapeStats } from '../src/index.js';
import {
  BYTES_PER_ENTRY,
  COMPARISON,
  CONSTANT_FIRST,
  CONSTANT_SECOND,
  INPUT,
  operationOfOpcode,
  PRIMAL_READ,
  RECORDING_REPLAY,
  Tape,
} from '../src/tape.js';

/** Entries of the long-chain test: ten million, as the design asks. */
const CHAIN_OPERATIONS = 10_000_000;

describe('Tape', () => {
  it('keeps every entry, values included, when it grows past its capacity', () => {
    const tape = new Tape(2);
    tape.pushInput(0);
    for (let k = 1; k < 100; k++) tape.push(k % 50, k - 1, -1, k, -k, k / 2);
    expect(tape.length).toBe(100);
    expect(tape.capacity).toBeGreaterThanOrEqual(100);
    for (let k = 1; k < 100; k++) {
      const entry = [
        tape.opcodes[k],
        tape.arg0[k],
        tape.arg1[k],
        tape.partial0[k],
        tape.partial1[k],
        tape.values[k],
      ];
      expect(entry).toEqual([k % 50, k - 1, -1, k, -k, k / 2]);
    }
    expect(tape.bytes).toBe(100 * BYTES_PER_ENTRY);
  });

  it('sweeps with the strong zero: a zero partial against an infinite or NaN adjoint contributes 0', () => {
    const tape = new Tape();
    tape.pushInput(0);
    tape.pushInput(0);
    // Entry 2 depends on both inputs: partial 0 to input 0, partial 3 to input 1.
    tape.push(CONSTANT_SECOND, 0, 1, 0, 3, 0);
    for (const seed of [Number.POSITIVE_INFINITY, Number.NaN]) {
      tape.clearAdjoints();
      tape.adjoints[2] = seed;
      tape.sweep(2);
      expect(tape.adjoints[0]).toBe(0);
      expect(tape.adjoints[1]).toBe(seed * 3);
    }
  });

  it('sweeps with the strong zero but lets a real singularity through: NaN partial, non-zero adjoint', () => {
    const tape = new Tape();
    tape.pushInput(0);
    tape.push(CONSTANT_SECOND, 0, -1, Number.NaN, 0, 0);
    tape.clearAdjoints();
    tape.adjoints[1] = 2;
    tape.sweep(1);
    expect(tape.adjoints[0]).toBeNaN();
  });

  it('seeds and sweeps: several outputs with their seeds, a repeated one summed, -1 skipped', () => {
    const tape = new Tape();
    tape.pushInput(0);
    // Entry 1 = 2·x0, entry 2 = 5·x0 (binary with a constant second operand).
    tape.push(CONSTANT_SECOND, 0, -1, 2, 0, 0);
    tape.push(CONSTANT_SECOND, 0, -1, 5, 0, 0);
    expect(tape.seedAndSweep([1, -1, 2, 1], [1, 100, 10, 3])).toBe(2);
    expect(tape.adjoints[0]).toBe((1 + 3) * 2 + 10 * 5);
    expect(tape.seedAndSweep([1])).toBe(1);
    expect(tape.adjoints[0]).toBe(2);
    expect(tape.seedAndSweep([-1])).toBe(-1);
    expect(Array.from(tape.adjoints.subarray(0, 3))).toEqual([0, 0, 0]);
  });

  it('decodes every opcode in one place: each rule under its layouts, nothing else as an operation', () => {
    for (const rule of RULES_BY_CODE) {
      expect(operationOfOpcode(rule.code)).toEqual({ rule, layout: 'variables' });
      const constants = [
        operationOfOpcode(CONSTANT_SECOND + rule.code),
        operationOfOpcode(CONSTANT_FIRST + rule.code),
      ];
      expect(constants).toEqual(
        rule.arity === 2
          ? [
              { rule, layout: 'constantSecond' },
              { rule, layout: 'constantFirst' },
            ]
          : [undefined, undefined],
      );
    }
    for (const opcode of [COMPARISON, COMPARISON + 11, INPUT, PRIMAL_READ, 255]) {
      expect(operationOfOpcode(opcode)).toBeUndefined();
    }
  });

  it('names the site, the point and the comparison when a replay branches the other way', () => {
    const tape = new Tape();
    tape.pushInput(1);
    // Comparison kind 0 (lt) of x0 with the constant 2, true when recorded.
    tape.push(COMPARISON + 1, 0, -1, 0, 2, 0);
    tape.replay([1.5], tape.values);
    expect(() => tape.replay([3], tape.values)).toThrow(
      new ControlFlowError(
        'replay at x = [3]: comparison #1 (lt) was true when recorded and is false now (3 lt 2); re-record',
      ),
    );
    const site = { operation: 'compiled gradient', advice: 'compile again at this point' };
    expect(RECORDING_REPLAY.operation).toBe('replay');
    expect(() => tape.replay([3], tape.values, site)).toThrow(
      /^compiled gradient at x = \[3\].*compile again at this point$/,
    );
  });

  it('detaches an exact-size copy that leaves the original reusable', () => {
    const tape = new Tape();
    tape.pushInput(0);
    tape.push(CONSTANT_SECOND, 0, -1, 2, 5, 7);
    const copy = tape.detach();
    tape.reset();
    tape.pushInput(0);
    expect(copy.length).toBe(2);
    expect(copy.capacity).toBe(2);
    expect([copy.partial0[1], copy.partial1[1], copy.arg0[1]]).toEqual([2, 5, 0]);
  });

  it(`differentiates a chain of ${CHAIN_OPERATIONS} operations without a stack overflow`, () => {
    const factor = 1 - 1e-7;
    const steps = CHAIN_OPERATIONS / 2;
    const chain = <T extends Scalar>(x: T): T => {
      let y: T = x;
      for (let i = 1; i < steps; i++) y = add(mul(y, factor), x);
      return y;
    };
    try {
      // d/dx of y_{k+1} = factor·y_k + x with y_1 = x is Σ_{j<steps} factor^j, summed here in the
      // order the sweep accumulates it.
      let expected = 0;
      let power = 1;
      for (let j = 0; j < steps; j++) {
        expected += power;
        power *= factor;
      }
      expect(derivative(chain, 0.5)).toBe(expected);
      expect(tapeStats().operations).toBe(CHAIN_OPERATIONS - 1);
    } finally {
      releaseTapeMemory();
    }
  });
});
