/**
 * The scale of a program's derivatives against which rounding is judged. Two correct modes sum the same
 * chain-rule products in different orders, so they may differ by a few ulps of the SUM OF THE ABSOLUTE
 * PRODUCTS, which is far more than a few ulps of the result when terms cancel. `absoluteJacobian` is that
 * sum for every (output, input): the Jacobian with every local partial replaced by its absolute value,
 * read from core's rule table on plain numbers. `absoluteHessian` does the same for second derivatives;
 * the second partials it needs are central differences of the rule table's first partials (a scale needs
 * no more accuracy than that). Tests use both only as tolerance scales, never as expected values.
 */
import { type BinaryRule, ge, gt, le, lt, RULES, type Scalar, strongZeroProduct } from '@dualtape/core';
import { guardValue } from './guards.js';
import type { Program, ProgramArgument } from './program.js';

const COMPARE = { lt, le, gt, ge } as const;

function absolutePartial(partial: Scalar): number {
  return Math.abs(partial as number);
}

/** |d guard(t) / dt| from the rule table: the guard is add(center, mul(halfWidth, tanh(t))). */
function guardSlope(argument: ProgramArgument, t: number): number {
  const guard = argument.guard!;
  const squashed = Math.tanh(t);
  const dTanh = absolutePartial(RULES.tanh.d(t, squashed));
  const dMul = absolutePartial(RULES.mul.db(guard.halfWidth, squashed, guard.halfWidth * squashed));
  return dMul * dTanh;
}

/**
 * Σ over chain-rule paths of the product of |partials|, as M rows of length N: an upper bound on every
 * Jacobian entry's magnitude and the natural scale of its rounding error.
 */
export function absoluteJacobian(program: Program, x: ArrayLike<number>): Float64Array[] {
  const n = program.inputCount;
  const values: number[] = new Array(program.nodes.length);
  const tangents: Float64Array[] = new Array(program.nodes.length);
  const zero = new Float64Array(n);
  for (const id of program.live) {
    const node = program.nodes[id]!;
    const tangent = new Float64Array(n);
    switch (node.kind) {
      case 'input':
        values[id] = x[node.input]!;
        tangent[node.input] = 1;
        break;
      case 'constant':
        values[id] = node.value;
        break;
      case 'branch': {
        const taken = COMPARE[node.comparison](values[node.left]!, values[node.right]!)
          ? node.whenTrue
          : node.whenFalse;
        values[id] = values[taken]!;
        tangent.set(tangents[taken]!);
        break;
      }
      case 'read':
        // A JavaScript number: a constant for every derivative.
        values[id] = values[node.node]!;
        break;
      case 'operation': {
        const raw = node.args.map((a) => values[a.node]!);
        const args = node.args.map((a, i) => (a.guard ? guardValue(a.guard, raw[i]!) : raw[i]!));
        const rule = node.rule;
        const y = rule.arity === 1 ? rule.value(args[0]!) : rule.value(args[0]!, args[1]!);
        values[id] = y;
        const partials =
          rule.arity === 1
            ? [absolutePartial(rule.d(args[0]!, y))]
            : [
                absolutePartial(rule.da(args[0]!, args[1]!, y)),
                absolutePartial(rule.db(args[0]!, args[1]!, y)),
              ];
        node.args.forEach((argument, i) => {
          const slope = argument.guard ? partials[i]! * guardSlope(argument, raw[i]!) : partials[i]!;
          const source = tangents[argument.node] ?? zero;
          for (let j = 0; j < n; j++) tangent[j]! += strongZeroProduct(slope, source[j]!);
        });
        break;
      }
    }
    tangents[id] = tangent;
  }
  return program.outputs.map((id) => Float64Array.from(tangents[id]!));
}

/** Relative step of the central differences of first partials that give second partials (scale only). */
const SECOND_PARTIAL_STEP = 1e-5;

/** |d/dt of partial(t)| by a central difference, for a partial given as a function of its argument. */
function slopeOf(partial: (t: number) => number, t: number): number {
  const h = SECOND_PARTIAL_STEP * Math.max(1, Math.abs(t));
  return Math.abs((partial(t + h) - partial(t - h)) / (2 * h));
}

/** A value with its absolute gradient (length N) and absolute Hessian (N×N, row-major). */
interface SecondOrder {
  readonly value: number;
  readonly gradient: Float64Array;
  readonly hessian: Float64Array;
}

/**
 * |φ'|·H + |φ''|·g gᵀ (and the same for the gradient): composing an absolute second-order quantity with
 * a function of slope `first` and curvature `second`.
 */
