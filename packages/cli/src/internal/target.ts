/**
 * What a command differentiates, from its arguments: an expression with `--at x=1,y=2`, a zoo function
 * (`--zoo NAME --size N`, at `--at "[...]"` or a point sampled with `--seed`), or a user's module
 * (`--module FILE --export NAME --at "[...]"`). Exactly one source per command; every conflict or gap is
 * a UsageError naming the option.
 */
import {
  FUNCTIONS,
  logSumExp,
  numberLiteral,
  plainValue,
  relu,
  type ScalarFunction,
  seededRandom,
  sigmoid,
  softplus,
  UsageError,
  type VectorFunction,
} from '@dualtape/core';
import {
  type ExpressionNode,
  flatChain,
  type ParsedExpression,
  parse,
  pointForVariables,
} from '@dualtape/expression';
import { zooEntry } from '@dualtape/zoo';
import { readInputFile } from './files.js';
import type { CliIo } from './io.js';
import { guardZooMemory } from './memory.js';
import { loadUserFunction } from './module-loader.js';
import { parseNamedPoint, parseVectorPoint } from './point.js';

/** A function and a point, ready to differentiate. */
export interface Target {
  /** Where it came from. */
  readonly source: 'expression' | 'zoo' | 'module';
  /** How to name it in output: the expression text, `rosenbrock (size 10)`, `f from ./m.mjs`. */
  readonly label: string;
  /** The expression text, for expressions. */
  readonly expression: string | undefined;
  /** Names of the inputs: the expression's variables, or `x[0]`, `x[1]`, ... */
  readonly variables: readonly string[];
  /** True when the inputs have names of their own (expressions): JSON then keys results by name. */
  readonly namedInputs: boolean;
  /** The point, one value per input. */
  readonly point: Float64Array;
  /** The function, written once for every mode. */
  readonly f: ScalarFunction | VectorFunction;
  /** True when f returns an array (R^N -> R^M). */
  readonly isVector: boolean;
  /** A hand-written gradient to check as well (a module's `NAMEGradient`, a zoo's analytic gradient). */
  readonly handWritten: ((x: number[]) => ArrayLike<number>) | undefined;
  /** What to call the hand-written gradient in output. */
  readonly handWrittenLabel: string | undefined;
  /** A hand-written Hessian to check with `check --hessian` (a module's `NAMEHessian`). */
  readonly handWrittenHessian: ((x: number[]) => readonly ArrayLike<number>[]) | undefined;
}

/** The source options every differentiating command accepts (strings as commander gives them). */
export interface SourceOptions {
  readonly at?: string;
  readonly zoo?: string;
  readonly size?: string;
  readonly seed?: string;
  readonly module?: string;
  readonly export?: string;
  /** A file holding the expression (`-` = standard input), for expressions too long for a command line. */
  readonly exprFile?: string;
  /** The memory a `--zoo` run may need (bytes or `8GiB`); larger estimates are refused. */
  readonly maxMemory?: string;
}

/** Default `--seed` for sampled zoo points. */
export const DEFAULT_SEED = 1;

/** Parses an integer option (`--size`, `--seed`, `--chunk-size`), at least `min`. */
export function integerOption(text: string, option: string, min: number): number {
  const trimmed = text.trim();
  if (!/^[+-]?\d+$/.test(trimmed)) throw new UsageError(`${option} '${text}': expected an integer`);
  const value = Number(trimmed);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`${option} '${text}': expected an integer >= ${min}`);
  }
  return value;
}

