/**
 * The autograd graph behind reverse mode's `Tensor`: what a tensor knows about its gradient (its
 * `Variable`), the node each recorded operation leaves behind, the grad-mode switch that `noGrad` flips,
 * and the backward sweep. The sweep collects the reachable nodes with an explicit stack and processes them
 * in decreasing creation order, which is a valid reverse topological order because a node is always
 * created after its inputs; nothing here recurses, so a chain of any length can be differentiated.
 *
 * This module knows nothing of the `Tensor` class (the class builds on it, never the other way round).
 */
import { UsageError } from '@dualtape/core';
import { holdsArrays, pullback, type SavedValues } from './pullbacks.js';

/**
 * The values of a tensor and a version number that every in-place write bumps. Views (`reshape`,
 * `detach`) share one storage, so a write through any of them is seen by every node that saved it.
 */
export interface Storage {
  readonly data: Float64Array;
  version: number;
}

/** A tensor's autograd state: whether it wants a gradient, where it came from, what it has received. */
export interface Variable {
  /** Number of elements; the length of every gradient routed to this tensor. */
  readonly size: number;
  requiresGrad: boolean;
  /** The operation that produced this tensor, or null for a leaf. */
  readonly node: GraphNode | null;
  /** The accumulated gradient (leaves, and non-leaves that asked to retain it). */
  grad: Storage | null;
  /** Set by `retainGrad()` on a non-leaf. */
  retainsGrad: boolean;
}

/** What one recorded operation leaves in the graph. */
export interface GraphNode {
  /** The operation's name, shown as the result's `gradFn`. */
  readonly op: string;
  /** Creation order: inputs always have smaller numbers than the nodes that use them. */
  readonly sequence: number;
  /** The tensor this operation produced (where a retained gradient goes). */
  readonly output: Variable;
  /** One entry per operand; null where the operand needs no gradient. */
  readonly inputs: readonly (Variable | null)[];
  /** What the pullback needs; null once released by a backward pass without `retainGraph`. */
  saved: SavedValues | null;
  /** Storages of the saved arrays and their versions when saved, to detect in-place writes since. */
  readonly guards: readonly Storage[];
  readonly guardVersions: readonly number[];
  /** Gradient reaching this node during a sweep, and whether the sweep may add into it in place. */
  pending: Float64Array | null;
  pendingOwned: boolean;
  /** The sweep that last reached this node (marks visited nodes without a Set). */
  visitedBy: number;
}

let gradEnabled = true;
let nextSequence = 0;
let nextSweep = 0;

/** Whether operations currently record graph nodes (false inside `noGrad`). */
export function isGradModeEnabled(): boolean {
  return gradEnabled;
}

/** Switches recording on or off and returns the previous setting, so callers can restore it. */
export function setGradMode(enabled: boolean): boolean {
  const previous = gradEnabled;
  gradEnabled = enabled;
  return previous;
}

/** A fresh leaf state. */
export function leafVariable(size: number, requiresGrad: boolean): Variable {
  return { size, requiresGrad, node: null, grad: null, retainsGrad: false };
}

/**
 * The variable of an operation's result, with its node when recording is on and some operand requires a
 * gradient; otherwise a constant leaf. `inputs` holds every operand's variable (or null for a plain
 * number); `guards` the storages whose arrays `saved` refers to.
 */
export function resultVariable(
  op: string,
  size: number,
  inputs: readonly (Variable | null)[],
  saved: SavedValues,
  guards: readonly Storage[],
): Variable {
  if (!gradEnabled) return leafVariable(size, false);
  let wanted = 0;
  for (const input of inputs) if (input?.requiresGrad) wanted++;
  if (wanted === 0) return leafVariable(size, false);
  // Operands that need no gradient are dropped here so the sweep never routes to them.
  const needed =
    wanted === inputs.length ? inputs : inputs.map((input) => (input?.requiresGrad ? input : null));
  const output: { -readonly [K in keyof Variable]: Variable[K] } = {
    size,
    requiresGrad: true,
    node: null,
    grad: null,
    retainsGrad: false,
  };
  output.node = {
    op,
    sequence: nextSequence++,
    output,
    inputs: needed,
    saved,
    guards,
    guardVersions: guards.map((storage) => storage.version),
    pending: null,
    pendingOwned: false,
    visitedBy: -1,
  };
  return output;
}

