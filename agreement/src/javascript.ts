/**
 * Random programs printed as the plain JavaScript people write — operators, `Math` functions, `**` and
 * `Math.pow`, dualtape's `square`, `if`/`else` and ternaries for branches, a helper function for the domain
 * guards — so source transformation meets them as a user's code; and, for the looped shape, the same
 * computation written with core's free functions, as the reference every overloading mode runs.
 *
 * Shapes:
 * - `'straight'`: one `const` per live node, in topological order, and the outputs returned as an array
 *   literal (or the single output as a number).
 * - `'branches'`: the same, branch nodes as `if`/`else` statements or ternaries, alternately.
 * - `'loop'`: the program is the body of a loop over a local Float64Array state `s` (initially x), updated in
 *   place each iteration (`s[j] = tanh(output j mod M)`), with an accumulator, a data-dependent `break` on
 *   `s[0]` and up to `iterations` iterations; it returns `acc + s[N-1]`, or `s` itself for a vector output.
 * Each printed statement computes exactly what `evaluateProgram` computes, in the same order, so
 * transformed code and the overloading modes can be compared to rounding.
 */
import { add, gt, mul, numberLiteral, type Scalar, tanh } from '@dualtape/core';
import { evaluateProgram } from './evaluate.js';
import type { Guard } from './guards.js';
import type { Program, ProgramArgument, ProgramNode } from './program.js';

/** How a program is printed as JavaScript. */
export type JavaScriptShape = 'straight' | 'branches' | 'loop';

/** Options of `javascriptSource` and `loopedFunction`. */
export interface JavaScriptOptions {
  /** The shape. @default 'straight' */
  readonly shape?: JavaScriptShape;
  /** Loop shape: the most iterations. @default 3 */
  readonly iterations?: number;
  /** Loop shape: the loop stops early once s[0] exceeds this. @default 0.9 */
  readonly limit?: number;
  /** Loop shape: return the state array (a vector) instead of `acc + s[N-1]`. @default false */
  readonly vector?: boolean;
}

const SYMBOLS = { lt: '<', le: '<=', gt: '>', ge: '>=' } as const;

function guardCode(value: string, guard: Guard | null): string {
  if (guard === null) return value;
  if (guard.center === 0) return `${numberLiteral(guard.halfWidth)} * Math.tanh(${value})`;
  return `squash(${value}, ${numberLiteral(guard.center)}, ${numberLiteral(guard.halfWidth)})`;
}

function operationCode(
  node: ProgramNode & { kind: 'operation' },
  id: number,
  operand: (a: ProgramArgument) => string,
): string {
  const [a, b] = node.args.map(operand) as [string, string];
  switch (node.rule.name) {
    case 'add':
      return `${a} + ${b}`;
    case 'sub':
      return `${a} - ${b}`;
    case 'mul':
      return `${a} * ${b}`;
    case 'div':
      return `${a} / ${b}`;
    case 'pow':
      return id % 2 === 0 ? `(${a}) ** (${b})` : `Math.pow(${a}, ${b})`;
    case 'neg':
      return `-(${a})`;
    case 'square':
    case 'stopGradient':
      return `${node.rule.name}(${a})`;
    default:
      return node.rule.arity === 1 ? `Math.${node.rule.name}(${a})` : `Math.${node.rule.name}(${a}, ${b})`;
  }
}

