/**
 * The `dualtape` command line: commander's command tree, every command's options and help examples, and
 * the one place where errors become exit statuses — 2 with a one-line message for bad usage or input
 * (a ParseError adds the expression and a caret line), 70 with one line and "this is a bug" for anything
 * unexpected (DUALTAPE_DEBUG=1 adds the stack trace). No stack trace ever reaches a user for their own
 * mistake.
 */

import { DualtapeError, ParseError, UsageError } from '@dualtape/core';
import { languageReference, parse } from '@dualtape/expression';
import { SCHEMES } from '@dualtape/numeric';
import { TransformError } from '@dualtape/transform';
import { Command, type CommanderError, Option } from 'commander';
import { HVP_STRATEGIES, IMPLEMENTATIONS, MODES } from 'dualtape';
import { runBatch } from './batch.js';
import { runBench } from './commands/bench.js';
import { type CheckCommandOptions, runCheck } from './commands/check.js';
import { DEMO_HTML, type DemoOptions, runDemo } from './commands/demo.js';
import { type DifferentiateOptions, runDifferentiate } from './commands/differentiate.js';
import { GRAPH_FORMATS, type GraphCommandOptions, runGraph } from './commands/graph.js';
import { runTransform, TRANSFORM_OUTPUTS, type TransformCommandOptions } from './commands/transform.js';
import { runZoo } from './commands/zoo.js';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { type CliIo, colorsFor } from './io.js';
import { DEFAULT_SEED } from './target.js';

/** Thrown by commander's exit override, carrying the command that failed (for its list of options). */
class CommandLineError extends Error {
  constructor(
    readonly commanderError: CommanderError,
    readonly command: Command,
  ) {
    super(commanderError.message);
  }
}

/**
 * A commander option parser that refuses the option a second time: commander keeps only the last value,
 * which silently drops the first (`--at x=1 --at x=2`).
 */
function once(flag: string): (value: string, previous: string | undefined) => string {
  return (value, previous) => {
    if (previous !== undefined) {
      throw new UsageError(`${flag} is given twice ('${previous}' and '${value}'): give it once`);
    }
    return value;
  };
}

