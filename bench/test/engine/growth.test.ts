import { zooEntry } from '@dualtape/zoo';
import { describe, expect, it } from 'vitest';
import { measureGrowth, scalarPoints } from '../../src/engine/growth.js';
import { SEED } from '../helpers.js';

describe('measureGrowth', () => {
  it('finds O(N) operations and N inputs for Rosenbrock, against N', () => {
    const entry = zooEntry('rosenbrock');
    const sizes = [64, 128, 256, 512];
    const growth = measureGrowth(entry, sizes, scalarPoints(entry, SEED), 64);
    expect(growth.growth).toEqual({ operations: 1, inputs: 1 });
    expect(growth.xOf(128)).toBe(128);
    expect(growth.xLabel).toBe('N (inputs)');
    expect(growth.operations.get(512)! / growth.operations.get(64)!).toBeGreaterThan(7.5);
  });

  it('finds O(N²) operations for least squares (a 2N×N matrix)', () => {
    const entry = zooEntry('least-squares');
    const growth = measureGrowth(entry, [16, 32, 64], scalarPoints(entry, SEED), 16);
    expect(growth.growth.operations).toBeGreaterThan(1.8);
    expect(growth.growth.inputs).toBe(1);
  });

  it('uses the size as x when the number of inputs does not change (sin-chain: one input)', () => {
    const entry = zooEntry('sin-chain');
    const growth = measureGrowth(entry, [32, 64, 128], scalarPoints(entry, SEED), 32);
    expect(growth.growth).toEqual({ operations: 1, inputs: 0 });
    expect(growth.xOf(64)).toBe(64);
    expect(growth.xLabel).toMatch(/size \(sin-chain has 1 input\)/);
  });

  it('caches instances per size', () => {
    const entry = zooEntry('rosenbrock');
    const pointAt = scalarPoints(entry, SEED);
    expect(pointAt(8)).toBe(pointAt(8));
    expect(pointAt(8).x).toHaveLength(8);
  });
});
