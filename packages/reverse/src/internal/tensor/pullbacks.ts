/**
 * What each tensor operation saves in the forward pass and how its pullback turns the output's gradient
 * into its operands' gradients. No derivative formula lives here: elementwise partials come from the
 * scalar rule table through core's kernels (combined with the strong-zero product), and sum, mean, dot
 * and matmul use their VJPs from core's `TENSOR_RULES`. Reshaping and indexing only move gradients.
 */
import {
  type BinaryRule,
  binaryPartials,
  type MatmulDims,
  multiplyPartial,
  reduceToLength,
  TENSOR_RULES,
  type UnaryRule,
  unaryPartial,
} from '@dualtape/core';

/** The forward-pass values an operation's pullback reads, by kind of operation. */
export type SavedValues =
  | { readonly kind: 'unary'; readonly rule: UnaryRule; readonly x: Float64Array; readonly y: Float64Array }
  | {
      readonly kind: 'binary';
      readonly rule: BinaryRule;
      readonly a: Float64Array;
      readonly b: Float64Array;
      readonly y: Float64Array;
    }
  | { readonly kind: 'sum' | 'mean'; readonly length: number }
  | { readonly kind: 'dot'; readonly a: Float64Array; readonly b: Float64Array }
  | { readonly kind: 'matmul'; readonly a: Float64Array; readonly b: Float64Array; readonly dims: MatmulDims }
  | { readonly kind: 'reshape' }
  | { readonly kind: 'get'; readonly offset: number; readonly length: number };

/**
 * True when the pullback reads forward-pass arrays, which a backward pass without `retainGraph` then
 * releases. Operations that only need sizes stay usable afterwards, as in PyTorch.
 */
export function holdsArrays(saved: SavedValues): boolean {
  return saved.kind === 'unary' || saved.kind === 'binary' || saved.kind === 'dot' || saved.kind === 'matmul';
}

/**
 * The gradients of an operation's first and second operands given its output's gradient `g`. An operand
 * that is not wanted gets null (and, where the rule allows, is not computed at all). Each gradient has
 * its operand's number of elements; it may share memory with `g`, so callers copy before writing.
 */
export function pullback(
  saved: SavedValues,
  g: Float64Array,
  wantFirst: boolean,
  wantSecond: boolean,
): [Float64Array | null, Float64Array | null] {
  switch (saved.kind) {
    case 'unary': {
      if (!wantFirst) return [null, null];
      return [multiplyPartial(unaryPartial(saved.rule, saved.x, saved.y), g), null];
    }
    case 'binary': {
      const { rule, a, b, y } = saved;
      const [partialA, partialB] = binaryPartials(rule, a, b, y, wantFirst, wantSecond);
      // A one-element operand was broadcast over the whole result: its gradient is the sum.
      return [
        partialA && reduceToLength(multiplyPartial(partialA, g), a.length),
        partialB && reduceToLength(multiplyPartial(partialB, g), b.length),
      ];
    }
    case 'sum':
      return [wantFirst ? TENSOR_RULES.sum.vjp(g[0]!, saved.length) : null, null];
    case 'mean':
      return [wantFirst ? TENSOR_RULES.mean.vjp(g[0]!, saved.length) : null, null];
    case 'dot': {
      return TENSOR_RULES.dot.vjp(g[0]!, saved.a, saved.b, wantFirst, wantSecond);
    }
    case 'matmul': {
      return TENSOR_RULES.matmul.vjp(g, saved.a, saved.b, saved.dims, wantFirst, wantSecond);
    }
    case 'reshape':
      return [wantFirst ? g : null, null];
    case 'get': {
      if (!wantFirst) return [null, null];
      const gradient = new Float64Array(saved.length);
      gradient[saved.offset] = g[0]!;
      return [gradient, null];
    }
  }
}