function examples(lines: readonly string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`;
}

/** Runs the CLI on `argv` (the arguments after the program name) and returns the exit status. */
export async function runCli(argv: readonly string[], io: CliIo, version: string): Promise<number> {
  // `bench` forwards everything, its own --help included, to @dualtape/bench.
  if (argv[0] === 'bench')
    return guarded(
      () => runBench(argv.slice(1), io),
      io,
      () => false,
      argv,
    );
  let exitCode = EXIT_OK;
  let loadsUserCode = false;
  const program = buildProgram(
    io,
    version,
    (code) => {
      exitCode = code;
    },
    () => {
      loadsUserCode = true;
    },
  );
  return guarded(
    async () => {
      await program.parseAsync([...argv], { from: 'user' });
      return exitCode;
    },
    io,
    () => loadsUserCode,
    argv,
  );
}

/** Runs a command and turns whatever it throws into a message and an exit status. */
async function guarded(
  run: () => Promise<number>,
  io: CliIo,
  loadsUserCode: () => boolean,
  argv: readonly string[],
): Promise<number> {
  try {
    return await run();
  } catch (error) {
    return report(error, io, loadsUserCode(), argv);
  }
}

function report(error: unknown, io: CliIo, loadsUserCode: boolean, argv: readonly string[]): number {
  const colors = colorsFor(io.stderr, io.env);
  const prefix = colors.red('error:');
  if (error instanceof CommandLineError) return commandLineError(error, io, prefix, argv);
  if (error instanceof ParseError || error instanceof TransformError) {
    // The message is the reason, then the expression or the source line (an excerpt around the position
    // when it is long) and a caret under the position.
    io.stderr.write(`${prefix} ${error.message}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof DualtapeError) {
    io.stderr.write(`${prefix} ${oneLine(error.message)}\n`);
    return EXIT_USAGE;
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (loadsUserCode) {
    // Most likely the user's module threw; say so rather than blaming dualtape.
    io.stderr.write(
      `${prefix} the --module code raised ${oneLine(message)} (if it came from dualtape itself, this is a bug)\n`,
    );
    return EXIT_USAGE;
  }
  io.stderr.write(
    `${prefix} internal error: ${oneLine(message)} — this is a bug in dualtape, please report it\n`,
  );
  if (io.env.DUALTAPE_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return EXIT_INTERNAL;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * The hint for an "option" that is really an expression starting with a minus (`-x^2`, `-sin(x)`): the
 * shell passes it as an argument starting with '-', which reads as an option.
 */
function leadingMinusHint(flag: string, command: string, argv: readonly string[]): string | undefined {
  // A flag-like name (`-q`) is more likely a mistyped option; an operator, bracket or digit means an expression.
  if (!/^-[^-]/.test(flag) || !/[\^*/+()[\].,0-9]/.test(flag.slice(1))) return undefined;
  try {
    parse(flag);
  } catch {
    return undefined;
  }
  const rest = argv.filter((arg, i) => i > 0 && arg !== flag).join(' ');
  return (
    `if '${flag}' is the expression, it reads as an option because it starts with '-': ` +
    `write it as "(${flag})" or " ${flag}" (a leading space), or put it last after '--': ${command} ${rest} -- "${flag}"`
  );
}

function commandLineError(
  error: CommandLineError,
  io: CliIo,
  prefix: string,
  argv: readonly string[],
): number {
  const { code, exitCode } = error.commanderError;
  if (code === 'commander.helpDisplayed' || code === 'commander.version') return EXIT_OK;
  if (code === 'commander.help') return exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  const command = error.command;
  const name = command.parent === null ? 'dualtape' : `dualtape ${command.name()}`;
  // Commander puts its "(Did you mean ...?)" on a second line; we keep one line and list the valid choices.
  const [first = '', ...rest] = error.message.replace(/^error:\s*/, '').split('\n');
  const suggestion = rest
    .join(' ')
    .trim()
    .replace(/^\((.*)\)$/, '$1')
    .replace(/^Did/, 'did');
  const hint = suggestion === '' ? '' : `${suggestion}; `;
  let message = oneLine(first);
  const flag = /'([^']*)'/.exec(first)?.[1] ?? '';
  const minusHint = code === 'commander.unknownOption' ? leadingMinusHint(flag, name, argv) : undefined;
  if (minusHint !== undefined) {
    message = `${message} (${minusHint})`;
  } else if (code === 'commander.excessArguments' && argv.includes('--')) {
    message +=
      ` (everything after '--' is an argument, so options there count as arguments: put the options before '--', ` +
      `e.g. ${name} --at x=3 -- "-x^2")`;
  } else if (code === 'commander.unknownOption') {
    const valid = command.options
      .map((option) => option.long ?? option.short)
      .filter((flag) => flag !== undefined);
    message += ` for '${name}' (${hint}valid options: ${[...valid, '--help'].join(', ')})`;
  } else if (code === 'commander.unknownCommand') {
    const commands = command.commands.map((sub) => sub.name()).join(', ');
    message += ` (${hint}commands: ${commands}; see 'dualtape --help')`;
  } else {
    if (hint !== '') message += ` (${suggestion})`;
    message += ` (see '${name} --help')`;
  }
  io.stderr.write(`${prefix} ${message}\n`);
  return EXIT_USAGE;
}

