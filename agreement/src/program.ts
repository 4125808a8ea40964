/**
 * Random differentiable programs as data: a DAG of nodes in topological order (the inputs first, then
 * constants, rule-table operations and, optionally, comparisons that pick one of two values), plus the
 * nodes that are the outputs. A program is built from a `ProgramDescription` — the shape fast-check
 * generates and shrinks — by resolving back-references and deciding, for every argument, whether it needs
 * a domain guard (see `guards.ts`), so every program that can be described is safe to evaluate.
 */
import {
  type BinaryName,
  type Comparison,
  RULES,
  type Rule,
  type UnaryName,
  UsageError,
} from '@dualtape/core';
import { argumentSlot, type Guard, INPUT_RANGE, imageOf, type Range } from './guards.js';

/** Name of a rule-table operation a program may apply. */
export type OperationName = UnaryName | BinaryName;

/** Every operation of core's rule table, in the table's order, rules by convention (stopGradient) included. */
export const ALL_OPERATION_NAMES: readonly OperationName[] = Object.values(RULES)
  .sort((a, b) => a.code - b.code)
  .map((rule) => rule.name);

/**
 * The operations a referee can check, in the table's order (so a new rule is picked up automatically):
 * every rule but those by convention (`refereed: false`, i.e. stopGradient), whose derivative finite
 * differences and symbolic differentiation cannot see. What programs use by default.
 */
export const OPERATION_NAMES: readonly OperationName[] = ALL_OPERATION_NAMES.filter(
  (name) => RULES[name].refereed,
);

/** Comparisons a branch node may make (equality is left out: it is almost never true on random values). */
export type BranchComparison = Extract<Comparison, 'lt' | 'le' | 'gt' | 'ge'>;

/** One step of a program description: what the next node computes, referring back to earlier nodes. */
export type StepDescription =
  | {
      readonly kind: 'operation';
      readonly operation: OperationName;
      /**
       * Back-references to the arguments: `r` names the node `r mod k` places before the new one (0 is the
       * node just before it), among the `k` nodes that exist. A unary operation reads only the first.
       */
      readonly refs: readonly [number, number];
      /**
       * A constant taking the place of argument `position` of a binary operation (`x * 2.5`, `2 - x`, `x ^ 2`),
       * or null. Ignored by unary operations.
       */
      readonly constant: { readonly value: number; readonly position: 0 | 1 } | null;
    }
  | { readonly kind: 'constant'; readonly value: number }
  | {
      readonly kind: 'branch';
      readonly comparison: BranchComparison;
      /** Back-references to the compared left and right values, then the values picked when true / false. */
      readonly refs: readonly [number, number, number, number];
      /**
       * True to compare JavaScript numbers (`primal(a) < primal(b)`) instead of calling core's comparison:
       * a recording sees the two reads, not the comparison. @default false
       */
      readonly onNumbers?: boolean;
    }
  | {
      /**
       * The value of a node read as a JavaScript number with `primal`: a constant for every derivative,
       * and a value a recording can only replay where it comes out the same.
       */
      readonly kind: 'read';
      /** Back-reference to the node read. */
      readonly ref: number;
    };

/** A program before its references and guards are resolved; what the arbitrary generates and shrinks. */
export interface ProgramDescription {
  /** Number of inputs N (the first N nodes). */
  readonly inputCount: number;
  /** The nodes after the inputs, in order. */
  readonly steps: readonly StepDescription[];
  /** One back-reference per output, counted from the last node (0 is the last node). At least one. */
  readonly outputs: readonly number[];
}

/** An argument of an operation: the node it reads and the guard applied to it, if any. */
export interface ProgramArgument {
  readonly node: number;
  /** Maps the node's value into the operation's sample interval; null when it is known to lie there. */
  readonly guard: Guard | null;
}

/** A node of a resolved program. Node ids are array indices; arguments always have smaller ids. */
export type ProgramNode =
  | { readonly kind: 'input'; readonly input: number }
  | { readonly kind: 'constant'; readonly value: number }
  | { readonly kind: 'operation'; readonly rule: Rule; readonly args: readonly ProgramArgument[] }
  | {
      readonly kind: 'branch';
      readonly comparison: BranchComparison;
      readonly left: number;
      readonly right: number;
      readonly whenTrue: number;
      readonly whenFalse: number;
      /** True when the comparison is made on JavaScript numbers read with `primal`. */
      readonly onNumbers: boolean;
    }
  | { readonly kind: 'read'; readonly node: number };

