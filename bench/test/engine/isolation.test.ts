import { describe, expect, it } from 'vitest';
import { encodeLine, parseLine, runJob } from '../../src/engine/isolation.js';
import { SEED } from '../helpers.js';

describe('runJob', () => {
  it('gives the same kind of result in a child process as here, with progress from the child', async () => {
    const job = {
      kind: 'calls' as const,
      calls: [
        { kind: 'zoo' as const, fn: 'rosenbrock', size: 16, mode: 'reverse' as const, seed: SEED },
        { kind: 'zoo' as const, fn: 'no-such-function', size: 16, mode: 'plain' as const, seed: SEED },
      ],
      timeMs: 2,
      warmupMs: 1,
    };
    const progress: string[] = [];
    const [inChild, here] = await Promise.all([
      runJob(job, { isolated: true, onProgress: (detail) => progress.push(detail) }),
      runJob(job, { isolated: false }),
    ]);
    for (const outcomes of [inChild, here]) {
      expect(outcomes).toHaveLength(2);
      const [reverse, missing] = outcomes;
      expect(reverse!.ok).toBe(true);
      if (reverse!.ok) {
        expect(reverse!.timing.medianMs).toBeGreaterThan(0);
        expect(reverse!.stats?.operations).toBeGreaterThan(16);
      }
      expect(missing).toEqual({
        ok: false,
        error: expect.stringMatching(/UsageError: unknown zoo function 'no-such-function'/),
      });
    }
    expect(progress).toEqual(['rosenbrock reverse at 16', 'no-such-function plain at 16']);
  });

  it('times a call cold, in a child as here, and reports a failing cold call as an outcome', async () => {
    const job = {
      kind: 'cold' as const,
      call: { kind: 'transform-compile' as const, fn: 'rosenbrock', size: 8 },
      repeats: 2,
    };
    const [inChild, here] = await Promise.all([runJob(job), runJob(job, { isolated: false })]);
    for (const outcome of [inChild, here]) {
      expect(outcome.ok).toBe(true);
      if (outcome.ok) {
        expect(outcome.firstMs).toBeGreaterThan(0);
        expect(outcome.warmMs).toBeGreaterThan(0);
      }
    }
    const missing = await runJob(
      { ...job, call: { kind: 'transform-compile', fn: 'no-such-function', size: 8 } },
      { isolated: false },
    );
    expect(missing).toEqual({
      ok: false,
      error: expect.stringMatching(/unknown zoo function 'no-such-function'/),
    });
  });

  it('fails with the job named when the child cannot run it', async () => {
    await expect(
      runJob({
        kind: 'sweep',
        series: 'x',
        label: 'x',
        template: { kind: 'loop', checkpointed: false },
        sizes: [2, 2],
        costExponent: 1,
        maxCallMs: 10,
        timeMs: 1,
        warmupMs: 0,
      }),
    ).rejects.toThrow(/sweep of x: UsageError: runSweep: size 2 is listed twice/);
  });
});

describe('the worker line protocol', () => {
  it('round-trips non-finite numbers, which plain JSON would turn into null', () => {
    const line = encodeLine({
      type: 'result',
      ok: true,
      result: [Number.POSITIVE_INFINITY, Number.NaN, -Infinity, 1.5],
    });
    expect(parseLine(line)).toEqual({
      type: 'result',
      ok: true,
      result: [Number.POSITIVE_INFINITY, Number.NaN, -Infinity, 1.5],
    });
    expect(parseLine('not json')).toBeUndefined();
  });
});
