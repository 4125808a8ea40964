import { describe, expect, it } from 'vitest';
import { seededRandom, seededUniform } from '../src/random.js';

describe('seededRandom', () => {
  it('is reproducible for a seed and differs between seeds', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const first = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(first);
    expect(Array.from({ length: 5 }, c)).not.toEqual(first);
  });

  it('stays in [0, 1) with a mean near 1/2', () => {
    const random = seededRandom(7);
    let total = 0;
    let outside = 0;
    const count = 20_000;
    for (let i = 0; i < count; i++) {
      const u = random();
      if (!(u >= 0 && u < 1)) outside++;
      total += u;
    }
    expect(outside).toBe(0);
    // The mean of 20 000 uniforms has standard deviation 0.002: 0.01 is five of them.
    expect(Math.abs(total / count - 0.5)).toBeLessThan(0.01);
  });
});

describe('seededUniform', () => {
  it('fills the interval reproducibly', () => {
    const values = seededUniform(3, 100, -1, 1);
    expect(values).toHaveLength(100);
    expect(values.every((v) => v >= -1 && v < 1)).toBe(true);
    expect(Array.from(seededUniform(3, 100, -1, 1))).toEqual(Array.from(values));
  });
});
