import { UsageError } from '@dualtape/core';
import { describe, expect, it } from 'vitest';
import { MIN_SAMPLES } from '../../src/defaults.js';
import { lastMeasuredValue, measure } from '../../src/engine/measure.js';

describe('measure', () => {
  it('returns consistent statistics and batches calls far below the minimum sample time', () => {
    let calls = 0;
    const timing = measure('tiny', () => ++calls, { timeMs: 5, warmupMs: 1 });
    expect(timing.samples).toBeGreaterThanOrEqual(MIN_SAMPLES);
    expect(timing.callsPerSample).toBeGreaterThan(1);
    expect(timing.minMs).toBeLessThanOrEqual(timing.medianMs);
    expect(timing.medianMs).toBeLessThanOrEqual(timing.maxMs);
    expect(timing.madMs).toBeGreaterThanOrEqual(0);
    expect(calls).toBeGreaterThanOrEqual(timing.samples * timing.callsPerSample);
    expect(lastMeasuredValue()).toBe(calls);
  });

  it('times one call per sample when a call outlasts the minimum sample time', () => {
    const busy = () => {
      const end = performance.now() + 0.2;
      while (performance.now() < end) {
        // spin: the call must take a known minimum time
      }
    };
    const timing = measure('busy', busy, { timeMs: 2, warmupMs: 0 });
    expect(timing.callsPerSample).toBe(1);
    expect(timing.minMs).toBeGreaterThanOrEqual(0.2);
  });

  it('passes errors of the measured call through, and refuses bad options', () => {
    expect(() =>
      measure('throws', () => {
        throw new RangeError('inside the call');
      }),
    ).toThrow('inside the call');
    expect(() => measure('bad', () => 0, { timeMs: -1 })).toThrow(UsageError);
    expect(() => measure('bad', () => 0, { minSampleMs: 0 })).toThrow(/minSampleMs/);
  });
});
