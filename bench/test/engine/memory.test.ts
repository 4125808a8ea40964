import { describe, expect, it } from 'vitest';
import { measureMemoryInChild } from '../../src/engine/isolation.js';
import { runMemoryJob } from '../../src/engine/memory.js';
import { SEED } from '../helpers.js';

describe('memory measured in a child process', () => {
  it('reports tape bytes and operations for reverse mode and none for a plain evaluation, and names a bad job', async () => {
    // Three children at once: each starts a fresh node, which is most of the test's time.
    const [taped, plain, bad, adjoint] = await Promise.allSettled([
      measureMemoryInChild({ fn: 'rosenbrock', mode: 'reverse', size: 64, seed: SEED }),
      measureMemoryInChild({ fn: 'rosenbrock', mode: 'plain', size: 64, seed: SEED }),
      measureMemoryInChild({ fn: 'no-such-function', mode: 'reverse', size: 8, seed: 1 }),
      measureMemoryInChild({ fn: 'sin-chain', mode: 'transform-reverse', size: 256, seed: SEED }),
    ]).then((outcomes) =>
      outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : outcome.reason)),
    );
    expect(String(bad)).toMatch(
      /memory point no-such-function\/reverse\/size 8: UsageError: unknown zoo function/,
    );
    if (taped instanceof Error || plain instanceof Error) throw taped instanceof Error ? taped : plain;
    // 63 terms of a handful of operations each, plus 64 inputs.
    expect(taped.operations).toBeGreaterThan(64 + 63 * 4);
    expect(taped.tapeBytes).toBeGreaterThanOrEqual(taped.operations!);
    expect(taped.resultBytes).toBe(64 * 8);
    expect(['vmhwm', 'maxrss']).toContain(taped.peakMethod);
    expect(taped.peakBytes).toBeGreaterThanOrEqual(0);
    expect(plain.tapeBytes).toBeNull();
    expect(plain.operations).toBeNull();
    expect(plain.resultBytes).toBe(0);
    // The adjoint code: what its forward sweep saved stands in the tape column (a value per sine at least).
    if (adjoint instanceof Error) throw adjoint;
    expect(adjoint.tapeBytes).toBeGreaterThanOrEqual(256 * 8);
    expect(adjoint.operations).toBeNull();
  });

  it('refuses to measure in a process without --expose-gc rather than guess', () => {
    expect(() => runMemoryJob({ fn: 'rosenbrock', mode: 'reverse', size: 8, seed: 1 })).toThrow(
      /needs node --expose-gc/,
    );
  });
});
