import { add, mul, type Scalar } from '@dualtape/core';
import { describe, expect, it } from 'vitest';
import { derivative, releaseTapeMemory, tapeStats } from '../src/index.js';
import { BYTES_PER_ENTRY, CONSTANT_SECOND, Tape } from '../src/tape.js';

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
