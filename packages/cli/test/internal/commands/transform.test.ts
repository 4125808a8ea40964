/** `transform` in-process, and plain-JavaScript modules through `grad` and `check`. */
import { describe, expect, it } from 'vitest';
import { FIXTURES, jsonLines, runBuiltCli, runInProcess } from '../../helpers.js';

const MODULE = `${FIXTURES}plain-loss.mjs`;

describe('transform', () => {
  it('prints tangent code, adjoint code and the lifted function, pointing at the source lines', async () => {
    const forward = await runInProcess(['transform', MODULE, '--export', 'loss']);
    expect(forward.status, forward.stderr).toBe(0);
    expect(forward.stdout).toContain('function loss_d(x, x_d)');
    expect(forward.stdout).toContain('// line 8: for (let i = 0; i < x.length; i++)');
    expect(forward.stdout).toContain('// square, line 4: return v * v;');
    const lanes = await runInProcess(['transform', MODULE, '--export', 'loss', '--lanes', '3']);
    expect(lanes.stdout).toContain('function loss_d3(x, x_d)');
    const reverse = await runInProcess(['transform', MODULE, '--export', 'loss', '--mode', 'reverse']);
    expect(reverse.stdout).toContain('function loss_b(x, x_b, $seed)');
    expect(reverse.stdout).toContain('x_b[i] +=');
    const exact = await runInProcess([
      'transform',
      MODULE,
      '--export',
      'loss',
      '--mode',
      'reverse',
      '--exact',
    ]);
    expect(exact.stdout).toContain('$sz(');
    const lift = await runInProcess(['transform', MODULE, '--export', 'loss', '--mode', 'lift']);
    expect(lift.stdout).toContain('$sin(');
  });

  it('refuses what it cannot read with line:column and a caret (exit 2)', async () => {
    const run = await runInProcess(['transform', MODULE, '--export', 'withObject']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('objects are not supported');
    expect(run.stderr).toMatch(/at 13:\d+/);
    // The excerpt keeps its lines: the source line, then the caret under the object literal's brace.
    const [, excerpt = '', caret = ''] = run.stderr.split('\n');
    expect(excerpt.trim()).toContain('{');
    expect(excerpt[caret.indexOf('^')]).toBe('{');
    const missing = await runInProcess(['transform', MODULE, '--export', 'nothing']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(
      "the module has no function 'nothing' (its functions: square, loss, lossGradient, withObject)",
    );
  });
});

// --module imports the user's module through the built CLI's resolve hook: these run dist/cli.js.
describe('plain-JavaScript modules', () => {
  it('grad and check read them in their module: every row agrees, the hand-written gradient too', async () => {
    const check = await runBuiltCli([
      'check',
      '--module',
      MODULE,
      '--export',
      'loss',
      '--at',
      '[1, 2, 3]',
      '--json',
    ]);
    expect(check.status, check.stderr).toBe(0);
    const [result] = jsonLines(check.stdout) as [
      { verdict: string; methods: { method: string; verdict: string }[] },
    ];
    expect(result.verdict).toBe('pass');
    expect(result.methods.map((m) => m.method)).toEqual(
      expect.arrayContaining([
        'tangent-code',
        'adjoint-code',
        'forward',
        'reverse',
        'complex-step',
        'hand-written',
      ]),
    );
    for (const mode of ['forward', 'reverse', 'numeric']) {
      const grad = await runBuiltCli([
        'grad',
        '--module',
        MODULE,
        '--export',
        'loss',
        '--at',
        '[1, 2, 3]',
        '--mode',
        mode,
        '--json',
      ]);
      expect(grad.status, grad.stderr).toBe(0);
      const [g] = jsonLines(grad.stdout) as [{ gradient: number[] }];
      const expected = [1, 2, 3].map((v) => 4 * v + Math.cos(v));
      for (const [i, value] of g.gradient.entries())
        expect(value).toBeCloseTo(expected[i]!, mode === 'numeric' ? 8 : 13);
    }
  });
});
