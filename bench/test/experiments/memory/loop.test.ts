import { newCounters } from '@dualtape/core';
import { describe, expect, it } from 'vitest';
import {
  checkpointedLoopFunction,
  loopGradient,
  loopStart,
  plainLoop,
} from '../../../src/experiments/memory/loop.js';
import { expectAllClose, oracleGradient, TOLERANCES } from '../../helpers.js';

describe('the checkpointing loop', () => {
  it('plain and checkpointed versions compute the same value on numbers', () => {
    const x = Array.from(loopStart());
    expect(checkpointedLoopFunction(50)(x)).toBe(plainLoop(50)(x));
  });

  it('plain and checkpointed reverse gradients agree, and match the oracle', () => {
    const steps = 64;
    const plain = loopGradient(false, steps)();
    const checkpointed = loopGradient(true, steps)();
    expectAllClose(checkpointed, plain, TOLERANCES.exact, 'checkpointed gradient');
    const oracle = oracleGradient((x) => plainLoop(steps)(x), loopStart());
    expectAllClose(plain, oracle, TOLERANCES.oracle, 'plain gradient');
  });

  it('the checkpointed tape peaks far lower (compared by the tape statistics, not by time)', () => {
    const steps = 1024;
    const plain = newCounters();
    const checkpointed = newCounters();
    loopGradient(false, steps, plain)();
    loopGradient(true, steps, checkpointed)();
    expect(plain.peakTapeBytes).toBeGreaterThan(0);
    // √1024 = 32 steps per segment: the peak holds about 2·32 steps' worth instead of 1024.
    expect(checkpointed.peakTapeBytes * 8).toBeLessThan(plain.peakTapeBytes);
  });
});