/** Resolves the command's one source of a function and point. */
export async function resolveTarget(
  expression: string | undefined,
  options: SourceOptions,
  io: CliIo,
  secondOrder = false,
): Promise<Target> {
  if (options.exprFile !== undefined) {
    if (expression !== undefined) {
      throw new UsageError('give the expression either as an argument or with --expr-file, not both');
    }
    return resolveTarget(
      await readExpressionFile(options.exprFile, io),
      { ...options, exprFile: undefined },
      io,
    );
  }
  const sources = [
    expression !== undefined ? 'an expression' : undefined,
    options.zoo !== undefined ? '--zoo' : undefined,
    options.module !== undefined ? '--module' : undefined,
  ].filter((source) => source !== undefined);
  if (sources.length === 0) {
    throw new UsageError(
      'nothing to differentiate: give an expression, --zoo NAME, or --module FILE --export NAME',
    );
  }
  if (sources.length > 1) throw new UsageError(`give only one of ${sources.join(' and ')}`);
  if (options.export !== undefined && options.module === undefined) {
    throw new UsageError('--export names a function of --module FILE; give --module too');
  }
  if (options.size !== undefined && options.zoo === undefined)
    throw new UsageError('--size goes with --zoo NAME');
  if (options.maxMemory !== undefined && options.zoo === undefined)
    throw new UsageError(
      '--max-memory goes with --zoo NAME (it limits the estimated memory of a --size run)',
    );
  if (expression !== undefined) {
    if (options.at === undefined) {
      const parsed = parse(expression);
      if (parsed.variables.length > 0) {
        throw new UsageError(
          `--at is missing: give a value for ${parsed.variables.join(', ')} (e.g. --at ${parsed.variables.map((name) => `${name}=1`).join(',')})`,
        );
      }
    }
    return expressionTarget(parse(expression), parseNamedPoint(options.at ?? ''));
  }
  if (options.zoo !== undefined) return zooTarget(options.zoo, options, secondOrder);
  return moduleTarget(options, io);
}

/**
 * The expression in a `--expr-file`: the whole file, its line breaks read as spaces and lines starting
 * with `#` left out (comments), so a long sum may be written one term per line.
 */
async function readExpressionFile(file: string, io: CliIo): Promise<string> {
  const text = await readInputFile('--expr-file', file, io);
  const expression = text
    .split(/\r?\n/)
    .filter((line) => !line.trimStart().startsWith('#'))
    .join(' ')
    .trim();
  if (expression === '') throw new UsageError(`--expr-file ${file}: the file holds no expression`);
  return expression;
}

/** Characters of an expression shown as its label before it is cut (JSON output keeps all of it). */
const LABEL_CHARACTERS = 120;

/** The expression as output names it: whole when short, else its start, '…' and its length. */
function expressionLabel(source: string): string {
  if (source.length <= LABEL_CHARACTERS) return source;
  return `${source.slice(0, LABEL_CHARACTERS).trimEnd()} … (${source.length.toLocaleString('en-US')} characters)`;
}

/** An expression at a named point (every variable exactly once). */
export function expressionTarget(
  parsed: ParsedExpression,
  at: ReadonlyMap<string, number>,
  what = '--at',
): Target {
  if (parsed.variables.length === 0) {
    throw new UsageError(`'${parsed.source}' has no variables; there is nothing to differentiate`);
  }
  const point = pointForVariables(at, parsed.variables, what);
  return {
    source: 'expression',
    label: expressionLabel(parsed.source),
    expression: parsed.source,
    variables: parsed.variables,
    namedInputs: true,
    point,
    f: expressionFunction(parsed),
    isVector: parsed.isVector,
    handWritten: undefined,
    handWrittenLabel: undefined,
    handWrittenHessian: undefined,
  };
}

/** Core's functions the expression's text may call: the rules, and the derived operations by their names. */
const TEXT_FUNCTIONS: Readonly<Record<string, unknown>> = {
  ...FUNCTIONS,
  sigmoid,
  softplus,
  relu,
  logSumExp,
};

/** Links of a flat chain above which its text is a loop of statements instead of one nested call. */
const STATEMENT_CHAIN_LINKS = 32;

/**
 * The expression as a function whose own text is JavaScript over core's functions (`(x) => add(mul(x[0],
 * x[0]), sin(x[1]))`), so source transformation reads it like a user's code — the umbrella then runs the
 * generated tangent and adjoint code — while the function itself runs on every number type. A long flat
 * chain (`a + b + c + ...` with thousands of terms) becomes one statement per term
 * (`chain0 = add(chain0, ...)`), so neither JavaScript's parser nor the transform meets deep nesting.
 */
