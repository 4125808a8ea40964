/**
 * Printing programs so a shrunk counterexample reads as a formula. `formatProgram` writes the live part as
 * `let` lines for shared subexpressions and one line per output, in core's expression language with
 * minimal parentheses; `outputExpression` writes one output fully expanded, either in core's expression
 * language (so `parse` can read it back) or in the dialect mathjs's symbolic `derivative` understands.
 * Rendering walks the nodes in topological order, building each node's text from its arguments' texts:
 * no recursion.
 */
import { RULES, UsageError } from '@dualtape/core';
import type { Guard } from './guards.js';
import {
  type OperationName,
  type Program,
  type ProgramArgument,
  type ProgramNode,
  programStats,
  useCounts,
} from './program.js';

/** Which language an expression is written in. */
export type ExpressionDialect = 'dualtape' | 'mathjs';

/** Options of `outputExpression`. */
export interface ExpressionOptions {
  /** The language to write. @default 'dualtape' (core's expression language, read by `parse`) */
  readonly dialect?: ExpressionDialect;
  /**
   * Expanding shared nodes can grow a text exponentially; past this many characters a `UsageError` is
   * thrown instead. @default 100000
   */
  readonly maxLength?: number;
}

/**
 * Operations mathjs's `derivative` knows by our name; the rest of the rule table is rewritten
 * (see `MATHJS_REWRITES` in `outputExpression`'s implementation).
 */
export const MATHJS_NATIVE_OPERATIONS: readonly string[] = [
  'add',
  'sub',
  'mul',
  'div',
  'pow',
  'neg',
  'sqrt',
  'cbrt',
  'exp',
  'log',
  'log10',
  'sin',
  'cos',
  'tan',
  'asin',
  'acos',
  'atan',
  'sinh',
  'cosh',
  'tanh',
  'asinh',
  'acosh',
  'atanh',
  'abs',
];

/** Operations rewritten for mathjs, with the identity used (each one exact where the program evaluates). */
export const MATHJS_REWRITES: Readonly<Record<string, string>> = {
  square: 'a ^ 2',
  expm1: 'exp(a) - 1',
  log1p: 'log(1 + a)',
  log2: 'log(a, 2)',
  atan2:
    "atan(a / b), valid because b > 0 (atan2's sample interval for b is positive, and guards keep b in it)",
  hypot: 'sqrt(a ^ 2 + b ^ 2)',
  min: '(a + b - abs(a - b)) / 2, and a when b is the same expression',
  max: '(a + b + abs(a - b)) / 2, and a when b is the same expression',
};

// Binding strength: a sum binds least, an atom (name, call, positive number) most. `^` binds tighter than
// unary minus (`-x ^ 2` is `-(x ^ 2)`), as in core's expression language and in mathjs.
const TERNARY = 0;
const SUM = 1;
const PRODUCT = 2;
const UNARY = 3;
const POWER = 4;
const ATOM = 5;

interface Rendered {
  readonly text: string;
  readonly precedence: number;
}

const atom = (text: string): Rendered => ({ text, precedence: ATOM });
const parenthesized = (r: Rendered): string => `(${r.text})`;

function numberText(value: number): Rendered {
  const text = String(value);
  return { text, precedence: value < 0 || Object.is(value, -0) ? UNARY : ATOM };
}

function infix(operator: '+' | '-' | '*' | '/', left: Rendered, right: Rendered): Rendered {
  const precedence = operator === '+' || operator === '-' ? SUM : PRODUCT;
  // Left-associative: the right operand needs parentheses at equal strength; a negated right operand
  // gets them too (`a - (-b)`), for readability.
  const l = left.precedence < precedence ? parenthesized(left) : left.text;
  const r = right.precedence <= precedence || right.precedence === UNARY ? parenthesized(right) : right.text;
  return { text: `${l} ${operator} ${r}`, precedence };
}

function power(base: Rendered, exponent: Rendered): Rendered {
  const b = base.precedence < ATOM ? parenthesized(base) : base.text;
  const e =
    exponent.precedence < POWER || exponent.precedence === UNARY ? parenthesized(exponent) : exponent.text;
  return { text: `${b} ^ ${e}`, precedence: POWER };
}

function negated(operand: Rendered): Rendered {
  const text = operand.precedence < POWER ? parenthesized(operand) : operand.text;
  return { text: `-${text}`, precedence: UNARY };
}

const call = (name: string, ...args: readonly Rendered[]): Rendered =>
  atom(`${name}(${args.map((a) => a.text).join(', ')})`);

function guardedText(argument: Rendered, guard: Guard | null): Rendered {
  if (guard === null) return argument;
  const squashed = infix('*', numberText(guard.halfWidth), call('tanh', argument));
  return guard.center === 0 ? squashed : infix('+', numberText(guard.center), squashed);
}

