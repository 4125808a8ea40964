/** `grad`, `jacobian`, `hessian` in-process: readable and JSON output, zoo functions, non-finite results. */
import { describe, expect, it } from 'vitest';
import { jsonLines, runInProcess } from '../../helpers.js';

describe('grad', () => {
  it('prints the gradient by variable, the mode and why', async () => {
    const run = await runInProcess(['grad', 'x^2 + y^2', '--at', 'x=4,y=3', '--mode', 'reverse']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('∂f/∂x = 8');
    expect(run.stdout).toContain('∂f/∂y = 6');
    expect(run.stdout).toMatch(/mode\s+reverse\s+\(reverse: requested \(mode: 'reverse'\) \[transform\]\)/);
  });

  it('writes NaN as the string "NaN" and warns instead of hiding it', async () => {
    const json = await runInProcess(['grad', 'log(x)', '--at', 'x=-1', '--json']);
    expect(json.status).toBe(0);
    const [result] = jsonLines(json.stdout) as [Record<string, unknown>];
    expect(result.value).toBe('NaN');
    expect(result.gradient).toEqual({ x: 'NaN' });
    expect(result.warnings).toEqual([
      'the value has 1 non-finite entry (f: NaN)',
      'the gradient has 1 non-finite entry (x: NaN)',
    ]);
    const human = await runInProcess(['grad', 'log(x)', '--at', 'x=-1']);
    expect(human.stderr).toContain('warning: the gradient has 1 non-finite entry (x: NaN)');
  });

  it('differentiates a zoo function at a sampled point, reverse for N = 1000', async () => {
    const run = await runInProcess(['grad', '--zoo', 'rosenbrock', '--size', '1000', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const [result] = jsonLines(run.stdout) as [
      { gradient: number[]; at: number[]; mode: string; reason: string },
    ];
    expect(result.gradient).toHaveLength(1000);
    expect(result.at).toHaveLength(1000);
    expect(result.mode).toBe('reverse');
    expect(result.reason).toContain('1,000 inputs and 1 output');
    const again = await runInProcess(['grad', '--zoo', 'rosenbrock', '--size', '1000', '--json']);
    expect(again.stdout).toBe(run.stdout); // the sampled point is seeded
  });

  it('passes --chunk-size, --scheme and --max-tape-bytes through', async () => {
    const budget = await runInProcess([
      'grad',
      '--zoo',
      'rosenbrock',
      '--size',
      '100',
      '--max-tape-bytes',
      '100',
      '--implementation',
      'overloading',
      '--json',
    ]);
    const [limited] = jsonLines(budget.stdout) as [{ mode: string; reason: string }];
    expect(limited.mode).toBe('forward');
    expect(limited.reason).toContain('maxTapeBytes');
    const numeric = await runInProcess([
      'grad',
      'x^3',
      '--at',
      'x=2',
      '--mode',
      'numeric',
      '--scheme',
      'complex-step',
      '--json',
    ]);
    expect((jsonLines(numeric.stdout)[0] as { gradient: { x: number } }).gradient.x).toBe(12);
  });
});

describe('jacobian and hessian', () => {
  it('gives the Jacobian rows of a vector expression', async () => {
    const run = await runInProcess(['jacobian', '[x*y, x + y]', '--at', 'x=2,y=5', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const [result] = jsonLines(run.stdout) as [{ jacobian: number[][]; value: number[] }];
    expect(result.jacobian).toEqual([
      [5, 2],
      [1, 1],
    ]);
    expect(result.value).toEqual([10, 7]);
    const human = await runInProcess(['jacobian', '[x*y, x + y]', '--at', 'x=2,y=5']);
    expect(human.stdout).toMatch(/│ f0 │ 5 +│ 2 │/);
  });

  it('gives the Hessian in every mode requested', async () => {
    for (const mode of ['forward', 'reverse', 'auto']) {
      const run = await runInProcess(['hessian', 'x^2 * y', '--at', 'x=1,y=2', '--mode', mode, '--json']);
      expect(run.status, run.stderr).toBe(0);
      const [result] = jsonLines(run.stdout) as [{ hessian: number[][]; requestedMode: string }];
      expect(result.hessian).toEqual([
        [4, 2],
        [2, 0],
      ]);
      expect(result.requestedMode).toBe(mode);
    }
  });
});
