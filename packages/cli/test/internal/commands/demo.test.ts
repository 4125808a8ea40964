/** `demo`: the README's demonstration; the benchmark step is skipped here (the bench package tests itself). */
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../../helpers.js';

describe('demo', () => {
  it('checks the textbook function and Rosenbrock, both passing', async () => {
    const run = await runInProcess(['demo', '--no-bench']);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('4*x^3 + x^2 + 3');
    expect(run.stdout).toContain('rosenbrock');
    expect(run.stdout).toContain('analytic');
    expect(run.stdout.match(/\nPASS: /g)).toHaveLength(2);
  });
});
