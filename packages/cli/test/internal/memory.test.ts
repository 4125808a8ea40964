/** The memory guard of `--zoo NAME --size N` runs, and `--max-memory`. */
import { newCounters } from '@dualtape/core';
import { zooEntry } from '@dualtape/zoo';
import { gradient } from 'dualtape';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_MEMORY, estimateZooMemory, parseMemoryOption } from '../../src/internal/memory.js';
import { runInProcess } from '../helpers.js';

describe('the memory estimate', () => {
  it('covers the tape a real gradient records at a size it extrapolates to, within a factor of 2', () => {
    const entry = zooEntry('rosenbrock');
    const size = 20_000;
    const instance = entry.instantiate(size);
    const counters = newCounters();
    gradient(
      instance.f as never,
      instance.sample(() => 0.5),
      { mode: 'reverse', implementation: 'overloading', counters },
    );
    const measured = counters.peakTapeBytes + 8 * 8 * (instance.inputSize + instance.outputSize);
    const estimate = estimateZooMemory(entry, size, false).bytes;
    expect(estimate).toBeGreaterThanOrEqual(counters.peakTapeBytes);
    expect(estimate / measured).toBeGreaterThan(0.5);
    expect(estimate / measured).toBeLessThan(2);
  });

  it('adds the N×N matrix for second order', () => {
    const entry = zooEntry('rosenbrock');
    const first = estimateZooMemory(entry, 10_000, false).bytes;
    const second = estimateZooMemory(entry, 10_000, true).bytes;
    expect(second - first).toBeCloseTo(8 * 10_000 * 10_000, -3);
  });

  it('--max-memory reads bytes and units', () => {
    expect(parseMemoryOption('1024')).toBe(1024);
    expect(parseMemoryOption('1KiB')).toBe(1024);
    expect(parseMemoryOption('8GB')).toBe(8e9);
    expect(parseMemoryOption('2gib')).toBe(2 * 1024 ** 3);
    expect(() => parseMemoryOption('lots')).toThrow("--max-memory 'lots': expected bytes or a size");
    expect(DEFAULT_MAX_MEMORY).toBe(4 * 1024 ** 3);
  });
});

describe('the guard on the command line', () => {
  it('refuses --size 1000000000 at once with the estimate, exit 2, instead of an out-of-memory abort', async () => {
    const started = performance.now();
    const run = await runInProcess(['grad', '--zoo', 'rosenbrock', '--size', '1000000000']);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /--size 1000000000: rosenbrock would need about \d+ GiB \(1,000,000,000 inputs: the reverse tape/,
    );
    expect(run.stderr).toContain('over --max-memory 4.00 GiB (the default)');
  });

  it('--max-memory lowers or raises the limit, and goes with --zoo only', async () => {
    const low = await runInProcess([
      'grad',
      '--zoo',
      'rosenbrock',
      '--size',
      '100000',
      '--max-memory',
      '1MiB',
    ]);
    expect(low.status).toBe(2);
    expect(low.stderr).toContain('over --max-memory 1.00 MiB');
    const fine = await runInProcess([
      'grad',
      '--zoo',
      'rosenbrock',
      '--size',
      '2000',
      '--max-memory',
      '1GiB',
    ]);
    expect(fine.status, fine.stderr).toBe(0);
    const alone = await runInProcess(['grad', 'x^2', '--at', 'x=1', '--max-memory', '1GiB']);
    expect(alone.status).toBe(2);
    expect(alone.stderr).toContain('--max-memory goes with --zoo NAME');
  });

  it('a Hessian counts its matrix: 100,000 inputs is refused for hessian but not for grad', async () => {
    const hessian = await runInProcess(['hessian', '--zoo', 'rosenbrock', '--size', '100000']);
    expect(hessian.status).toBe(2);
    expect(hessian.stderr).toContain('the Hessian 74.5 GiB');
  });
});

describe('an option given twice', () => {
  it('is a usage error, not the last one silently winning', async () => {
    const run = await runInProcess(['grad', 'x^2', '--at', 'x=1', '--at', 'x=2']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--at is given twice ('x=1' and 'x=2'): give it once");
    const zoo = await runInProcess(['check', '--zoo', 'rosenbrock', '--zoo', 'ackley']);
    expect(zoo.status).toBe(2);
    expect(zoo.stderr).toContain('--zoo is given twice');
  });
});