function compose(inner: SecondOrder, value: number, first: number, second: number, n: number): SecondOrder {
  const gradient = new Float64Array(n);
  const hessian = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    gradient[i] = strongZeroProduct(first, inner.gradient[i]!);
    for (let j = 0; j < n; j++) {
      hessian[i * n + j] =
        strongZeroProduct(first, inner.hessian[i * n + j]!) +
        strongZeroProduct(second, inner.gradient[i]! * inner.gradient[j]!);
    }
  }
  return { value, gradient, hessian };
}

/**
 * The Hessian of output `output` with every first and second local partial replaced by its absolute
 * value (N rows of length N): the rounding scale of second derivatives, as `absoluteJacobian` is of first.
 */
export function absoluteHessian(program: Program, x: ArrayLike<number>, output = 0): Float64Array[] {
  const n = program.inputCount;
  const nodes: SecondOrder[] = new Array(program.nodes.length);
  const constant = (value: number): SecondOrder => ({
    value,
    gradient: new Float64Array(n),
    hessian: new Float64Array(n * n),
  });
  const tanhRule = RULES.tanh;
  for (const id of program.live) {
    const node = program.nodes[id]!;
    switch (node.kind) {
      case 'input': {
        const input = constant(x[node.input]!);
        input.gradient[node.input] = 1;
        nodes[id] = input;
        break;
      }
      case 'constant':
        nodes[id] = constant(node.value);
        break;
      case 'branch': {
        const values = [node.left, node.right].map((a) => nodes[a]!.value) as [number, number];
        nodes[id] = nodes[COMPARE[node.comparison](values[0], values[1]) ? node.whenTrue : node.whenFalse]!;
        break;
      }
      case 'read':
        nodes[id] = constant(nodes[node.node]!.value);
        break;
      case 'operation': {
        const args = node.args.map((argument) => {
          const raw = nodes[argument.node]!;
          const guard = argument.guard;
          if (guard === null) return raw;
          // The guard is add(center, mul(halfWidth, tanh(t))): its slope is halfWidth · tanh'(t).
          const slope = (t: number) => guard.halfWidth * (tanhRule.d(t, tanhRule.value(t)) as number);
          return compose(
            raw,
            guardValue(guard, raw.value),
            Math.abs(slope(raw.value)),
            slopeOf(slope, raw.value),
            n,
          );
        });
        const rule = node.rule;
        if (rule.arity === 1) {
          const value = rule.value;
          const d = (t: number) => rule.d(t, value(t)) as number;
          const a = args[0]!.value;
          nodes[id] = compose(args[0]!, value(a), Math.abs(d(a)), slopeOf(d, a), n);
        } else {
          nodes[id] = binaryAbsolute(rule, args[0]!, args[1]!, n);
        }
        break;
      }
    }
  }
  const result = nodes[program.outputs[output]!]!;
  return Array.from({ length: n }, (_, i) => result.hessian.slice(i * n, (i + 1) * n));
}

function binaryAbsolute(rule: BinaryRule, a: SecondOrder, b: SecondOrder, n: number): SecondOrder {
  const partialA = (p: number, q: number) => rule.da(p, q, rule.value(p, q)) as number;
  const partialB = (p: number, q: number) => rule.db(p, q, rule.value(p, q)) as number;
  const [pa, pb] = [a.value, b.value];
  const first = [Math.abs(partialA(pa, pb)), Math.abs(partialB(pa, pb))] as const;
  const aa = slopeOf((t) => partialA(t, pb), pa);
  const bb = slopeOf((t) => partialB(pa, t), pb);
  // The mixed partial from both sides; the larger is kept (a scale may overestimate).
  const ab = Math.max(
    slopeOf((t) => partialA(pa, t), pb),
    slopeOf((t) => partialB(t, pb), pa),
  );
  const gradient = new Float64Array(n);
  const hessian = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const [ga, gb] = [a.gradient[i]!, b.gradient[i]!];
    gradient[i] = strongZeroProduct(first[0], ga) + strongZeroProduct(first[1], gb);
    for (let j = 0; j < n; j++) {
      const [ha, hb] = [a.gradient[j]!, b.gradient[j]!];
      hessian[i * n + j] =
        strongZeroProduct(first[0], a.hessian[i * n + j]!) +
        strongZeroProduct(first[1], b.hessian[i * n + j]!) +
        strongZeroProduct(aa, ga * ha) +
        strongZeroProduct(ab, ga * hb + gb * ha) +
        strongZeroProduct(bb, gb * hb);
    }
  }
  return { value: rule.value(pa, pb), gradient, hessian };
}