/** Adds `contribution` into a variable's gradient, creating it (as a copy) on first use. */
function accumulateInto(variable: Variable, contribution: Float64Array): void {
  if (variable.grad === null) {
    variable.grad = { data: Float64Array.from(contribution), version: 0 };
    return;
  }
  const target = variable.grad.data;
  for (let i = 0; i < target.length; i++) target[i]! += contribution[i]!;
}

/** Adds a gradient to a node's pending sum; the first one is kept by reference and copied only if added to. */
function addPending(node: GraphNode, contribution: Float64Array): void {
  const current = node.pending;
  if (current === null) {
    node.pending = contribution;
    node.pendingOwned = false;
    return;
  }
  const target = node.pendingOwned ? current : Float64Array.from(current);
  for (let i = 0; i < target.length; i++) target[i]! += contribution[i]!;
  node.pending = target;
  node.pendingOwned = true;
}

/** Every node reachable from `root`, checked for release and in-place writes, latest first. */
function reachableNodes(root: GraphNode): GraphNode[] {
  const sweep = nextSweep++;
  const found: GraphNode[] = [];
  const stack: GraphNode[] = [root];
  root.visitedBy = sweep;
  while (stack.length > 0) {
    const node = stack.pop()!;
    checkUsable(node);
    found.push(node);
    for (const input of node.inputs) {
      const next = input?.node;
      if (next && next.visitedBy !== sweep) {
        next.visitedBy = sweep;
        stack.push(next);
      }
    }
  }
  return found.sort((a, b) => b.sequence - a.sequence);
}

function checkUsable(node: GraphNode): void {
  if (node.saved === null) {
    throw new UsageError(
      `backward: trying to backward through the graph a second time (the values '${node.op}' saved for ` +
        'its gradient were freed by the previous backward). Specify retainGraph: true on the first ' +
        'backward call if you need to backward through the graph again.',
    );
  }
  for (let i = 0; i < node.guards.length; i++) {
    const version = node.guards[i]!.version;
    if (version !== node.guardVersions[i]) {
      throw new UsageError(
        `backward: a tensor that '${node.op}' saved for its gradient was modified by an in-place ` +
          `operation since (version ${version}, expected ${node.guardVersions[i]})`,
      );
    }
  }
}

/**
 * Runs the backward sweep from `root` with output gradient `seed` (as long as `root`), accumulating into
 * the gradients of the leaves that require one and of the non-leaves that retain theirs. Without
 * `retainGraph` the arrays the visited nodes saved are released. Nothing is accumulated when the graph
 * turns out to be unusable: every check runs before the first gradient is added.
 */
export function runBackward(root: Variable, seed: Float64Array, retainGraph: boolean): void {
  const rootNode = root.node;
  if (rootNode === null) {
    accumulateInto(root, seed);
    return;
  }
  const nodes = reachableNodes(rootNode);
  rootNode.pending = seed;
  rootNode.pendingOwned = false;
  try {
    for (const node of nodes) {
      const gradient = node.pending;
      node.pending = null;
      if (gradient === null) continue;
      if (node.output.retainsGrad) accumulateInto(node.output, gradient);
      const first = node.inputs[0] ?? null;
      const second = node.inputs[1] ?? null;
      const [gradFirst, gradSecond] = pullback(node.saved!, gradient, first !== null, second !== null);
      route(first, gradFirst);
      route(second, gradSecond);
    }
  } finally {
    for (const node of nodes) {
      node.pending = null;
      if (!retainGraph && node.saved !== null && holdsArrays(node.saved)) node.saved = null;
    }
  }
}

function route(input: Variable | null, contribution: Float64Array | null): void {
  if (input === null || contribution === null) return;
  if (input.node !== null) addPending(input.node, contribution);
  else if (input.requiresGrad) accumulateInto(input, contribution);
}
