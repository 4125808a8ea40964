/**
 * Writing generated JavaScript that people read: indented lines, a comment with the source line before the
 * code of each source statement (`// line 4: const valley = x[i + 1] - x[i] * x[i];`), operands as names
 * and exact literals, and the `let` declarations of the variables the code uses.
 */
import { numberLiteral, RULES, type RuleName } from '@dualtape/core';
import {
  type Expression,
  expressionOperands,
  forEachStatement,
  type MessagePart,
  type Operand,
  type Origin,
  type Statement,
  type Variable,
} from '../ir.js';

/** Lines of generated code with indentation and source comments. */
export class CodeWriter {
  private readonly lines: string[] = [];
  private depth = 0;
  private lastOrigin: Origin | undefined;

  constructor(private readonly entryName: string) {}

  /** A comment naming the source statement, once per statement. */
  origin(origin: Origin): void {
    const last = this.lastOrigin;
    if (
      last !== undefined &&
      last.position.offset === origin.position.offset &&
      last.source === origin.source
    )
      return;
    this.lastOrigin = origin;
    const where = origin.functionName === this.entryName ? '' : `${origin.functionName}, `;
    const text = origin.text.length > 90 ? `${origin.text.slice(0, 89)}…` : origin.text;
    this.line(`// ${where}line ${origin.position.line}: ${text.replace(/\*\//g, '* /')}`);
  }

  line(code: string): void {
    this.lines.push(`${'  '.repeat(this.depth)}${code}`);
  }

  /** `head {`, then the body one level deeper, then `}` (or `tail`). */
  block(head: string, body: () => void, tail = '}'): void {
    this.line(`${head} {`);
    this.depth++;
    const origin = this.lastOrigin;
    body();
    this.depth--;
    this.lastOrigin = origin;
    this.line(tail);
  }

  indent(by: number): void {
    this.depth += by;
  }

  toString(): string {
    return this.lines.join('\n');
  }
}

/** JavaScript for an operand: its variable's name or an exact literal. */
export function operandCode(operand: Operand): string {
  switch (operand.kind) {
    case 'variable':
      return operand.variable.name;
    case 'number':
      return numberLiteral(operand.value);
    case 'boolean':
      return String(operand.value);
  }
}

/** A thrown error's constructor argument: a template literal of its parts. */
export function messageCode(parts: readonly MessagePart[]): string {
  const escaped = (text: string) => text.replace(/[\\`$]/g, (c) => `\\${c}`).replace(/\n/g, '\\n');
  return `\`${parts.map((p) => (p.kind === 'text' ? escaped(p.text) : `\${${operandCode(p.operand)}}`)).join('')}\``;
}

/** The variables statements assign or read, in id order, without parameters and bound values. */
export function localsOf(statements: readonly Statement[], all: readonly Variable[]): Variable[] {
  const used = new Set<Variable>();
  const note = (o: Operand) => {
    if (o.kind === 'variable') used.add(o.variable);
  };
  forEachStatement(statements, (s) => {
    switch (s.kind) {
      case 'assign':
        used.add(s.target);
        expressionOperands(s.expression).forEach(note);
        break;
      case 'store':
      case 'push':
        used.add(s.array);
        note(s.value);
        break;
      case 'if':
        note(s.test);
        break;
      case 'return':
        if (s.value) note(s.value);
        break;
      default:
        break;
    }
  });
  return all.filter(
    (v) =>
      used.has(v) && v.role !== 'input' && v.role !== 'data' && v.role !== 'bound' && v.role !== 'parameter',
  );
}

/** JavaScript's comparison operators by comparison. */
export const COMPARISON_SYMBOLS = { lt: '<', le: '<=', gt: '>', ge: '>=', eq: '===', ne: '!==' } as const;

/** JavaScript of an operation without a rule on plain numbers. */
export function passiveCode(operator: string, args: readonly string[]): string {
  switch (operator) {
    case 'mod':
      return `${args[0]} % ${args[1]}`;
    case 'isNaN':
      return `Number.isNaN(${args[0]})`;
    case 'isFinite':
      return `Number.isFinite(${args[0]})`;
    case 'isInteger':
      return `Number.isInteger(${args[0]})`;
    default:
      return `Math.${operator}(${args[0]})`;
  }
}

/** A loop: `label: for (;;) { body; update }` (continues were made breaks of a body block by normalize.ts). */
export function emitLoop(
  out: CodeWriter,
  loop: Statement & { kind: 'loop' },
  statements: (list: readonly Statement[]) => void,
  warmable = true,
): void {
  out.block(`${loop.label}: for (;;)`, () => {
    statements(loop.body);
    statements(loop.update);
    if (warmable) out.line(`if ($w) break ${loop.label};`);
  });
}

/**
 * In generated code that differentiates (not the lift), every loop ends its iteration with `if ($warm)
 * break`: a warm-up run with `$warm` set runs the code with every loop cut to one iteration (so it ends), and
 * every statement of the forward and reverse sweeps has run before a long loop is compiled on the fly.
 * Without it V8 compiled the first call's long loop with no type feedback for what follows it, and in some
 * processes re-entered that compiled loop on every later call, leaving it where the feedback was missing
 * each time (Rosenbrock's adjoint at N = 10^6: 6–9× plain instead of 3.5–4×).
 */
export const WARM_UP = 'let $warm = false;';

/** The first line of a function body with warmable loops: the flag in a local, so a loop tests a register. */
export const WARM_FLAG = 'const $w = $warm;';

/**
 * JavaScript computing a simple expression on plain numbers: operators where a rule is one, the rule's value
 * function (`valueName`) elsewhere; `name` spells each operand (generators that rename values pass their own).
 * Array creations are not simple expressions: generators write those themselves.
 */
export function plainExpressionCode(
  e: Expression,
  valueName: (rule: RuleName) => string,
  name: (operand: Operand) => string = operandCode,
  arrayName: (array: Variable) => string = (array) => array.name,
): string {
  switch (e.kind) {
    case 'operation': {
      const args = e.operands.map(name);
      const row = RULES[e.rule];
      if (row.operator !== undefined)
        return args.length === 1 ? `${row.operator}${args[0]}` : `${args[0]} ${row.operator} ${args[1]}`;
      return `${valueName(e.rule)}(${args.join(', ')})`;
    }
    case 'copy':
    case 'stop':
      return name(e.operand);
    case 'compare':
      return `${name(e.left)} ${COMPARISON_SYMBOLS[e.comparison]} ${name(e.right)}`;
    case 'not':
      return `!${name(e.operand)}`;
    case 'truthy':
      return `Boolean(${name(e.operand)})`;
    case 'load':
      return `${arrayName(e.array)}[${name(e.index)}]`;
    case 'length':
      return `${arrayName(e.array)}.length`;
    case 'passive':
      return passiveCode(e.operator, e.operands.map(name));
    case 'newArray':
    case 'arrayOf':
    case 'call':
      throw new Error(`plainExpressionCode: ${e.kind} is written by the generator`);
  }
}

/**
 * The check of values read from x (and v) at `index`: a test per read that throws `$badInput(index)`, or,
 * with `sum` (the name of a local), a term `v - v` added to it (NaN exactly when a value is not finite),
 * for code whose caller reruns the exact code when the sum is NaN (activity.ts's `inputSteersControl`).
 */
export function inputReadCheck(names: readonly string[], index: string, sum: string | undefined): string {
  return sum === undefined
    ? `if (${names.map((c) => `${c} - ${c} !== 0`).join(' || ')}) $badInput(${index});`
    : `${sum} += ${names.map((c) => `(${c} - ${c})`).join(' + ')};`;
}
