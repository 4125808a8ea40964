/** Reverse mode's backend: its cost-model terms, its probe, and J·v through one pullback per row. */
import { mul, newCounters, sin, type VectorFunction } from '@dualtape/core';
import { BYTES_PER_ENTRY, vjp } from '@dualtape/reverse';
import { describe, expect, it } from 'vitest';
import { reverseBackend } from '../../src/backends/reverse.js';
import { HESSIAN_TAPE_GROWTH, REVERSE_RECORD_COST, REVERSE_SWEEP_COST } from '../../src/index.js';

const f: VectorFunction = ([x, y]) => [mul(x!, y!), sin(x!)];

describe('reverse backend', () => {
  it('probes without recording: the entries a tape would hold, counted up to a budget', () => {
    // Two inputs, mul and sin: four entries, as a recording holds (reverse's own count).
    const counters = newCounters();
    vjp(f, [2, 3], { counters });
    const probe = reverseBackend.probe!(f, Float64Array.of(2, 3), Number.POSITIVE_INFINITY);
    expect(probe).toEqual({
      operations: counters.operations,
      tapeBytes: counters.operations * BYTES_PER_ENTRY,
    });
    expect(probe.operations).toBe(4);
    // A budget of 2 entries: the probe stops at 3 and says the figures are lower bounds.
    expect(reverseBackend.probe!(f, Float64Array.of(2, 3), 2 * BYTES_PER_ENTRY)).toEqual({
      operations: 3,
      tapeBytes: 3 * BYTES_PER_ENTRY,
      atLeast: true,
    });
  });

  it('needs one sweep for a gradient, M for a Jacobian, N over a larger tape for a Hessian', () => {
    const probe = { operations: 10, tapeBytes: 330 };
    const shape = { inputs: 5, outputs: 3, chunkSize: undefined, probe, probed: true };
    expect(reverseBackend.cost({ ...shape, operation: 'gradient' })).toMatchObject({
      steps: 1,
      tapeBytes: 330,
      work: 'one reverse sweep',
      held: '≈ 10 taped operations, 330 B',
    });
    expect(reverseBackend.cost({ ...shape, operation: 'jacobian' }).steps).toBe(3);
    const hessian = reverseBackend.cost({ ...shape, operation: 'hessian' });
    expect(hessian.steps).toBe(5);
    expect(hessian.tapeBytes).toBe(330 * HESSIAN_TAPE_GROWTH);
    expect(hessian.cost).toBe(
      REVERSE_RECORD_COST * HESSIAN_TAPE_GROWTH + 5 * REVERSE_SWEEP_COST * HESSIAN_TAPE_GROWTH,
    );
  });

  it('answers J·v by one pullback per output row', () => {
    const { value, tangent } = reverseBackend.jvp(f, [2, 3], [1, 0], {});
    expect(Array.from(value)).toEqual([6, Math.sin(2)]);
    expect(Array.from(tangent)).toEqual([3, Math.cos(2)]);
  });
});
