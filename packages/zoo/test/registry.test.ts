import { UsageError } from '@dualtape/core';
import { expectAllClose, expectClose, oracleGradient, seededRandom } from '@dualtape/testing';
import { describe, expect, it } from 'vitest';
import { ZOO, zooEntry } from '../src/registry.js';
import { SOFTMAX_ROWS } from '../src/scalar.js';
import type { ZooEntry, ZooInstance } from '../src/types.js';
import {
  EXACT_TOLERANCE,
  ORACLE_TOLERANCE,
  POINTS_PER_ZOO_SIZE,
  type TracedNumber,
  traced,
} from './helpers.js';

/** A few sizes per entry: the smallest, the next, and the default. */
function sizesOf(entry: ZooEntry): number[] {
  return [...new Set([entry.minSize, entry.minSize + 1, entry.defaultSize])];
}

/** `count` points of the instance's domain from a generator seeded per entry and size. */
function samplePoints(instance: ZooInstance, count: number): Float64Array[] {
  let seed = instance.size;
  for (const c of instance.name) seed = Math.imul(seed, 31) + c.charCodeAt(0);
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => instance.sample(random));
}

/** The generic function's output on plain numbers, as a list. */
function genericOutputs(instance: ZooInstance, x: Float64Array): number[] {
  const input = Array.from(x);
  return instance.kind === 'scalar' ? [instance.f(input)] : [...instance.f(input)];
}

function plainOutputs(instance: ZooInstance, x: Float64Array): number[] {
  return instance.kind === 'scalar' ? [instance.plain(x)] : Array.from(instance.plain(x));
}

