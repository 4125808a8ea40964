/**
 * Running a program: one generic evaluator over core's free functions, so the same program runs on plain
 * numbers, forward-mode duals, reverse-mode tape variables and complex numbers; and a plain-number trace
 * that notes which side of every kink (abs, min, max, hypot) and every branch each evaluation took — what
 * lets a test tell whether the numeric referee stepped across a kink.
 */
import {
  add,
  type Binary,
  FUNCTIONS,
  ge,
  gt,
  le,
  lt,
  mul,
  primal,
  RULES,
  type Scalar,
  ShapeError,
  tanh,
  type Unary,
} from '@dualtape/core';
import type { Guard } from './guards.js';
import type { BranchComparison, Program, ProgramArgument, ProgramNode } from './program.js';

const COMPARE: Readonly<Record<BranchComparison, (a: Scalar, b: Scalar) => boolean>> = { lt, le, gt, ge };

function guarded<T extends Scalar>(value: T, guard: Guard | null): T {
  if (guard === null) return value;
  const squashed = mul(guard.halfWidth, tanh(value));
  return guard.center === 0 ? squashed : add(guard.center, squashed);
}

function checkPoint(program: Program, x: ArrayLike<unknown>): void {
  if (x.length !== program.inputCount) {
    throw new ShapeError(
      'evaluateProgram',
      `the program has ${program.inputCount} inputs, got ${x.length} values`,
    );
  }
}

function evaluateNode(node: ProgramNode, values: readonly Scalar[], x: readonly Scalar[]): Scalar {
  switch (node.kind) {
    case 'input':
      return x[node.input]!;
    case 'constant':
      return node.value;
    case 'operation': {
      const read = (argument: ProgramArgument) => guarded(values[argument.node]!, argument.guard);
      if (node.rule.arity === 1) return (FUNCTIONS[node.rule.name] as Unary)(read(node.args[0]!));
      return (FUNCTIONS[node.rule.name] as Binary)(read(node.args[0]!), read(node.args[1]!));
    }
    case 'branch': {
      const left = values[node.left]!;
      const right = values[node.right]!;
      const taken = node.onNumbers
        ? COMPARE[node.comparison](primal(left), primal(right))
        : COMPARE[node.comparison](left, right);
      return taken ? values[node.whenTrue]! : values[node.whenFalse]!;
    }
    case 'read':
      return primal(values[node.node]!);
  }
}

/**
 * Evaluates the program at `x` (length N) on any number type, returning its M outputs. Outputs that do not
 * depend on the inputs come back as plain numbers, as the contracts allow.
 */
export function evaluateProgram<T extends Scalar>(program: Program, x: readonly T[]): T[] {
  checkPoint(program, x);
  const values: Scalar[] = new Array(program.nodes.length);
  for (const id of program.live) values[id] = evaluateNode(program.nodes[id]!, values, x);
  return program.outputs.map((id) => values[id]!) as T[];
}

/** The program as a function of the contracts' `VectorFunction` shape. */
export function programFunction(program: Program): <T extends Scalar>(x: readonly T[]) => readonly T[] {
  return (x) => evaluateProgram(program, x);
}

/**
 * Which way each kink and branch went in one plain evaluation: per live abs node the sign of its argument,
 * per min/max the order of its arguments (except min(t, t) and max(t, t), which are t), per hypot whether
 * both arguments are 0, per branch its outcome: 1 when taken, 0 when not.
 * Two evaluations with equal signatures took the same smooth piece (up to a double crossing between them).
 */
export interface EvaluationTrace {
  readonly outputs: Float64Array;
  /** One entry per live kink or branch node, in node order: -1, 0 or 1; for a kink, 0 means on it. */
  readonly signature: Int8Array;
  /**
   * The JavaScript numbers read with `primal`, in node order: each read node's value, and both compared
   * values of each branch on numbers. A recording holds them as constants.
   */
  readonly reads: Float64Array;
}

function sign(v: number): number {
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

/** The kink and branch nodes of a program, in node order: the positions of `EvaluationTrace.signature`. */
export function signatureNodes(program: Program): readonly number[] {
  return program.live.filter((id) => isSignatureNode(program.nodes[id]!));
}

function isSignatureNode(node: ProgramNode): boolean {
  if (node.kind === 'branch') return true;
  if (node.kind !== 'operation' || !KINKS.has(node.rule.name)) return false;
  // min(t, t) and max(t, t) are t: always tied, never a kink.
  const [a, b] = node.args;
  return !(node.rule.name !== 'hypot' && b !== undefined && sameArgument(a!, b));
}

function sameArgument(a: ProgramArgument, b: ProgramArgument): boolean {
  if (a.node !== b.node) return false;
  if (a.guard === null || b.guard === null) return a.guard === b.guard;
  return a.guard.center === b.guard.center && a.guard.halfWidth === b.guard.halfWidth;
}

const KINKS = new Set<string>([RULES.abs.name, RULES.min.name, RULES.max.name, RULES.hypot.name]);

/** Evaluates on plain numbers and notes the side of every kink and branch (see `EvaluationTrace`). */
export function traceProgram(program: Program, x: ArrayLike<number>): EvaluationTrace {
  checkPoint(program, x);
  const point = Array.from(x);
  const values: number[] = new Array(program.nodes.length);
  const signature: number[] = [];
  const reads: number[] = [];
  for (const id of program.live) {
    const node = program.nodes[id]!;
    values[id] = primal(evaluateNode(node, values, point));
    if (node.kind === 'read') reads.push(values[node.node]!);
    else if (node.kind === 'branch' && node.onNumbers) reads.push(values[node.left]!, values[node.right]!);
    if (!isSignatureNode(node)) continue;
    if (node.kind === 'branch') {
      signature.push(COMPARE[node.comparison](values[node.left]!, values[node.right]!) ? 1 : 0);
    } else if (node.kind === 'operation') {
      const [a, b] = node.args.map((argument) => guarded(values[argument.node]!, argument.guard)) as [
        number,
        number,
      ];
      if (node.rule.name === 'abs') signature.push(sign(a));
      else if (node.rule.name === 'hypot') signature.push(a === 0 && b === 0 ? 0 : 1);
      else signature.push(sign(a - b));
    }
  }
  return {
    outputs: Float64Array.from(program.outputs, (id) => values[id]!),
    signature: Int8Array.from(signature),
    reads: Float64Array.from(reads),
  };
}

/** True when two traces took the same side of every kink and branch. */
export function sameSignature(a: EvaluationTrace, b: EvaluationTrace): boolean {
  return a.signature.length === b.signature.length && a.signature.every((s, i) => s === b.signature[i]);
}
