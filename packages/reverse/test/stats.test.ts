import { add, mul, type Scalar, sin } from '@dualtape/core';
import { describe, expect, it } from 'vitest';
import { BYTES_PER_ENTRY, gradient, jacobian, releaseTapeMemory, tapeStats } from '../src/index.js';
import { rosenbrock } from './helpers.js';

/** The per-entry byte budget the tape is held to (the later stretch target is 32). */
const MAX_BYTES_PER_OPERATION = 40;

describe('tapeStats', () => {
  it('reports the entries and bytes of the last call', () => {
    gradient(<T extends Scalar>([x, y]: readonly T[]) => add(mul(x!, y!), sin(x!)), [1, 2]);
    // Two inputs, mul, sin, add.
    expect(tapeStats()).toEqual({
      operations: 5,
      bytes: 5 * BYTES_PER_ENTRY,
      peakBytes: 5 * BYTES_PER_ENTRY,
      bytesPerOperation: BYTES_PER_ENTRY,
    });
    jacobian(<T extends Scalar>([x]: readonly T[]) => [sin(x!)], [1]);
    expect(tapeStats().operations).toBe(2);
  });

  it(`keeps Rosenbrock at or below ${MAX_BYTES_PER_OPERATION} bytes per operation`, () => {
    const x = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i));
    gradient(rosenbrock, x);
    const stats = tapeStats();
    // 1000 inputs, then 8 entries per term: sub, square, square, mul, sub, square, add, add (the first
    // add is with the plain-number 0).
    expect(stats.operations).toBe(1000 + 8 * 999);
    expect(stats.bytesPerOperation).toBeLessThanOrEqual(MAX_BYTES_PER_OPERATION);
  });

  it('keeps working after the pooled tapes were released', () => {
    releaseTapeMemory();
    expect(Array.from(gradient(<T extends Scalar>([x]: readonly T[]) => mul(x!, x!), [3]))).toEqual([6]);
  });
});