describe('the zoo', () => {
  it('has every entry of the brief, with unique kebab-case names', () => {
    const names = ZOO.map((entry) => entry.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect([...names].sort()).toEqual(
      [
        'ackley',
        'brown',
        'chebyquad',
        'constant-one',
        'cubic-sum',
        'dot-2xx',
        'exp-power',
        'least-squares',
        'logistic',
        'logsumexp',
        'mlp-loss',
        'relu-sum',
        'rosenbrock',
        'self-weighted-logit',
        'sin-chain',
        'softmax-cancellation',
        'sqrt-cubic',
        'tan-squared',
        'time-series',
        'trigonometric',
      ].sort(),
    );
  });

  it('finds entries by name and suggests the closest name otherwise', () => {
    expect(zooEntry('rosenbrock').name).toBe('rosenbrock');
    expect(() => zooEntry('rosenbrok')).toThrow(UsageError);
    expect(() => zooEntry('rosenbrok')).toThrow(
      "unknown zoo function 'rosenbrok' (did you mean 'rosenbrock'?)",
    );
    expect(() => zooEntry('zzzzzzzzzzzzzzzzzzzz')).toThrow(
      /unknown zoo function 'z+'; available: rosenbrock, ackley/,
    );
  });
});

describe.each(ZOO.map((entry) => [entry.name, entry] as const))('%s', (_, entry) => {
  it('has consistent metadata', () => {
    expect(entry.description.length).toBeGreaterThan(0);
    expect(entry.description).not.toContain('\n');
    expect(Number.isInteger(entry.minSize) && entry.minSize >= 1).toBe(true);
    expect(Number.isInteger(entry.defaultSize) && entry.defaultSize >= entry.minSize).toBe(true);
    for (const size of sizesOf(entry)) {
      const instance = entry.instantiate(size);
      expect(instance.kind).toBe(entry.kind);
      expect(instance.name).toBe(entry.name);
      expect(instance.size).toBe(size);
      expect(instance.inputSize).toBe(entry.inputSize(size));
      expect(instance.outputSize).toBe(entry.outputSize(size));
      if (entry.kind === 'scalar') expect(instance.outputSize).toBe(1);
    }
  });

  it('refuses sizes below the minimum and non-integers', () => {
    for (const bad of [entry.minSize - 1, entry.minSize + 0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => entry.instantiate(bad), String(bad)).toThrow(UsageError);
      expect(() => entry.inputSize(bad), String(bad)).toThrow(UsageError);
      expect(() => entry.outputSize(bad), String(bad)).toThrow(UsageError);
    }
    expect(() => entry.instantiate(entry.minSize - 1)).toThrow(
      `zoo function '${entry.name}': size must be an integer >= ${entry.minSize}, got ${entry.minSize - 1}`,
    );
  });

  it('samples points of the right length where the function is finite', () => {
    for (const size of sizesOf(entry)) {
      const instance = entry.instantiate(size);
      for (const x of samplePoints(instance, POINTS_PER_ZOO_SIZE)) {
        expect(x).toBeInstanceOf(Float64Array);
        expect(x).toHaveLength(instance.inputSize);
        expect(x.every(Number.isFinite)).toBe(true);
        const outputs = plainOutputs(instance, x);
        expect(outputs).toHaveLength(instance.outputSize);
        expect(outputs.every(Number.isFinite), `${entry.name}(${Array.from(x)})`).toBe(true);
      }
    }
  });

  it('gives exactly the plain version through the free functions on numbers', () => {
    for (const size of sizesOf(entry)) {
      const instance = entry.instantiate(size);
      for (const x of samplePoints(instance, POINTS_PER_ZOO_SIZE)) {
        expect(genericOutputs(instance, x), `size ${size} at ${Array.from(x)}`).toEqual(
          plainOutputs(instance, x),
        );
      }
    }
  });

  it('gives the same primal values on Real numbers', () => {
    const instance = entry.instantiate(entry.defaultSize);
    const [x] = samplePoints(instance, 1) as [Float64Array];
    const inputs = traced(x);
    const result = instance.kind === 'scalar' ? [instance.f(inputs)] : [...instance.f(inputs)];
    // A plain number may come back where the output does not depend on the input.
    const primals = result.map((value: TracedNumber | number) =>
      typeof value === 'number' ? value : value.primal,
    );
    expect(primals).toEqual(plainOutputs(instance, x));
  });

  it('is reproducible: two instances at one size are the same function', () => {
    const a = entry.instantiate(entry.defaultSize);
    const b = entry.instantiate(entry.defaultSize);
    for (const x of samplePoints(a, 3)) expect(plainOutputs(b, x)).toEqual(plainOutputs(a, x));
  });

  const probe = entry.instantiate(entry.defaultSize);
  if (probe.kind === 'scalar' && probe.analyticGradient !== undefined) {
    it('has an analytic gradient that matches the 9-point oracle and returns the value', () => {
      for (const size of sizesOf(entry)) {
        const instance = entry.instantiate(size);
        if (instance.kind !== 'scalar' || instance.analyticGradient === undefined)
          throw new Error('unreachable');
        const plain = (point: number[]) => instance.plain(Float64Array.from(point));
        for (const x of samplePoints(instance, POINTS_PER_ZOO_SIZE)) {
          const gradient = new Float64Array(instance.inputSize).fill(Number.NaN);
          const value = instance.analyticGradient(x, gradient);
          expectClose(value, instance.plain(x), EXACT_TOLERANCE, `${entry.name} value`);
          expectAllClose(
            gradient,
            oracleGradient(plain, x),
            ORACLE_TOLERANCE,
            `${entry.name}[${size}] gradient`,
          );
        }
      }
    });
  }
});

describe('softmax-cancellation', () => {
  it('always sums to the number of rows', () => {
    for (const size of [1, 2, 10]) {
      const instance = zooEntry('softmax-cancellation').instantiate(size);
      if (instance.kind !== 'scalar') throw new Error('softmax-cancellation is scalar');
      for (const x of samplePoints(instance, POINTS_PER_ZOO_SIZE)) {
        expectClose(instance.plain(x), SOFTMAX_ROWS, EXACT_TOLERANCE, `rows at size ${size}`);
      }
    }
  });
});
