/**
 * The command tree in-process: help and examples on every command, colour rules, the internal-error
 * path (exit 70, one line), and the usage errors that need no subprocess to provoke.
 */
import { describe, expect, it } from 'vitest';
import { EXIT_INTERNAL, EXIT_USAGE, worseExit } from '../../src/internal/exit-codes.js';
import { colorsFor } from '../../src/internal/io.js';
import { runCli } from '../../src/internal/program.js';
import { collector, runInProcess, testIo } from '../helpers.js';

const ESCAPE = '\u001b[';

describe('help', () => {
  it('has --help with examples on every command, and the exit statuses on the top level', async () => {
    for (const command of ['grad', 'jacobian', 'hessian', 'check', 'graph', 'zoo', 'demo']) {
      const run = await runInProcess([command, '--help']);
      expect(run.status, command).toBe(0);
      expect(run.stdout, command).toContain('Examples:');
      expect(run.stdout, command).toContain(`$ dualtape ${command === 'demo' ? 'demo' : ''}`);
    }
    const top = await runInProcess(['--help']);
    expect(top.status).toBe(0);
    expect(top.stdout).toContain(
      'Exit status: 0 success, 1 a check disagreed or a result is not finite, 2 bad usage or input, 70',
    );
  });

  it('exits 2 with the help on stderr when no command is given', async () => {
    const run = await runInProcess([]);
    expect(run.status).toBe(EXIT_USAGE);
    expect(run.stderr).toContain('Usage: dualtape');
  });
});

describe('colour', () => {
  it('is on only for a terminal without NO_COLOR', () => {
    expect(colorsFor(collector(true), {}).red('x')).not.toBe('x');
    expect(colorsFor(collector(true), { NO_COLOR: '1' }).red('x')).toBe('x');
    expect(colorsFor(collector(true), { NO_COLOR: '' }).red('x')).not.toBe('x'); // empty means unset (no-color.org)
    expect(colorsFor(collector(false), {}).red('x')).toBe('x');
  });

  it('colours a terminal run, and neither a NO_COLOR run nor a pipe', async () => {
    expect((await runInProcess(['grad', 'x^2', '--at', 'x=1'], { tty: true })).stdout).toContain(ESCAPE);
    const noColor = await runInProcess(['grad', 'x^2', '--at', 'x=1'], { tty: true, env: { NO_COLOR: '1' } });
    expect(noColor.stdout).not.toContain(ESCAPE);
    expect((await runInProcess(['check', 'x^2', '--at', 'x=1'])).stdout).not.toContain(ESCAPE);
  });
});

describe('exit statuses', () => {
  it('reports an unexpected error in one line as a bug, with status 70', async () => {
    const { io, stderr } = testIo();
    io.stdout.write = () => {
      throw new TypeError('the pipe burst');
    };
    const status = await runCli(['grad', 'x^2', '--at', 'x=1'], io, '0.0.0');
    expect(status).toBe(EXIT_INTERNAL);
    expect(stderr.text).toBe(
      'error: internal error: TypeError: the pipe burst — this is a bug in dualtape, please report it\n',
    );
  });

  it('gives one line for every usage error', async () => {
    const cases: [string[], string][] = [
      [['grad', 'x', '--zoo', 'rosenbrock'], 'give only one of an expression and --zoo'],
      [['grad'], 'nothing to differentiate'],
      [['grad', 'x^2'], '--at is missing: give a value for x'],
      [
        ['grad', 'x', '--at', 'x=1,z=2'],
        "--at gives 'z', which is not a variable of the expression (it uses x)",
      ],
      [['grad', '[x, x^2]', '--at', 'x=1'], "use 'dualtape jacobian'"],
      [['check', '--zoo', 'rosenbrok'], "unknown zoo function 'rosenbrok'"],
      [['grad', '--batch', 'f.jsonl', '--at', 'x=1'], '--at cannot be combined with --batch'],
      [['grad', 'x', '--at', 'x=1', '--mode', 'sideways'], "argument 'sideways' is invalid"],
      [['check', 'x', '--at', 'x=1', '--atol', '-1'], 'a tolerance must be >= 0'],
      [['grad', '--zoo', 'rosenbrock', '--size', '1.5'], "--size '1.5': expected an integer"],
      [['hessian', '--zoo', 'time-series'], "use 'dualtape jacobian'"],
      [['grad', '--batch', 'no-such-file.jsonl'], 'no such file'],
      [['graph', '[x, y]', '--at', 'x=1,y=2'], 'is a vector'],
      [['grad', '2 + 3'], "'2 + 3' has no variables"],
      [
        ['grad', '--module', 'm.mjs', '--at', '[1]', '--zoo', 'ackley'],
        'give only one of --zoo and --module',
      ],
      [
        ['check', '--module', 'no-such-module.mjs', '--at', '[1]'],
        '--module no-such-module.mjs: no such file',
      ],
      [['graph', 'x', '--at', 'x=1', '--format', 'png'], "argument 'png' is invalid"],
      [['zoo', 'extra'], "too many arguments for 'zoo'"],
    ];
    for (const [argv, message] of cases) {
      const run = await runInProcess(argv);
      expect(run.status, argv.join(' ')).toBe(EXIT_USAGE);
      expect(run.stderr, argv.join(' ')).toContain(message);
      expect(run.stderr.trimEnd().split('\n'), argv.join(' ')).toHaveLength(1);
    }
  });

  it('shows a long expression around the error, the caret under the position', async () => {
    const source = `${'x + '.repeat(100)}* x`;
    const run = await runInProcess(['grad', source, '--at', 'x=1']);
    expect(run.status).toBe(EXIT_USAGE);
    const [message, excerpt, caret] = run.stderr.trimEnd().split('\n');
    expect(message).toBe("error: expected an operand after '+' at position 400");
    expect(excerpt!.length).toBeLessThan(100);
    expect(excerpt![caret!.indexOf('^')]).toBe('*');
  });

  it('orders statuses: internal > usage > disagreement > ok', () => {
    expect(worseExit(0, 1)).toBe(1);
    expect(worseExit(2, 1)).toBe(2);
    expect(worseExit(2, 70)).toBe(70);
    expect(worseExit(70, 0)).toBe(70);
  });
});