function buildProgram(
  io: CliIo,
  version: string,
  setExit: (code: number) => void,
  noteUserCode: () => void,
): Command {
  const program = new Command('dualtape');
  program
    .description(
      'Automatic differentiation with forward mode (dual numbers), reverse mode (a tape) and finite ' +
        'differences side by side: derivatives of expressions, checks of hand-written gradients, benchmarks.',
    )
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help (every command has its own, with examples)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: () => {},
    })
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      examples([
        'dualtape grad "x^2 + y^2" --at x=4,y=3',
        'dualtape check "4*x^3 + x^2 + 3" --at x=2',
        'dualtape check --zoo rosenbrock --size 100',
        'dualtape graph "x*y + sin(x*y)" --at x=2,y=3 --format svg --output graph.svg',
        'dualtape bench --quick',
        'dualtape demo',
        'dualtape help expressions',
      ]) +
        '\nExit status: 0 success, 1 a check disagreed or a result is not finite, 2 bad usage or input, 70 internal error (a bug).\n' +
        'Colour only on a terminal, never with NO_COLOR set. Results on stdout, messages on stderr.\n',
    );
  program.exitOverride((error) => {
    throw new CommandLineError(error, program);
  });
  program.helpCommand(false);

  const addSourceOptions = (command: Command, point: string): Command =>
    command
      .option('--at <point>', point, once('--at'))
      .option(
        '--zoo <name>',
        "a function of the zoo instead of an expression (see 'dualtape zoo')",
        once('--zoo'),
      )
      .option(
        '--size <n>',
        'size parameter of the --zoo function (default: its default size)',
        once('--size'),
      )
      .option(
        '--max-memory <bytes>',
        'refuse a --zoo --size run whose estimated memory is above this (e.g. 8GiB; default 4GiB)',
        once('--max-memory'),
      )
      .option(
        '--seed <n>',
        `seed of the sampled point of a --zoo function without --at (default ${DEFAULT_SEED})`,
        once('--seed'),
      )
      .option(
        '--module <file>',
        "an ES module exporting the function (written with dualtape's free functions)",
        once('--module'),
      )
      .option('--export <name>', 'the export of --module to use (default: default)', once('--export'))
      .option(
        '--expr-file <file>',
        "read the expression from a file ('-' = stdin; line breaks are spaces, lines starting with # are comments)",
        once('--expr-file'),
      );
  const addModeOptions = (command: Command): Command =>
    command
      .addOption(
        new Option('--mode <mode>', 'forward, reverse, numeric or auto').choices(MODES).default('auto'),
      )
      .addOption(
        new Option(
          '--implementation <how>',
          'transform (generated code from the function text) or overloading (dual numbers, tape); default: transform where it can read f',
        ).choices(IMPLEMENTATIONS),
      )
      .option('--chunk-size <k>', 'forward mode: tangents per pass (default: ForwardDiff heuristic)')
      .addOption(new Option('--scheme <scheme>', 'numeric mode: finite-difference scheme').choices(SCHEMES))
      .option(
        '--max-tape-bytes <bytes>',
        "auto mode: the reverse tape's budget; over it, forward mode is used",
      );
  const differentiating = (
    name: 'grad' | 'jacobian' | 'hessian' | 'hvp',
    description: string,
    argument: string,
    lines: readonly string[],
    batch: boolean,
  ): void => {
    const command = program.command(name).description(description).argument('[expression]', argument);
    addSourceOptions(command, 'the point: x=1,y=2 for an expression, "[1, 2, 3]" for --zoo/--module');
    addModeOptions(command);
    if (name === 'hvp') {
      command
        .option(
          '--v <direction>',
          'the direction v, written as --at is: x=1,y=0, or "[1, 0]" for --zoo/--module',
        )
        .addOption(
          new Option(
            '--strategy <how>',
            'reverse mode: how ∇²f·v is computed (default forward-over-reverse)',
          ).choices(HVP_STRATEGIES),
        );
    }
    command.option('--json', 'one JSON object on stdout (numbers round-trip; NaN/Infinity as strings)');
    if (batch)
      command.option(
        '--batch <file>',
        'a JSON-lines file of {"expr", "at"}: one JSON result per line ("-" = stdin)',
      );
    command.addHelpText('after', examples(lines));
    command.action(
      async (expression: string | undefined, options: DifferentiateOptions & { batch?: string }) => {
        if (options.module !== undefined) noteUserCode();
        if (options.batch !== undefined) {
          const { batch: file, ...rest } = options;
          setExit(await runBatch(file, expression, { kind: 'grad', options: rest }, io));
          return;
        }
        setExit(await runDifferentiate(name, expression, options, io));
      },
    );
    command.exitOverride((error) => {
      throw new CommandLineError(error, command);
    });
  };

  differentiating(
    'grad',
    'the gradient of a scalar expression, with the mode used and why',
    'a scalar expression, e.g. "x^2 + y^2"',
    [
      'dualtape grad "x^2 + y^2" --at x=4,y=3',
      'dualtape grad "x^2 + y^2" --at x=4,y=3 --json',
      'dualtape grad "sin(x) * exp(-y)" --at x=1,y=0 --mode forward',
      'dualtape grad --zoo rosenbrock --size 1000',
      'dualtape grad --batch points.jsonl > gradients.jsonl',
    ],
    true,
  );
  differentiating(
    'jacobian',
    'the Jacobian of a vector expression "[e1, e2, ...]"',
    'a vector expression, e.g. "[x*y, x + y]"',
    [
      'dualtape jacobian "[x*y, x + y, sin(x)]" --at x=1,y=2',
      'dualtape jacobian --zoo time-series --size 100 --json',
    ],
    false,
  );
  differentiating(
    'hessian',
    'the Hessian of a scalar expression',
    'a scalar expression, e.g. "x^2 * y"',
    ['dualtape hessian "x^2 * y" --at x=1,y=2', 'dualtape hessian --zoo rosenbrock --size 5 --mode forward'],
    false,
  );
  differentiating(
    'hvp',
    'the Hessian-vector product ∇²f·v of a scalar expression, without forming the Hessian',
    'a scalar expression, e.g. "x^2 * y"',
    [
      'dualtape hvp "x^2 * y" --at x=1,y=2 --v x=1,y=0',
      'dualtape hvp --zoo rosenbrock --size 3 --v "[1, 0, 0]" --json',
      'dualtape hvp "x^2 * sin(y)" --at x=1,y=2 --v x=0,y=1 --mode reverse --strategy reverse-over-reverse',
    ],
    false,
  );

  const check = program
    .command('check')
    .description('every mode and numeric scheme side by side, and a verdict (exit 1 on disagreement)')
    .argument('[expression]', 'a scalar or vector expression');
  addSourceOptions(check, 'the point: x=1,y=2 for an expression, "[1, 2, 3]" for --zoo/--module');
  check
    .option('--atol <a>', "absolute tolerance (default: numeric's gradcheck table for the reference scheme)")
    .option('--rtol <r>', "relative tolerance (default: numeric's gradcheck table for the reference scheme)")
    .option(
      '--hessian',
      "check second derivatives: every Hessian strategy (and a module's NAMEHessian) against the numeric Hessian",
    )
    .option('--json', 'one JSON object on stdout')
    .option('--batch <file>', 'a JSON-lines file of {"expr", "at"}: one JSON result per line ("-" = stdin)')
    .addHelpText(
      'after',
      examples([
        'dualtape check "4*x^3 + x^2 + 3" --at x=2',
        'dualtape check "x^2 * sin(y)" --at x=1,y=2 --hessian',
        'dualtape check "[x*y, atan2(y, x)]" --at x=1,y=2 --json',
        'dualtape check --zoo rosenbrock --size 100',
        'dualtape check --module ./loss.mjs --export loss --at "[1, 2, 3]"',
        'dualtape check --batch cases.jsonl',
      ]) +
        "\nWith --module, the module imports the free functions from 'dualtape' (or '@dualtape/core'):\n" +
        "  import { mul, sin } from 'dualtape';\n" +
        '  export const loss = (x) => mul(x[0], sin(x[1]));\n' +
        '  export const lossGradient = (x) => [Math.sin(x[1]), x[0] * Math.cos(x[1])]; // optional: checked too\n' +
        '  export const lossHessian = (x) => [[0, Math.cos(x[1])], [Math.cos(x[1]), -x[0] * Math.sin(x[1])]]; // --hessian\n',
    )
    .action(async (expression: string | undefined, options: CheckCommandOptions & { batch?: string }) => {
      if (options.module !== undefined) noteUserCode();
      if (options.batch !== undefined) {
        const { batch: file, ...rest } = options;
        setExit(await runBatch(file, expression, { kind: 'check', options: rest }, io));
        return;
      }
      setExit(await runCheck(expression, options, io));
    });
  check.exitOverride((error) => {
    throw new CommandLineError(error, check);
  });

  const graph = program
    .command('graph')
    .description("the expression's computational graph with values, forward tangents and reverse adjoints")
    .argument('<expression>', 'a scalar expression')
    .option('--at <point>', 'the point, e.g. x=1,y=2')
    .option('--wrt <variable>', 'the input whose forward tangents are shown (default: the first variable)')
    .addOption(new Option('--format <format>', 'output format').choices(GRAPH_FORMATS).default('dot'))
    .option('--output <file>', 'write to a file instead of stdout')
    .addHelpText(
      'after',
      examples([
        'dualtape graph "x*y + sin(x*y)" --at x=2,y=3',
        'dualtape graph "x*y + sin(x*y)" --at x=2,y=3 --wrt y --format mermaid',
        'dualtape graph "x*y + sin(x*y)" --at x=2,y=3 --format svg --output graph.svg',
      ]),
    )
    .action(async (expression: string, options: GraphCommandOptions) => {
      setExit(await runGraph(expression, options, io));
    });
  graph.exitOverride((error) => {
    throw new CommandLineError(error, graph);
  });

  const transform = program
    .command('transform')
    .description('print the code source transformation generates for a function of a module')
    .argument('<file>', 'an ES module (plain JavaScript)')
    .option(
      '--export <name>',
      'the function to transform (default: the default export, else the only function)',
    )
    .addOption(
      new Option('--mode <mode>', 'forward: tangent code; reverse: adjoint code; lift: on free functions')
        .choices(TRANSFORM_OUTPUTS)
        .default('forward'),
    )
    .option('--lanes <k>', 'forward: tangent directions per pass (default 1)')
    .option('--exact', 'the exact flavour (NaN guard, strong-zero products)')
    .addHelpText(
      'after',
      examples([
        'dualtape transform rosenbrock.mjs',
        'dualtape transform model.mjs --export loss --mode reverse',
        'dualtape transform model.mjs --export loss --mode forward --lanes 4',
      ]),
    )
    .action((file: string, options: TransformCommandOptions) => {
      setExit(runTransform(file, options, io));
    });
  transform.exitOverride((error) => {
    throw new CommandLineError(error, transform);
  });

  const zoo = program
    .command('zoo')
    .description('list the function zoo (name, N, M, description)')
    .option('--json', 'one JSON object per function')
    .addHelpText('after', examples(['dualtape zoo', 'dualtape check --zoo ackley --size 20']))
    .action((options: { json?: boolean }) => {
      setExit(runZoo(options, io));
    });
  zoo.exitOverride((error) => {
    throw new CommandLineError(error, zoo);
  });

  program
    .command('bench')
    .description(
      "complexity benchmarks (forwarded to @dualtape/bench; 'dualtape bench --help' for its options)",
    )
    .allowUnknownOption()
    .allowExcessArguments()
    .helpOption(false);

  const help = program
    .command('help')
    .description("help on a topic: 'expressions' (the expression language) or a command's name")
    .argument('[topic]', "'expressions', or a command such as 'grad'")
    .addHelpText('after', examples(['dualtape help expressions', 'dualtape help check']))
    .action((topic: string | undefined) => {
      if (topic === undefined) {
        program.outputHelp();
        return;
      }
      if (topic === 'expressions' || topic === 'expression') {
        io.stdout.write(languageReference());
        return;
      }
      const command = program.commands.find((candidate) => candidate.name() === topic);
      if (command === undefined || topic === 'help' || topic === 'bench') {
        if (topic === 'bench') {
          io.stdout.write(
            "'dualtape bench --help' lists the benchmark's options (its own parser reads them).\n",
          );
          return;
        }
        const topics = [
          'expressions',
          ...program.commands.map((sub) => sub.name()).filter((n) => n !== 'help'),
        ];
        throw new UsageError(`help: no topic '${topic}' (topics: ${topics.join(', ')})`);
      }
      command.outputHelp();
    });
  help.exitOverride((error) => {
    throw new CommandLineError(error, help);
  });

  const demo = program
    .command('demo')
    .description('the main demonstration: check the textbook function and Rosenbrock, then bench --quick')
    .option('--no-bench', 'skip the benchmark step')
    .option('--html <file>', `where the benchmark's HTML report goes (default ${DEMO_HTML})`)
    .addHelpText('after', examples(['dualtape demo', 'dualtape demo --no-bench']))
    .action(async (options: DemoOptions) => {
      setExit(await runDemo(options, io));
    });
  demo.exitOverride((error) => {
    throw new CommandLineError(error, demo);
  });
  return program;
}