/** A resolved program R^N -> R^M, ready to evaluate, print and differentiate. */
export interface Program {
  /** N, the number of inputs; nodes 0..N-1 are the inputs x0..x(N-1). */
  readonly inputCount: number;
  /** Every node in topological order. */
  readonly nodes: readonly ProgramNode[];
  /** The node id of each output (M = outputs.length); several outputs may share a node. */
  readonly outputs: readonly number[];
  /** Ids of the nodes the outputs depend on, ascending: what evaluation computes and printing shows. */
  readonly live: readonly number[];
  /** A conservative range of each node's value while the inputs stay within ±`INPUT_RANGE`. */
  readonly ranges: readonly Range[];
}

/** Size and shape figures of a program, for coverage statistics and reports. */
export interface ProgramStats {
  readonly inputs: number;
  readonly outputs: number;
  /** Live operation and branch nodes. */
  readonly operations: number;
  /** Longest chain of live operations and branches from an input or constant to an output. */
  readonly depth: number;
  /** Live nodes read by more than one live node or output: the shared subexpressions. */
  readonly sharedNodes: number;
  /** Arguments that needed a guard. */
  readonly guards: number;
  /** The distinct operations used by live nodes. */
  readonly operationNames: readonly OperationName[];
  /** Live branch nodes. */
  readonly branches: number;
  /** Live read nodes (values read with `primal`), and branches on JavaScript numbers. */
  readonly reads: number;
}

function backReference(reference: number, count: number): number {
  return count - 1 - (reference % count);
}

function checkDescription(description: ProgramDescription): void {
  const { inputCount, outputs } = description;
  if (!Number.isInteger(inputCount) || inputCount < 1) {
    throw new UsageError(`buildProgram: inputCount must be an integer >= 1, got ${inputCount}`);
  }
  if (outputs.length === 0) throw new UsageError('buildProgram: a program needs at least one output');
  const references = [...outputs];
  description.steps.forEach((step, i) => {
    const constant =
      step.kind === 'constant' ? step.value : step.kind === 'operation' ? step.constant?.value : 0;
    if (constant !== undefined && !Number.isFinite(constant)) {
      throw new UsageError(`buildProgram: step ${i} has a non-finite constant ${constant}`);
    }
    if (step.kind === 'operation' && !Object.hasOwn(RULES, step.operation)) {
      throw new UsageError(
        `buildProgram: step ${i} names no operation of the rule table: '${step.operation}'`,
      );
    }
    if (step.kind === 'read') references.push(step.ref);
    else if (step.kind !== 'constant') references.push(...step.refs);
  });
  const bad = references.findIndex((r) => !Number.isInteger(r) || r < 0);
  if (bad >= 0) {
    throw new UsageError(`buildProgram: references must be integers >= 0, got ${references[bad]}`);
  }
}

/**
 * Resolves a description into a program: references become node ids, each operation argument gets the
 * guard its range calls for, and the live nodes are found. Total: every valid description gives a program.
 */
export function buildProgram(description: ProgramDescription): Program {
  checkDescription(description);
  const nodes: ProgramNode[] = [];
  const ranges: Range[] = [];
  for (let i = 0; i < description.inputCount; i++) {
    nodes.push({ kind: 'input', input: i });
    ranges.push({ min: -INPUT_RANGE, max: INPUT_RANGE });
  }
  for (const step of description.steps) {
    const count = nodes.length;
    if (step.kind === 'constant') {
      nodes.push({ kind: 'constant', value: step.value });
      ranges.push({ min: step.value, max: step.value });
    } else if (step.kind === 'branch') {
      const [left, right, whenTrue, whenFalse] = step.refs.map((r) => backReference(r, count)) as [
        number,
        number,
        number,
        number,
      ];
      nodes.push({
        kind: 'branch',
        comparison: step.comparison,
        left,
        right,
        whenTrue,
        whenFalse,
        onNumbers: step.onNumbers ?? false,
      });
      ranges.push({
        min: Math.min(ranges[whenTrue]!.min, ranges[whenFalse]!.min),
        max: Math.max(ranges[whenTrue]!.max, ranges[whenFalse]!.max),
      });
    } else if (step.kind === 'read') {
      const node = backReference(step.ref, count);
      nodes.push({ kind: 'read', node });
      ranges.push(ranges[node]!);
    } else {
      const rule = RULES[step.operation];
      const args: ProgramArgument[] = [];
      const argumentRanges: Range[] = [];
      for (let slot = 0; slot < rule.arity; slot++) {
        let node = backReference(step.refs[slot]!, count);
        if (rule.arity === 2 && step.constant !== null && step.constant.position === slot) {
          // The constant becomes a node of its own just before the operation, so it prints and evaluates
          // like any other constant; references of later steps count it.
          node = nodes.length;
          nodes.push({ kind: 'constant', value: step.constant.value });
          ranges.push({ min: step.constant.value, max: step.constant.value });
        }
        const { guard, range } = argumentSlot(rule, slot, ranges[node]!);
        args.push({ node, guard });
        argumentRanges.push(range);
      }
      nodes.push({ kind: 'operation', rule, args });
      ranges.push(imageOf(rule, argumentRanges));
    }
  }
  const outputs = description.outputs.map((r) => backReference(r, nodes.length));
  return { inputCount: description.inputCount, nodes, outputs, live: liveNodes(nodes, outputs), ranges };
}

