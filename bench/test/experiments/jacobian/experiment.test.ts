import { describe, expect, it } from 'vitest';
import type { Timing } from '../../../src/engine/measure.js';
import type { SweepPoint } from '../../../src/engine/sweep.js';
import { calibratedCrossover, measuredCrossover } from '../../../src/experiments/jacobian/experiment.js';

const timed = (medianMs: number): { timing: Timing } => ({
  timing: {
    medianMs,
    meanMs: medianMs,
    minMs: medianMs,
    maxMs: medianMs,
    p99Ms: medianMs,
    madMs: 0,
    rmePercent: 0,
    samples: 5,
    callsPerSample: 1,
  },
});

describe('Jacobian crossovers', () => {
  it('the calibrated model solves N·a = b + (P/N)·c', () => {
    // a = 1, b = 0, c = 1, P = 16: N² = 16.
    expect(calibratedCrossover({ forwardPassMs: 1, recordMs: 0, sweepMs: 1 }, 16)).toEqual({
      inputs: 4,
      aspect: 1,
    });
    // a = 1, b = 2, c = 0: N = 2 whatever P is.
    expect(calibratedCrossover({ forwardPassMs: 1, recordMs: 2, sweepMs: 0 }, 64).inputs).toBe(2);
    // A cheaper forward pass moves the crossover to larger N.
    const cheap = calibratedCrossover({ forwardPassMs: 0.25, recordMs: 0, sweepMs: 1 }, 16);
    expect(cheap.inputs).toBe(8);
  });

  it('the measured crossover interpolates where forward ÷ reverse crosses 1, in log N', () => {
    const points: SweepPoint<{ timing: Timing }>[] = [];
    for (const n of [1, 2, 4, 8, 16]) {
      // forward ∝ N, reverse ∝ 16/N: equal at N = 4.
      points.push({ series: 'forward', size: n, status: 'measured', payload: timed(n), callMs: n });
      points.push({
        series: 'reverse',
        size: n,
        status: 'measured',
        payload: timed(16 / n),
        callMs: 16 / n,
      });
    }
    const crossover = measuredCrossover(points, 'forward', 'reverse', 16);
    expect(crossover?.inputs).toBeCloseTo(4, 12);
    expect(crossover?.aspect).toBeCloseTo(1, 12);

    const between: SweepPoint<{ timing: Timing }>[] = [
      { series: 'forward', size: 2, status: 'measured', payload: timed(1), callMs: 1 },
      { series: 'reverse', size: 2, status: 'measured', payload: timed(4), callMs: 4 },
      { series: 'forward', size: 8, status: 'measured', payload: timed(4), callMs: 4 },
      { series: 'reverse', size: 8, status: 'measured', payload: timed(1), callMs: 1 },
    ];
    expect(measuredCrossover(between, 'forward', 'reverse', 16)?.inputs).toBeCloseTo(4, 12);
  });

  it('finds no crossover when one side always wins or points are missing', () => {
    const points: SweepPoint<{ timing: Timing }>[] = [
      { series: 'forward', size: 1, status: 'measured', payload: timed(1), callMs: 1 },
      { series: 'reverse', size: 1, status: 'measured', payload: timed(2), callMs: 2 },
      { series: 'forward', size: 2, status: 'skipped', reason: 'slow' },
      { series: 'reverse', size: 2, status: 'measured', payload: timed(1), callMs: 1 },
    ];
    expect(measuredCrossover(points, 'forward', 'reverse', 4)).toBeUndefined();
  });
});
