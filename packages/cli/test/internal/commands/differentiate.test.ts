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

  it('writes NaN as the string "NaN", names the operation it came from, and calls the result unreliable (exit 1)', async () => {
    const json = await runInProcess(['grad', 'log(x)', '--at', 'x=-1', '--json']);
    expect(json.status).toBe(1);
    const [result] = jsonLines(json.stdout) as [Record<string, unknown>];
    expect(result.value).toBe('NaN');
    expect(result.gradient).toEqual({ x: 'NaN' });
    expect(result.reliable).toBe(false);
    expect(result.anomaly).toMatchObject({
      quantity: 'value',
      operation: 'log',
      arguments: [-1],
      result: 'NaN',
      foundBy: 'gradient (forward)',
      caret: '  log(x)\n  ^',
    });
    expect(result.warnings).toEqual([
      'the value has 1 non-finite entry (f: NaN)',
      'the gradient has 1 non-finite entry (x: NaN)',
      expect.stringMatching(
        /^the gradient is unreliable: computed through a non-finite intermediate \(log at /,
      ),
    ]);
    const human = await runInProcess(['grad', 'log(x)', '--at', 'x=-1']);
    expect(human.status).toBe(1);
    expect(human.stderr).toContain('warning: the gradient has 1 non-finite entry (x: NaN)');
    expect(human.stdout).toMatch(
      /unreliable\s+a non-finite value appeared on the way; the first: log\(-1\) = NaN/,
    );
  });

  it('reports log1p(exp(x)) at 1000 as unreliable, naming the exp that overflowed, not a confident 0', async () => {
    // Default implementation (the transform's tangent code computes it; the overloading modes find where).
    for (const extra of [[], ['--implementation', 'overloading'], ['--mode', 'reverse']]) {
      const run = await runInProcess(['grad', 'log1p(exp(x))', '--at', 'x=1000', '--json', ...extra]);
      expect(run.status, extra.join(' ')).toBe(1);
      const [result] = jsonLines(run.stdout) as [Record<string, unknown>];
      expect(result.gradient).toEqual({ x: 0 });
      expect(result.reliable).toBe(false);
      expect(result.anomaly).toMatchObject({ operation: 'exp', arguments: [1000], result: 'Infinity' });
    }
    const human = await runInProcess(['grad', 'log1p(exp(x))', '--at', 'x=1000']);
    expect(human.stdout).toContain('[transform]');
    expect(human.stdout).toContain('exp(1000) = Infinity');
    expect(human.stdout).toMatch(/ {14}log1p\(exp\(x\)\)\n {20}\^/);
    expect(human.stderr).toContain('warning: the gradient is unreliable');
  });

  it('says reliable: true when everything is finite, and exits 0', async () => {
    const run = await runInProcess(['grad', 'x^2', '--at', 'x=3', '--json']);
    expect(run.status).toBe(0);
    const [result] = jsonLines(run.stdout) as [Record<string, unknown>];
    expect(result.reliable).toBe(true);
    expect(result.anomaly).toBeUndefined();
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

describe('hvp', () => {
  it('prints ∇²f·v by variable with v, the mode and why; --json keys both by variable', async () => {
    // x²·sin(y) at (1, 2) along (1, 0): the first Hessian column [2 sin 2, 2 cos 2].
    const run = await runInProcess(['hvp', 'x^2 * sin(y)', '--at', 'x=1,y=2', '--v', 'x=1,y=0']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`(∇²f·v)[x] = ${2 * Math.sin(2)}`);
    expect(run.stdout).toMatch(/v\s+x = 1, y = 0/);
    expect(run.stdout).toMatch(
      /mode\s+forward\s+\(forward: 2 inputs and 1 output — 1 forward-over-forward pass/,
    );
    for (const strategy of ['forward-over-reverse', 'reverse-over-forward', 'reverse-over-reverse']) {
      const json = await runInProcess([
        'hvp',
        'x^2 * sin(y)',
        '--at',
        'x=1,y=2',
        '--v',
        'x=0,y=1',
        '--mode',
        'reverse',
        '--strategy',
        strategy,
        '--json',
      ]);
      expect(json.status, json.stderr).toBe(0);
      const [result] = jsonLines(json.stdout) as [Record<string, unknown>];
      expect(result).toMatchObject({ command: 'hvp', v: { x: 0, y: 1 }, mode: 'reverse', reliable: true });
      const product = result.hvp as { x: number; y: number };
      expect(product.x).toBeCloseTo(2 * Math.cos(2), 14);
      expect(product.y).toBeCloseTo(-Math.sin(2), 14);
    }
  });

  it('takes --v as a JSON array for --zoo, and refuses a missing or mismatched --v and a stray --strategy (exit 2)', async () => {
    const zoo = await runInProcess([
      'hvp',
      '--zoo',
      'rosenbrock',
      '--size',
      '3',
      '--at',
      '[1, 1, 1]',
      '--v',
      '[1, 0, 0]',
      '--json',
    ]);
    expect(zoo.status, zoo.stderr).toBe(0);
    const [result] = jsonLines(zoo.stdout) as [Record<string, unknown>];
    // Rosenbrock's first Hessian column at (1, 1, 1): [1200 − 400 + 2, −400, 0].
    expect(result.hvp).toEqual([802, -400, 0]);
    const missing = await runInProcess(['hvp', 'x*y', '--at', 'x=1,y=2']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('hvp needs the direction --v (e.g. --v x=1,y=0)');
    const short = await runInProcess(['hvp', '--zoo', 'rosenbrock', '--size', '3', '--v', '[1, 0]']);
    expect(short.status).toBe(2);
    expect(short.stderr).toContain('hvp: v has length 2 but x has length 3; they must match');
    const stray = await runInProcess([
      'hvp',
      'x*y',
      '--at',
      'x=1,y=2',
      '--v',
      'x=1,y=0',
      '--mode',
      'forward',
      '--strategy',
      'reverse-over-reverse',
    ]);
    expect(stray.status).toBe(2);
    expect(stray.stderr).toContain('option strategy would be ignored');
  });
});