/** The statements of the program's live nodes; `input(i)` spells input i. */
function bodyLines(
  program: Program,
  input: (i: number) => string,
  shape: JavaScriptShape,
  indent: string,
): string[] {
  const lines: string[] = [];
  const name = (id: number) => {
    const node = program.nodes[id]!;
    if (node.kind === 'input') return input(node.input);
    if (node.kind === 'constant') return numberLiteral(node.value);
    return `v${id}`;
  };
  for (const id of program.live) {
    const node = program.nodes[id]!;
    if (node.kind === 'input' || node.kind === 'constant') continue;
    if (node.kind === 'read') {
      lines.push(`${indent}const v${id} = primal(${name(node.node)});`);
      continue;
    }
    if (node.kind === 'operation') {
      const operand = (a: ProgramArgument) => {
        const code = guardCode(name(a.node), a.guard);
        return a.guard === null ? code : `(${code})`;
      };
      lines.push(`${indent}const v${id} = ${operationCode(node, id, operand)};`);
      continue;
    }
    // A branch on plain numbers compares the primal values (what `evaluateProgram` does), a zero-derivative read.
    const side = (id: number) => (node.onNumbers ? `primal(${name(id)})` : name(id));
    const test = `${side(node.left)} ${SYMBOLS[node.comparison]} ${side(node.right)}`;
    if (shape === 'branches' && id % 2 === 0) {
      lines.push(`${indent}let v${id};`);
      lines.push(`${indent}if (${test}) {`);
      lines.push(`${indent}  v${id} = ${name(node.whenTrue)};`);
      lines.push(`${indent}} else {`);
      lines.push(`${indent}  v${id} = ${name(node.whenFalse)};`);
      lines.push(`${indent}}`);
    } else {
      lines.push(`${indent}const v${id} = ${test} ? ${name(node.whenTrue)} : ${name(node.whenFalse)};`);
    }
  }
  return lines;
}

const SQUASH = 'function squash(v, center, halfWidth) { return center + halfWidth * Math.tanh(v); }';

/**
 * The program as the text of a JavaScript module exporting `f(x)`: the shapes of the module comment. The
 * text refers to dualtape's `square` by name (the transform knows it) and to `Math`.
 */
export function javascriptSource(program: Program, options: JavaScriptOptions = {}): string {
  const shape = options.shape ?? 'straight';
  const n = program.inputCount;
  const m = program.outputs.length;
  const outputName = (k: number) => {
    const id = program.outputs[k]!;
    const node = program.nodes[id]!;
    if (node.kind === 'input') return shape === 'loop' ? `s[${node.input}]` : `x[${node.input}]`;
    if (node.kind === 'constant') return numberLiteral(node.value);
    return `v${id}`;
  };
  if (shape !== 'loop') {
    const lines = bodyLines(program, (i) => `x[${i}]`, shape, '  ');
    const result = m === 1 ? outputName(0) : `[${program.outputs.map((_, k) => outputName(k)).join(', ')}]`;
    return [SQUASH, 'export function f(x) {', ...lines, `  return ${result};`, '}'].join('\n');
  }
  const iterations = options.iterations ?? 3;
  const limit = options.limit ?? 0.9;
  const inner = bodyLines(program, (i) => `s[${i}]`, shape, '    ');
  // Outputs are read into locals first: the state is overwritten in place afterwards.
  const reads = program.outputs.map((_, k) => `    const o${k} = ${outputName(k)};`);
  const writes = Array.from({ length: n }, (_, j) => `    s[${j}] = Math.tanh(o${j % m});`);
  return [
    SQUASH,
    'export function f(x) {',
    `  const s = new Float64Array(${n});`,
    `  for (let i = 0; i < ${n}; i++) s[i] = x[i];`,
    '  let acc = 0;',
    `  for (let k = 0; k < ${iterations}; k++) {`,
    `    if (s[0] > ${numberLiteral(limit)}) break;`,
    ...inner,
    ...reads,
    '    acc = acc + o0 * 0.5;',
    ...writes,
    '  }',
    options.vector ? '  return s;' : `  return acc + s[${n - 1}];`,
    '}',
  ].join('\n');
}

/**
 * The looped shape written with core's free functions: the reference for `javascriptSource(program, { shape:
 * 'loop', ... })`, operation for operation (the break is a recorded comparison `gt`).
 */
export function loopedFunction(
  program: Program,
  options: JavaScriptOptions = {},
): <T extends Scalar>(x: readonly T[]) => T | T[] {
  const iterations = options.iterations ?? 3;
  const limit = options.limit ?? 0.9;
  const n = program.inputCount;
  const m = program.outputs.length;
  return <T extends Scalar>(x: readonly T[]) => {
    const s: Scalar[] = Array.from(x);
    let acc: Scalar = 0;
    for (let k = 0; k < iterations; k++) {
      if (gt(s[0]!, limit)) break;
      const outputs = evaluateProgram(program, s);
      acc = add(acc, mul(outputs[0]!, 0.5));
      for (let j = 0; j < n; j++) s[j] = tanh(outputs[j % m]!);
    }
    return (options.vector ? s : add(acc, s[n - 1]!)) as T | T[];
  };
}
