import { UsageError } from '@dualtape/core';
import { describe, expect, it } from 'vitest';
import { describeError, predictCallMs, runSweep, type SweepProgress } from '../../src/engine/sweep.js';

describe('runSweep', () => {
  it('measures sizes ascending, series in order, and reports progress after every point', async () => {
    const order: string[] = [];
    const progress: SweepProgress[] = [];
    const points = await runSweep(
      [64, 16, 32],
      [
        { id: 'a', label: 'A' },
        { id: 'b', label: 'B' },
      ],
      (line, size) => {
        order.push(`${line.id}${size}`);
        return { callMs: size / 1000, payload: size * 2 };
      },
      { onProgress: (step) => progress.push(step) },
    );
    expect(order).toEqual(['a16', 'b16', 'a32', 'b32', 'a64', 'b64']);
    expect(points.every((point) => point.status === 'measured')).toBe(true);
    expect(points.map((point) => (point.status === 'measured' ? point.payload : -1))).toEqual([
      32, 32, 64, 64, 128, 128,
    ]);
    expect(progress.map((step) => step.done)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(progress.every((step) => step.total === 6)).toBe(true);
  });

  it('skips a series from the size its predicted call exceeds the cap, and keeps the others', async () => {
    const measured: string[] = [];
    const points = await runSweep(
      [1, 2, 4, 8, 16],
      [
        { id: 'quadratic', label: 'Q', costExponent: 2 },
        { id: 'linear', label: 'L', costExponent: 1 },
      ],
      (line, size) => {
        measured.push(`${line.id}${size}`);
        return { callMs: line.id === 'quadratic' ? size * size : size, payload: null };
      },
      { maxCallMs: 20 },
    );
    // quadratic: 1, 4, 16 measured; at 8 the prediction 16·4 = 64 > 20.
    expect(measured).toEqual([
      'quadratic1',
      'linear1',
      'quadratic2',
      'linear2',
      'quadratic4',
      'linear4',
      'linear8',
      'linear16',
    ]);
    const skipped = points.filter((point) => point.status === 'skipped');
    expect(skipped.map((point) => `${point.series}${point.size}`)).toEqual(['quadratic8', 'quadratic16']);
    expect(skipped[0]!.status === 'skipped' && skipped[0]!.reason).toMatch(
      /predicted .* exceeds the 20.0 ms cap/,
    );
  });

  it('records a failing point with the error and goes on', async () => {
    const points = await runSweep([1, 2], [{ id: 'broken', label: 'B' }], (_line, size) => {
      if (size === 1) throw new RangeError('no such size');
      return { callMs: 1, payload: 'ok' };
    });
    expect(points[0]).toEqual({
      series: 'broken',
      size: 1,
      status: 'failed',
      reason: 'RangeError: no such size',
    });
    expect(points[1]!.status).toBe('measured');
  });

  it('refuses duplicate sizes or series and a non-positive cap', async () => {
    const measure = () => ({ callMs: 1, payload: 0 });
    await expect(runSweep([1, 1], [{ id: 'a', label: 'A' }], measure)).rejects.toThrow(UsageError);
    await expect(
      runSweep(
        [1],
        [
          { id: 'a', label: 'A' },
          { id: 'a', label: 'A' },
        ],
        measure,
      ),
    ).rejects.toThrow(/twice/);
    await expect(runSweep([1], [{ id: 'a', label: 'A' }], measure, { maxCallMs: 0 })).rejects.toThrow(
      /maxCallMs/,
    );
  });
});

describe('predictCallMs', () => {
  it('is 0 before any point and scales the last cost by the theory exponent', () => {
    expect(predictCallMs([], 100, 2)).toBe(0);
    expect(predictCallMs([{ size: 10, callMs: 3 }], 20, 2)).toBe(12);
  });

  it('uses the observed local exponent when it is steeper than theory (capped at theory + 1)', () => {
    const steep = [
      { size: 10, callMs: 1 },
      { size: 20, callMs: 8 },
    ];
    expect(predictCallMs(steep, 40, 1)).toBeCloseTo(8 * 4, 10); // local 3, capped at 2
    const shallow = [
      { size: 10, callMs: 1 },
      { size: 20, callMs: 1.1 },
    ];
    expect(predictCallMs(shallow, 40, 1)).toBeCloseTo(2.2, 10);
  });
});

describe('describeError', () => {
  it('gives the class and the first line of the message', () => {
    expect(describeError(new UsageError('bad\nsecond line'))).toBe('UsageError: bad');
    expect(describeError('plain text')).toBe('plain text');
  });
});

describe('runSweep with concurrent series', () => {
  it('measures the series of a size together, keeps the documented order, and still skips', async () => {
    let running = 0;
    let mostAtOnce = 0;
    const points = await runSweep(
      [1, 2, 4],
      [
        { id: 'a', label: 'A', costExponent: 3 },
        { id: 'b', label: 'B' },
      ],
      async (line, size) => {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        // b finishes first, so order by completion would be b, a.
        await new Promise((resolve) => setTimeout(resolve, line.id === 'a' ? 20 : 1));
        running--;
        return { callMs: line.id === 'a' ? size ** 3 : size, payload: size };
      },
      { concurrentSeries: true, maxCallMs: 10 },
    );
    expect(mostAtOnce).toBe(2);
    expect(points.map((point) => `${point.series}${point.size}:${point.status}`)).toEqual([
      'a1:measured',
      'b1:measured',
      'a2:measured',
      'b2:measured',
      'a4:skipped',
      'b4:measured',
    ]);
  });
});
