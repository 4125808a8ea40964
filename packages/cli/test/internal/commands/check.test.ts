/** `check` in-process: the side-by-side table, the JSON result, zoo functions with analytic gradients. */
import { describe, expect, it } from 'vitest';
import { jsonLines, runInProcess } from '../../helpers.js';

describe('check', () => {
  it('prints every method with its disagreement, error estimate, time, work and verdict', async () => {
    const run = await runInProcess(['check', 'x*sin(y)', '--at', 'x=2,y=1']);
    expect(run.status, run.stdout).toBe(0);
    for (const head of [
      'method',
      '∂f/∂x',
      '∂f/∂y',
      'max |Δ|',
      'max rel Δ',
      'error est.',
      'time',
      'work',
      'check',
    ]) {
      expect(run.stdout).toContain(head);
    }
    expect(run.stdout).toMatch(/forward \(1 tangent\).*2 passes × 1 lane.*✓ pass/);
    expect(run.stdout).toMatch(/reverse .*1 sweep, \d+ taped ops, \d+ B.*✓ pass/);
    expect(run.stdout).toMatch(/complex-step.*reference/);
    expect(run.stdout).toMatch(/\nPASS: /);
  });

  it('writes the whole comparison as JSON', async () => {
    const run = await runInProcess(['check', '[x*y, y^2]', '--at', 'x=2,y=3', '--json']);
    const [result] = jsonLines(run.stdout) as [
      {
        kind: string;
        verdict: string;
        reference: string;
        atol: number;
        methods: { method: string; jacobian: number[][]; verdict: string; counters: { sweeps: number } }[];
      },
    ];
    expect(result.kind).toBe('jacobian');
    expect(result.verdict).toBe('pass');
    expect(result.reference).toBe('complex-step');
    const reverse = result.methods.find((method) => method.method === 'reverse')!;
    expect(reverse.jacobian).toEqual([
      [3, 2],
      [0, 6],
    ]);
    expect(reverse.counters.sweeps).toBe(2);
    expect(result.methods.map((method) => method.verdict)).toEqual([
      'pass',
      'pass',
      'pass',
      'pass',
      'pass',
      'referee',
      'referee',
      'referee',
      'reference',
    ]);
  });

  it('checks a zoo function with its analytic gradient as the hand-written row', async () => {
    const run = await runInProcess(['check', '--zoo', 'ackley', '--size', '20', '--json']);
    expect(run.status, run.stdout).toBe(0);
    const [result] = jsonLines(run.stdout) as [{ methods: { label: string }[] }];
    expect(result.methods.map((method) => method.label)).toContain('analytic');
  });

  it('passes max(x, y) at a tie: the modes and the complex step take the same (first) branch', async () => {
    const run = await runInProcess(['check', 'max(x, y)', '--at', 'x=1,y=1']);
    // At a tie the modes take the first branch ([1, 0]); the complex step does the same (core's convention).
    expect(run.status, run.stdout).toBe(0);
  });
});
