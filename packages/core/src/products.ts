/**
 * The "strong zero" product every mode uses to combine a partial derivative with a tangent or an
 * adjoint: a zero seed or a zero partial contributes exactly 0, even when the other factor is infinite
 * or NaN. Forward and reverse mode then agree at points like `sqrt(x²)` at 0 or `pow(x, y)` with x < 0
 * differentiated in x only, where IEEE arithmetic would give 0·∞ = NaN in one mode and not in the
 * other (ForwardDiff.jl's NaN-safe mode, PyTorch #2421, JAX #21723). NaN and ±∞ still propagate
 * whenever both factors are non-zero, so a real singularity is reported, not hidden.
 */
import type { Scalar } from './real.js';
import { mul } from './rules.js';

export function strongZeroProduct(partial: number, seed: number): number {
  const product = partial * seed;
  // Only a NaN product needs a second look: the rare slow path.
  if (!Number.isNaN(product)) return product;
  return partial === 0 || seed === 0 ? 0 : product;
}

/**
 * The strong-zero product for any number type, as nested derivatives need it (forward over forward,
 * reverse over reverse): plain numbers go through `strongZeroProduct`; an exact plain 0 on either side
 * contributes 0 without recording anything; an exact plain 1 returns the other factor unchanged.
 */
export function strongZeroScale(partial: Scalar, seed: Scalar): Scalar {
  if (typeof partial === 'number' && typeof seed === 'number') return strongZeroProduct(partial, seed);
  if (partial === 0 || seed === 0) return 0;
  if (seed === 1) return partial;
  if (partial === 1) return seed;
  return mul(partial, seed);
}
