import { describe, expect, it } from 'vitest';
import { chartSeries, fitSeries, sweepMeasurements, sweepNotes } from '../../src/engine/series.js';
import type { SweepPoint } from '../../src/engine/sweep.js';

const LINES = [
  { id: 'fast', label: 'fast mode' },
  { id: 'slow', label: 'slow mode' },
];

const POINTS: SweepPoint<number>[] = [
  { series: 'fast', size: 16, status: 'measured', payload: 16, callMs: 1 },
  { series: 'slow', size: 16, status: 'measured', payload: 256, callMs: 1 },
  { series: 'fast', size: 32, status: 'measured', payload: 32, callMs: 1 },
  { series: 'slow', size: 32, status: 'measured', payload: 1024, callMs: 1 },
  { series: 'fast', size: 64, status: 'measured', payload: 64, callMs: 1 },
  { series: 'slow', size: 64, status: 'skipped', reason: 'predicted 9 s per call' },
  { series: 'fast', size: 128, status: 'failed', reason: 'RangeError: boom' },
  { series: 'slow', size: 128, status: 'skipped', reason: 'predicted 9 s per call' },
];

describe('chartSeries', () => {
  it('makes one series per line with nulls and reasons for missing points', () => {
    const [fast, slow] = chartSeries(POINTS, LINES, (value) => value);
    expect(fast!.points.map((point) => point.y)).toEqual([16, 32, 64, null]);
    expect(fast!.points[3]!.note).toBe('failed: RangeError: boom');
    expect(slow!.points.map((point) => point.y)).toEqual([256, 1024, null, null]);
  });

  it('maps sizes to x and lifts values below the floor to it', () => {
    const [fast] = chartSeries(
      POINTS,
      LINES,
      (value) => value,
      (size) => size * 10,
      20,
    );
    expect(fast!.points.map((point) => point.x)).toEqual([160, 320, 640, 1280]);
    expect(fast!.points[0]).toEqual({ x: 160, y: 20, note: 'below the resolution 20' });
  });
});

describe('fitSeries', () => {
  it('fits the measured points at x >= fitFrom and judges them against theory', () => {
    const [fast, slow] = chartSeries(POINTS, LINES, (value) => value);
    const fastFit = fitSeries('chart', fast!, 'time', 1, 16);
    expect(fastFit.fit!.exponent).toBeCloseTo(1, 12);
    expect(fastFit.fit!.points).toBe(3);
    expect(fastFit.verdict).toBe('agrees');
    const slowFit = fitSeries('chart', slow!, 'time', 2, 16);
    expect(slowFit.fit!.exponent).toBeCloseTo(2, 12);
    expect(slowFit.verdict).toBe('inconclusive');
  });

  it('judges an upper bound as one: a flat series agrees with "at most 1", and the row says it is a bound', () => {
    const flat = { id: 'flat', label: 'flat', points: [16, 32, 64, 128].map((x) => ({ x, y: 28 })) };
    const bounded = fitSeries('chart', flat, 'tape', 1, 16, 'at-most');
    expect(bounded.fit!.exponent).toBeCloseTo(0, 12);
    expect(bounded.verdict).toBe('agrees');
    expect(bounded.bound).toBe('at-most');
    const exact = fitSeries('chart', flat, 'tape', 1, 16);
    expect(exact.verdict).toBe('disagrees');
    expect(exact).not.toHaveProperty('bound');
  });

  it('falls back to every point when fewer than three are large enough, and has no fit below two', () => {
    const [fast] = chartSeries(POINTS, LINES, (value) => value);
    expect(fitSeries('chart', fast!, 'time', 1, 64).fit!.points).toBe(3);
    const lonely = { id: 'x', label: 'x', points: [{ x: 1, y: 1 }] };
    const row = fitSeries('chart', lonely, 'time', undefined, 0);
    expect(row.fit).toBeNull();
    expect(row.theory).toBeNull();
  });
});

describe('sweep measurements and notes', () => {
  it('keeps every point with its status, and one note per problem kind and series', () => {
    const measurements = sweepMeasurements('g', POINTS, (value) => ({ extra: { value } }));
    expect(measurements).toHaveLength(POINTS.length);
    expect(measurements[0]).toEqual({
      group: 'g',
      series: 'fast',
      size: 16,
      status: 'measured',
      extra: { value: 16 },
    });
    expect(measurements[6]).toEqual({
      group: 'g',
      series: 'fast',
      size: 128,
      status: 'failed',
      reason: 'RangeError: boom',
    });
    expect(sweepNotes(POINTS, LINES)).toEqual([
      'fast mode: 1 point(s) failed, first at size 128: RangeError: boom',
      'slow mode: predicted 9 s per call',
    ]);
  });
});