/** The node ids that reach an output, ascending (one backward pass over the topological order). */
function liveNodes(nodes: readonly ProgramNode[], outputs: readonly number[]): number[] {
  const isLive = new Uint8Array(nodes.length);
  for (const id of outputs) isLive[id] = 1;
  for (let id = nodes.length - 1; id >= 0; id--) {
    if (!isLive[id]) continue;
    for (const argument of argumentsOf(nodes[id]!)) isLive[argument] = 1;
  }
  const live: number[] = [];
  for (let id = 0; id < nodes.length; id++) if (isLive[id]) live.push(id);
  return live;
}

/** The node ids a node reads (for a branch: the compared values, then the two candidates). */
export function argumentsOf(node: ProgramNode): readonly number[] {
  switch (node.kind) {
    case 'input':
    case 'constant':
      return [];
    case 'operation':
      return node.args.map((a) => a.node);
    case 'branch':
      return [node.left, node.right, node.whenTrue, node.whenFalse];
    case 'read':
      return [node.node];
  }
}

/** How many times each node is read by live nodes and outputs. */
export function useCounts(program: Program): Uint32Array {
  const uses = new Uint32Array(program.nodes.length);
  for (const id of program.live) for (const argument of argumentsOf(program.nodes[id]!)) uses[argument]!++;
  for (const id of program.outputs) uses[id]!++;
  return uses;
}

/** Size and shape figures of a program's live part. */
export function programStats(program: Program): ProgramStats {
  const depth = new Uint32Array(program.nodes.length);
  const uses = useCounts(program);
  const names = new Set<OperationName>();
  let operations = 0;
  let guards = 0;
  let branches = 0;
  let reads = 0;
  let sharedNodes = 0;
  let deepest = 0;
  for (const id of program.live) {
    const node = program.nodes[id]!;
    if (node.kind === 'operation' || node.kind === 'branch') {
      operations++;
      let below = 0;
      for (const argument of argumentsOf(node)) below = Math.max(below, depth[argument]!);
      depth[id] = below + 1;
    }
    if (node.kind === 'operation') {
      names.add(node.rule.name);
      guards += node.args.filter((a) => a.guard !== null).length;
    }
    if (node.kind === 'branch') branches++;
    if (node.kind === 'read' || (node.kind === 'branch' && node.onNumbers)) reads++;
    if (uses[id]! > 1 && node.kind !== 'input' && node.kind !== 'constant') sharedNodes++;
  }
  for (const id of program.outputs) deepest = Math.max(deepest, depth[id]!);
  return {
    inputs: program.inputCount,
    outputs: program.outputs.length,
    operations,
    depth: deepest,
    sharedNodes,
    guards,
    operationNames: [...names].sort(),
    branches,
    reads,
  };
}

/** True when the program has branch nodes among its live nodes (then it has no expression-language form). */
export function hasBranches(program: Program): boolean {
  return program.live.some((id) => program.nodes[id]!.kind === 'branch');
}

/** True when the program reads values with `primal` (read nodes, branches on numbers) among its live nodes. */
export function hasReads(program: Program): boolean {
  return program.live.some((id) => {
    const node = program.nodes[id]!;
    return node.kind === 'read' || (node.kind === 'branch' && node.onNumbers);
  });
}
