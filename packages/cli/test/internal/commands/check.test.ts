/** `check` in-process: the side-by-side table, the JSON result, zoo functions with analytic gradients. */
import { describe, expect, it } from 'vitest';
import { FIXTURES, jsonLines, runBuiltCli, runInProcess } from '../../helpers.js';

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

/** `dualtape check` (the built binary) of one export of fixtures/untrustworthy.mjs at `at`. */
function checkUntrustworthy(name: string, at: string, ...extra: string[]) {
  return runBuiltCli([
    'check',
    '--module',
    `${FIXTURES}untrustworthy.mjs`,
    '--export',
    name,
    '--at',
    at,
    ...extra,
  ]);
}

describe('check: what it cannot vouch for', () => {
  it('fails log(x^2) at 0 and names the first non-finite operation, with a caret, in the report and JSON', async () => {
    const run = await runInProcess(['check', 'log(x^2)', '--at', 'x=0']);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('✗ f is -Infinity at the point');
    expect(run.stdout).toContain('first non-finite (gradient (forward)): log(0) = -Infinity');
    expect(run.stdout).toContain('  log(x^2)\n  ^');
    const json = await runInProcess(['check', 'log(x^2)', '--at', 'x=0', '--json']);
    expect(json.status).toBe(1);
    const [result] = jsonLines(json.stdout) as [Record<string, unknown>];
    expect(result.verdict).toBe('fail');
    expect(result.problems).toEqual([expect.stringMatching(/^f is -Infinity at the point/)]);
    expect(result.anomaly).toMatchObject({ operation: 'log', arguments: [0], result: '-Infinity' });
  });

  it('fails a module whose function keeps state between calls (its table shows the disagreement)', async () => {
    const run = await checkUntrustworthy('fading', '[2]');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/✗ f returned 2 and then 0 at the same point: it keeps state between calls/);
    expect(run.stdout).toMatch(/\nFAIL \(/);
  });

  it('refuses a function returning a non-number as bad input (exit 2)', async () => {
    const run = await checkUntrustworthy('greeting', '[2]');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      "'greeting': f returned the string 'hello' for plain-number inputs, not a number",
    );
    expect(run.stdout).toBe('');
  });

  it('shows "could not run" and no number for a referee that cannot evaluate f; the next scheme is the reference', async () => {
    const run = await checkUntrustworthy('withObject', '[1, 2]');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/complex-step +│ — +│ — +│ — +│ — +│ — +│/);
    expect(run.stdout).toContain('could not run: UsageError: Complex:');
    expect(run.stdout).toMatch(/richardson .*│ reference │/);
    expect(run.stdout).toContain('(tangent code: not run — it cannot read f');
    const [result] = jsonLines((await checkUntrustworthy('withObject', '[1, 2]', '--json')).stdout) as [
      {
        reference: string;
        methods: { method: string; gradient: unknown; failure?: string }[];
        skipped: unknown[];
      },
    ];
    expect(result.reference).toBe('richardson');
    const complexStep = result.methods.find((method) => method.method === 'complex-step')!;
    expect(complexStep.gradient).toBeNull();
    expect(complexStep.failure).toMatch(/^could not run: /);
    expect(result.skipped).toHaveLength(2);
  });

  it('adds the dot-product test of JVP against VJP as a row for a vector function', async () => {
    const run = await runInProcess(['check', '[x*y, atan2(y, x)]', '--at', 'x=1,y=2']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/dot product <u,Jv> = <Jᵀu,v> .*5 pairs \(u, v\) .*✓ pass/);
    const [result] = jsonLines(
      (await runInProcess(['check', '[x*y, y^2]', '--at', 'x=2,y=3', '--json'])).stdout,
    ) as [{ dotProduct: { verdict: string; trials: number } }];
    expect(result.dotProduct).toMatchObject({ verdict: 'pass', trials: 5 });
  });
});

describe('check --hessian', () => {
  it('checks every Hessian strategy against the numeric Hessian', async () => {
    const run = await runInProcess(['check', 'x^2 * sin(y)', '--at', 'x=1,y=2', '--hessian']);
    expect(run.status, run.stdout).toBe(0);
    const single = await runInProcess(['check', 'x^3', '--at', 'x=2', '--hessian']);
    expect(single.stdout).toContain('∂²f/∂x∂x');
    expect(single.stdout).toMatch(/│ forward over forward │ 12 /);
    for (const row of ['forward over forward', 'reverse over reverse', 'reverse over forward']) {
      expect(run.stdout).toMatch(new RegExp(`${row} .*✓ pass`));
    }
    const [result] = jsonLines(
      (await runInProcess(['check', 'x^2 * sin(y)', '--at', 'x=1,y=2', '--hessian', '--json'])).stdout,
    ) as [{ kind: string; methods: { method: string; hessian: number[][] }[] }];
    expect(result.kind).toBe('hessian');
    const reverse = result.methods.find((method) => method.method === 'reverse-over-reverse')!;
    expect(reverse.hessian[0]![1]).toBeCloseTo(2 * Math.cos(2), 14);
  });

  it("checks a module's hand-written NAMEHessian like NAMEGradient, and names a wrong entry", async () => {
    const module = `${FIXTURES}second-order.mjs`;
    const right = await runBuiltCli([
      'check',
      '--module',
      module,
      '--export',
      'curved',
      '--at',
      '[1, 2, 3]',
      '--hessian',
    ]);
    expect(right.status, right.stdout).toBe(0);
    expect(right.stdout).toMatch(/hand-written .*✓ pass/);
    const wrong = await runBuiltCli([
      'check',
      '--module',
      module,
      '--export',
      'bent',
      '--at',
      '[1, 2, 3]',
      '--hessian',
    ]);
    expect(wrong.status).toBe(1);
    expect(wrong.stdout).toMatch(
      /FAIL \(hand-written; .*\): entry \(2, 2\) \(∂²f\/∂x\[2\]∂x\[2\]\): hand-written 0\.14/,
    );
  });

  it('refuses --hessian for a vector expression', async () => {
    const run = await runInProcess(['check', '[x, y]', '--at', 'x=1,y=2', '--hessian']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--hessian checks the Hessian of a scalar function');
  });
});
