/**
 * The command line of `dualtape bench`, parsed and resolved once into `Settings`: which experiments,
 * which sizes, how long per point, where the reports go. Every mistake is a `UsageError` whose message
 * names the option and the value (the command prints it and exits 2).
 */
import { parseArgs } from 'node:util';
import { closestName, UsageError } from '@dualtape/core';
import { zooEntry } from '@dualtape/zoo';
import {
  DEFAULT_FUNCTION,
  DEFAULT_HTML_PATH,
  DEFAULT_SEED,
  EXPERIMENT_MANIFESTS,
  EXPERIMENT_NAMES,
  type ExperimentName,
  FULL_PROFILE,
  MAX_SIZE,
  type Profile,
  QUICK_PROFILE,
} from './defaults.js';

/** How progress is shown on stderr. */
export type ProgressStyle = 'bar' | 'lines' | 'none';

/** Everything a run needs, resolved from the command line and the profile. */
export interface Settings extends Profile {
  /** Experiments to run, in order. */
  readonly experiments: readonly ExperimentName[];
  /** True for `--quick`. */
  readonly quick: boolean;
  /** The scalar zoo function of the gradient, memory and peer sweeps. */
  readonly fn: string;
  /** Repetitions of the ratio experiments; their medians are reported. */
  readonly runs: number;
  readonly seed: number;
  /** Where to write the JSON report; null for none. */
  readonly jsonPath: string | null;
  /** Where to write the HTML report; null for none (`--no-html`). */
  readonly htmlPath: string | null;
  /** Progress display; `bar` is only chosen on a TTY. */
  readonly progress: ProgressStyle;
  /** Colour in the terminal output (TTY and no NO_COLOR). */
  readonly color: boolean;
  /** True when `--sizes` was given (it then replaces every size list of the sweeps). */
  readonly sizesGiven: boolean;
  /**
   * Time each mode in its own fresh process (see jobs.ts for why); false with `--in-process`, which is
   * faster to start but lets modes share the function's JIT feedback.
   */
  readonly isolate: boolean;
}

/** What the command line asked for, before it is combined with the terminal's capabilities. */
export interface ParsedCommand {
  readonly help: boolean;
  readonly settings: Settings;
}

/** Facts about the terminal the command writes to. */
export interface Terminal {
  /** stderr is a TTY (progress bar possible). */
  readonly stderrIsTty: boolean;
  /** stdout is a TTY (colour possible). */
  readonly stdoutIsTty: boolean;
  /** NO_COLOR is set in the environment. */
  readonly noColor: boolean;
}