function operationText(name: string, args: readonly Rendered[], dialect: ExpressionDialect): Rendered {
  const [a, b] = args as [Rendered, Rendered];
  switch (name) {
    case 'add':
      return infix('+', a, b);
    case 'sub':
      return infix('-', a, b);
    case 'mul':
      return infix('*', a, b);
    case 'div':
      return infix('/', a, b);
    case 'pow':
      return power(a, b);
    case 'neg':
      return negated(a);
  }
  if (dialect === 'dualtape' || MATHJS_NATIVE_OPERATIONS.includes(name)) return call(name, ...args);
  if (!RULES[name as OperationName].refereed) {
    throw new UsageError(
      `outputExpression: '${name}' is a rule by convention (its derivative is a definition, not its ` +
        "value's), which mathjs's symbolic derivative cannot follow",
    );
  }
  const two = atom('2');
  switch (name) {
    case 'square':
      return power(a, two);
    case 'expm1':
      return infix('-', call('exp', a), atom('1'));
    case 'log1p':
      return call('log', infix('+', atom('1'), a));
    case 'log2':
      return call('log', a, two);
    case 'atan2':
      return call('atan', infix('/', a, b));
    case 'hypot':
      return call('sqrt', infix('+', power(a, two), power(b, two)));
    case 'min':
    case 'max': {
      // min(t, t) is t; the abs form would be 0/0 in mathjs's derivative (abs'(u) = abs(u) / u).
      if (a.text === b.text) return a;
      const sumOf = infix('+', a, b);
      const spread = call('abs', infix('-', a, b));
      return infix('/', infix(name === 'min' ? '-' : '+', sumOf, spread), two);
    }
  }
  throw new UsageError(
    `outputExpression: operation '${name}' has no mathjs form; add one to MATHJS_REWRITES`,
  );
}

const COMPARISON_SYMBOL = { lt: '<', le: '<=', gt: '>', ge: '>=' } as const;

function renderNode(
  program: Program,
  node: ProgramNode,
  text: readonly Rendered[],
  dialect: ExpressionDialect,
): Rendered {
  switch (node.kind) {
    case 'input':
      return atom(`x${node.input}`);
    case 'constant':
      return numberText(node.value);
    case 'operation': {
      if (dialect === 'mathjs' && node.rule.name === 'atan2')
        checkPositiveDenominator(program, node.args[1]!);
      const args = node.args.map((argument) => guardedText(text[argument.node]!, argument.guard));
      return operationText(node.rule.name, args, dialect);
    }
    case 'branch': {
      const operand = (id: number) => {
        const r = text[id]!;
        return r.precedence <= TERNARY ? parenthesized(r) : r.text;
      };
      const side = (id: number) => (node.onNumbers ? `primal(${text[id]!.text})` : operand(id));
      const condition = `${side(node.left)} ${COMPARISON_SYMBOL[node.comparison]} ${side(node.right)}`;
      return {
        text: `${condition} ? ${operand(node.whenTrue)} : ${operand(node.whenFalse)}`,
        precedence: TERNARY,
      };
    }
    case 'read':
      return call('primal', text[node.node]!);
  }
}

function checkPositiveDenominator(program: Program, argument: ProgramArgument): void {
  const lowest = argument.guard
    ? argument.guard.center - argument.guard.halfWidth
    : program.ranges[argument.node]!.min;
  if (!(lowest > 0)) {
    throw new UsageError(
      `outputExpression: atan2's second argument may be <= 0; atan(a / b) would not match`,
    );
  }
}

/**
 * Output `output` (0-based) of the program as one expression, every shared node written out in full.
 * Throws `UsageError` for programs with branches (the expression languages have no conditional), for an
 * output index out of range, and when the text would exceed `maxLength`.
 */
export function outputExpression(program: Program, output: number, options: ExpressionOptions = {}): string {
  const dialect = options.dialect ?? 'dualtape';
  const maxLength = options.maxLength ?? 100_000;
  if (!Number.isInteger(output) || output < 0 || output >= program.outputs.length) {
    throw new UsageError(
      `outputExpression: output ${output} does not exist (the program has ${program.outputs.length})`,
    );
  }
  const text: Rendered[] = new Array(program.nodes.length);
  for (const id of program.live) {
    const node = program.nodes[id]!;
    if (node.kind === 'branch') {
      throw new UsageError(
        'outputExpression: the program has branches, which the expression language cannot write',
      );
    }
    if (node.kind === 'read') {
      throw new UsageError(
        'outputExpression: the program reads values with primal, which the expression language cannot write',
      );
    }
    const rendered = renderNode(program, node, text, dialect);
    if (rendered.text.length > maxLength) {
      throw new UsageError(`outputExpression: the expanded expression exceeds ${maxLength} characters`);
    }
    text[id] = rendered;
  }
  return text[program.outputs[output]!]!.text;
}

/**
 * The program as readable text: a header, one `let` line per shared operation (used more than once),
 * then `y<k> = ...` per output, each in core's expression language (branches as `a < b ? c : d`), and the
 * point when one is given.
 */
export function formatProgram(program: Program, point?: ArrayLike<number>): string {
  const uses = useCounts(program);
  const stats = programStats(program);
  const text: Rendered[] = new Array(program.nodes.length);
  const lines: string[] = [];
  let letCount = 0;
  for (const id of program.live) {
    const node = program.nodes[id]!;
    const rendered = renderNode(program, node, text, 'dualtape');
    const shared =
      uses[id]! > 1 && (node.kind === 'operation' || node.kind === 'branch' || node.kind === 'read');
    if (shared) {
      const name = `t${++letCount}`;
      lines.push(`  let ${name} = ${rendered.text}`);
      text[id] = atom(name);
    } else {
      text[id] = rendered;
    }
  }
  program.outputs.forEach((id, k) => {
    lines.push(`  y${k} = ${text[id]!.text}`);
  });
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const header =
    `program: ${plural(stats.inputs, 'input')}, ${plural(stats.outputs, 'output')}, ` +
    `${plural(stats.operations, 'operation')}, depth ${stats.depth}`;
  const at = point === undefined ? [] : [`  at x = [${Array.from(point, String).join(', ')}]`];
  return [header, ...lines, ...at].join('\n');
}