export function expressionFunction(parsed: ParsedExpression): ScalarFunction | VectorFunction {
  const statements: string[] = [];
  const write = (node: ExpressionNode): string => {
    switch (node.kind) {
      case 'number':
      case 'constant':
        return numberLiteral(node.value);
      case 'variable':
        return `x[${node.index}]`;
      case 'call': {
        const { first, links } = flatChain(node);
        if (links.length > STATEMENT_CHAIN_LINKS) {
          const name = `chain${statements.length}`;
          statements.push(`let ${name} = ${write(first)};`);
          for (const { call, right } of links)
            statements.push(`${name} = ${call.name}(${name}, ${write(right)});`);
          return name;
        }
        const args = node.args.map(write).join(', ');
        // The transform knows core's logSumExp by name. It does not know softplus (taught that name, it
        // would also take a user's own function called softplus for core's), so an expression with
        // softplus runs on the overloading implementations, which call core's softplus.
        if (node.name === 'logsumexp') return `logSumExp([${args}])`;
        return `${node.name}(${args})`;
      }
      case 'vector':
        return `[${node.elements.map(write).join(', ')}]`;
    }
  };
  const result = write(parsed.root);
  const body = statements.length === 0 ? result : `{\n${statements.join('\n')}\nreturn ${result};\n}`;
  const names = Object.keys(TEXT_FUNCTIONS);
  const factory = new Function(...names, `return (x) => ${body};`) as (
    ...functions: unknown[]
  ) => ScalarFunction | VectorFunction;
  return factory(...names.map((name) => TEXT_FUNCTIONS[name]));
}

function indexNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `x[${i}]`);
}

function zooTarget(name: string, options: SourceOptions, secondOrder: boolean): Target {
  const entry = zooEntry(name);
  const size = options.size === undefined ? entry.defaultSize : integerOption(options.size, '--size', 1);
  // Before anything of that size exists: a size the machine cannot hold is refused, not run into an abort.
  if (size > entry.defaultSize) guardZooMemory(entry, size, secondOrder, options.maxMemory);
  const instance = entry.instantiate(size);
  let point: Float64Array;
  if (options.at !== undefined) {
    point = parseVectorPoint(options.at);
    if (point.length !== instance.inputSize) {
      throw new UsageError(
        `--at has ${point.length} values but ${entry.name} at size ${size} has ${instance.inputSize} inputs`,
      );
    }
  } else {
    const seed = options.seed === undefined ? DEFAULT_SEED : integerOption(options.seed, '--seed', 0);
    point = instance.sample(seededRandom(seed));
  }
  const analytic = instance.kind === 'scalar' ? instance.analyticGradient : undefined;
  return {
    source: 'zoo',
    label: `${entry.name} (size ${size}: ${instance.inputSize} → ${instance.outputSize})`,
    expression: undefined,
    variables: indexNames(instance.inputSize),
    namedInputs: false,
    point,
    f: instance.f,
    isVector: instance.kind === 'vector',
    handWritten:
      analytic === undefined
        ? undefined
        : (x) => {
            const gradient = new Float64Array(x.length);
            analytic(Float64Array.from(x), gradient);
            return gradient;
          },
    handWrittenLabel: analytic === undefined ? undefined : 'analytic',
    handWrittenHessian: undefined,
  };
}

async function moduleTarget(options: SourceOptions, io: CliIo): Promise<Target> {
  const file = options.module!;
  const name = options.export ?? 'default';
  if (options.at === undefined)
    throw new UsageError(`--at is missing: give the point as a JSON array, e.g. --at "[1, 2, 3]"`);
  const point = parseVectorPoint(options.at);
  if (point.length === 0) throw new UsageError('--at [] is empty: give at least one input');
  const loaded = await loadUserFunction(file, name, io.cwd);
  let isVector: boolean;
  try {
    isVector = plainValue(loaded.f, point, `--module ${file}: '${name}'`) instanceof Float64Array;
  } catch (error) {
    // Returning something other than a number is bad input in its own words.
    if (error instanceof UsageError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`--module ${file}: '${name}' threw on plain numbers at the point: ${message}`);
  }
  return {
    source: 'module',
    label: `${name} from ${file}`,
    expression: undefined,
    variables: indexNames(point.length),
    namedInputs: false,
    point,
    f: loaded.f,
    isVector,
    handWritten: loaded.handWritten,
    handWrittenLabel: loaded.handWritten === undefined ? undefined : 'hand-written',
    handWrittenHessian: loaded.handWrittenHessian,
  };
}