const OPTIONS = {
  quick: { type: 'boolean' },
  fn: { type: 'string' },
  sizes: { type: 'string' },
  steps: { type: 'string' },
  product: { type: 'string' },
  time: { type: 'string' },
  'max-call': { type: 'string' },
  'fit-from': { type: 'string' },
  runs: { type: 'string' },
  seed: { type: 'string' },
  json: { type: 'string' },
  html: { type: 'string' },
  'no-html': { type: 'boolean' },
  progress: { type: 'boolean' },
  'no-progress': { type: 'boolean' },
  'in-process': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** An experiment's lines of the usage text: its name, then its summary, aligned. */
function usageLines(manifest: (typeof EXPERIMENT_MANIFESTS)[number]): string {
  return `  ${manifest.name.padEnd(16)}${manifest.summary.join(`\n${' '.repeat(18)}`)}`;
}

/** The usage text of `dualtape bench`. */
export const USAGE = `Usage: dualtape bench [experiment ...] [options]

Measures forward, reverse and numeric differentiation as problems grow — by dual numbers, the tape and
source transformation (tangent and adjoint code) — fits growth exponents and compares them with the
textbook's. Experiments (default: all, in this order):
${EXPERIMENT_MANIFESTS.map(usageLines).join('\n')}

Options:
  --quick            a small version of everything (under a minute)
  --fn NAME          scalar zoo function of the gradient/memory sweeps (default: ${DEFAULT_FUNCTION})
  --sizes SPEC       sizes of the sweeps: 2^4..2^16 (powers of two), 16,64,256, or both mixed
  --steps SPEC       loop lengths T of the checkpointing experiment (same syntax)
  --product P        N*M of the jacobian experiment (a power of two)
  --time MS          time budget per measured point
  --max-call MS      skip points whose single call is predicted to take longer
  --fit-from N       fit exponents on sizes >= N only
  --runs K           repeat the ratio experiments K times and report medians (default: 1)
  --seed S           seed of the input points
  --json FILE        write every raw number, machine info and settings as JSON
  --html FILE        write the HTML report here (default: ${DEFAULT_HTML_PATH})
  --no-html          do not write the HTML report
  --progress         progress on stderr even when it is not a terminal (lines for a log)
  --no-progress      no progress output on stderr (by default: a bar on a terminal, nothing elsewhere)
  --in-process       time every mode in this process (faster start; modes then share the function's
                     JIT feedback, which slows the generic function up to 20×; memory points still
                     run in their own processes)
  -h, --help         this text

Examples:
  dualtape bench --quick
  dualtape bench gradient --fn ackley --sizes 2^6..2^14 --time 200
  dualtape bench memory jacobian --json out.json --html out.html
Exit status: 0 when every point was measured, 1 when some mode failed, 2 on bad usage.`;

/**
 * Parses the arguments of `dualtape bench` (without the command name) into settings.
 * @throws UsageError naming the option or experiment at fault.
 */
export function parseBenchArguments(argv: readonly string[], terminal: Terminal): ParsedCommand {
  const { values, positionals } = parseOptions(argv);
  const quick = values.quick === true;
  const profile = quick ? QUICK_PROFILE : FULL_PROFILE;

  const experiments = resolveExperiments(positionals);
  const fn = values.fn ?? DEFAULT_FUNCTION;
  checkScalarFunction(fn);

  const sizes = values.sizes === undefined ? undefined : parseSizes(values.sizes, '--sizes');
  const steps = values.steps === undefined ? profile.steps : parseSizes(values.steps, '--steps');
  const jacobianProduct =
    values.product === undefined ? profile.jacobianProduct : parseProduct(values.product);
  const timeMs = values.time === undefined ? profile.timeMs : parseNumber(values.time, '--time', 1, 600_000);
  const maxCallMs =
    values['max-call'] === undefined
      ? profile.maxCallMs
      : parseNumber(values['max-call'], '--max-call', 1, 3_600_000);
  const fitFrom =
    values['fit-from'] === undefined ? undefined : parseNumber(values['fit-from'], '--fit-from', 1, MAX_SIZE);
  const runs = values.runs === undefined ? 1 : parseInteger(values.runs, '--runs', 1, 100);
  const seed = values.seed === undefined ? DEFAULT_SEED : parseInteger(values.seed, '--seed', 0, 2 ** 32 - 1);
  if (values.html !== undefined && values['no-html'] === true) {
    throw new UsageError('--html and --no-html contradict each other; give one of them');
  }
  for (const option of ['json', 'html'] as const) {
    if (values[option] === '') throw new UsageError(`--${option} needs a file name`);
  }

  if (values.progress === true && values['no-progress'] === true) {
    throw new UsageError('--progress and --no-progress contradict each other; give one of them');
  }
  // Progress only where someone watches: a bar on a terminal; lines in a file or log only on request.
  const progress: ProgressStyle =
    values['no-progress'] === true
      ? 'none'
      : terminal.stderrIsTty
        ? 'bar'
        : values.progress === true
          ? 'lines'
          : 'none';
  const settings: Settings = {
    ...profile,
    sizes: sizes ?? profile.sizes,
    memorySizes: sizes ?? profile.memorySizes,
    depths: sizes ?? profile.depths,
    steps,
    jacobianProduct,
    timeMs,
    // A short budget is a request for a short run: the warm-up shrinks with it.
    warmupMs: values.time === undefined ? profile.warmupMs : Math.min(profile.warmupMs, timeMs / 4),
    processWarmupMs:
      values.time === undefined ? profile.processWarmupMs : Math.min(profile.processWarmupMs, timeMs * 4),
    maxCallMs,
    fitFrom: fitFrom ?? profile.fitFrom,
    memoryFitFrom: fitFrom ?? profile.memoryFitFrom,
    experiments,
    quick,
    fn,
    runs,
    seed,
    jsonPath: values.json ?? null,
    htmlPath: values['no-html'] === true ? null : (values.html ?? DEFAULT_HTML_PATH),
    progress,
    color: terminal.stdoutIsTty && !terminal.noColor,
    sizesGiven: sizes !== undefined,
    isolate: values['in-process'] !== true,
  };
  return { help: values.help === true, settings };
}

/**
 * Parses a size list: comma-separated items, each a number (`16`), a power (`2^4`) or a range of powers of
 * two (`2^4..2^16` or `16..65536`: every power of two between the ends, which must be powers of two).
 * Returns the sizes ascending without duplicates.
 * @throws UsageError naming `option` and the bad item.
 */
export function parseSizes(spec: string, option = '--sizes'): number[] {
  const trimmed = spec.trim();
  if (trimmed === '')
    throw new UsageError(`${option}: expected sizes like 2^4..2^16 or 16,64,256, got nothing`);
  const sizes = new Set<number>();
  for (const rawItem of trimmed.split(',')) {
    const item = rawItem.trim();
    if (item === '') throw new UsageError(`${option}: empty item in '${spec}'`);
    const range = item.split('..');
    if (range.length > 2) throw new UsageError(`${option}: '${item}' is not a size or a range A..B`);
    if (range.length === 2) {
      const from = parseSize(range[0]!, option, item);
      const to = parseSize(range[1]!, option, item);
      for (const end of [from, to]) {
        if (!isPowerOfTwo(end)) {
          throw new UsageError(
            `${option}: the ends of range '${item}' must be powers of two (${end} is not)`,
          );
        }
      }
      if (from > to) throw new UsageError(`${option}: range '${item}' goes down (${from} > ${to})`);
      for (let size = from; size <= to; size *= 2) sizes.add(size);
    } else {
      sizes.add(parseSize(item, option, item));
    }
  }
  return [...sizes].sort((a, b) => a - b);
}

function parseSize(text: string, option: string, item: string): number {
  const power = /^\s*2\s*\^\s*(\d+)\s*$/.exec(text);
  const value = power !== null ? 2 ** Number(power[1]) : /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(
      `${option}: '${item}' is not a size (a positive integer like 64 or a power like 2^6)`,
    );
  }
  if (value > MAX_SIZE)
    throw new UsageError(`${option}: ${value} in '${item}' exceeds the maximum size ${MAX_SIZE}`);
  return value;
}

