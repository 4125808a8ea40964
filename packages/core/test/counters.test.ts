import { describe, expect, it } from 'vitest';
import { newCounters } from '../src/counters.js';

describe('newCounters', () => {
  it('starts every counter at zero', () => {
    expect(newCounters()).toEqual({
      passes: 0,
      lanes: 0,
      evaluations: 0,
      sweeps: 0,
      operations: 0,
      peakTapeBytes: 0,
    });
  });

  it('returns a fresh object each time, so calls do not share counts', () => {
    const first = newCounters();
    first.passes += 3;
    expect(newCounters().passes).toBe(0);
  });
});
