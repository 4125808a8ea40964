/** `jvp`: J·v in every mode; reverse mode answers it with one sweep per output row. */
import { mul, newCounters, ShapeError, sin, type VectorFunction } from '@dualtape/core';
import * as forward from '@dualtape/forward';
import { zooEntry } from '@dualtape/zoo';
import { describe, expect, it } from 'vitest';
import { jvp } from '../src/index.js';
import { expectAllClose, TOLERANCES, zooPoint } from './helpers.js';

const f: VectorFunction = ([x, y]) => [mul(x!, y!), sin(x!)];

describe('jvp', () => {
  it('gives the directional derivative in every mode', () => {
    for (const mode of ['auto', 'forward', 'reverse'] as const) {
      const result = jvp(f, [2, 3], [1, -1], { mode });
      expect(Array.from(result.value), mode).toEqual([6, Math.sin(2)]);
      expectAllClose(result.tangent, [3 - 2, Math.cos(2)], TOLERANCES.exact, mode);
    }
    expectAllClose(
      jvp(f, [2, 3], [1, -1], { mode: 'numeric' }).tangent,
      [1, Math.cos(2)],
      TOLERANCES.central,
      'numeric',
    );
  });

  it('answers in reverse mode with one sweep per output, agreeing with forward mode', () => {
    const chebyquad = zooEntry('chebyquad').instantiate(6);
    const x = zooPoint((random) => chebyquad.sample(random), 9);
    const v = Float64Array.from({ length: 6 }, (_, i) => (i % 3) - 1);
    const counters = newCounters();
    const byReverse = jvp(chebyquad.f as VectorFunction, x, v, { mode: 'reverse', counters });
    expect(counters.sweeps).toBe(6);
    expectAllClose(
      byReverse.tangent,
      forward.jvp(chebyquad.f as VectorFunction, x, v).tangent,
      TOLERANCES.exact,
      'J·v',
    );
  });

  it('refuses x and v of different lengths in every mode', () => {
    for (const mode of ['auto', 'forward', 'reverse', 'numeric'] as const) {
      expect(() => jvp(f, [2, 3], [1], { mode }), mode).toThrow(ShapeError);
    }
  });
});