function isPowerOfTwo(value: number): boolean {
  return Number.isInteger(Math.log2(value));
}

function parseProduct(text: string): number {
  const [value] = parseSizes(text, '--product');
  if (
    value === undefined ||
    !isPowerOfTwo(value) ||
    value < 4 ||
    parseSizes(text, '--product').length !== 1
  ) {
    throw new UsageError(`--product: expected one power of two >= 4 (N*M), got '${text}'`);
  }
  if (value > 2 ** 16)
    throw new UsageError(`--product: ${value} is larger than 2^16; the sweep would take hours`);
  return value;
}

function parseNumber(text: string, option: string, min: number, max: number): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`${option}: expected a number from ${min} to ${max}, got '${text}'`);
  }
  return value;
}

function parseInteger(text: string, option: string, min: number, max: number): number {
  const value = parseNumber(text, option, min, max);
  if (!Number.isInteger(value)) throw new UsageError(`${option}: expected an integer, got '${text}'`);
  return value;
}

function resolveExperiments(positionals: readonly string[]): ExperimentName[] {
  if (positionals.length === 0 || (positionals.length === 1 && positionals[0] === 'all')) {
    return [...EXPERIMENT_NAMES];
  }
  const byName = new Map<string, ExperimentName>();
  for (const manifest of EXPERIMENT_MANIFESTS) {
    byName.set(manifest.name, manifest.name);
    for (const alias of manifest.aliases ?? []) byName.set(alias, manifest.name);
  }
  const chosen = new Set<ExperimentName>();
  for (const name of positionals) {
    const canonical = byName.get(name);
    if (canonical === undefined) {
      const known = [...byName.keys(), 'all'];
      const suggestion = closestName(name, known);
      const hint = suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`;
      throw new UsageError(
        `unknown experiment '${name}'${hint}; experiments: ${EXPERIMENT_NAMES.join(', ')}`,
      );
    }
    chosen.add(canonical);
  }
  // The documented order, whatever order they were named in.
  return EXPERIMENT_NAMES.filter((name) => chosen.has(name));
}

function checkScalarFunction(name: string): void {
  let kind: string;
  try {
    kind = zooEntry(name).kind;
  } catch (error) {
    throw new UsageError(`--fn: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (kind !== 'scalar') {
    throw new UsageError(`--fn: '${name}' is a vector function; the sweeps need a scalar one (R^N -> R)`);
  }
}

function parseOptions(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(argumentProblem(error, argv));
  }
}

// node's parseArgs messages are long and mention positionals; say what matters in one line.
function argumentProblem(error: unknown, argv: readonly string[]): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const valid = Object.keys(OPTIONS)
    .map((name) => `--${name}`)
    .join(', ');
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(message)?.[1] ?? argv.find((arg) => arg.startsWith('-')) ?? '?';
    const suggestion = closestName(option.replace(/^-+/, '').split('=')[0]!, Object.keys(OPTIONS));
    const hint = suggestion === undefined ? '' : ` (did you mean '--${suggestion}'?)`;
    return `unknown option '${option}'${hint}; valid options: ${valid}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return message.split('\n')[0]!.replace(/\.$/, '');
  return message.split('\n')[0]!;
}
