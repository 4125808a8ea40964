/**
 * The chain rule on the least-squares loss z = ‖Xw − y‖²: the textbook's explicit pieces (the residual
 * r = Xw − y, ∂z/∂r = 2r, ∂r/∂w = X, so ∇z = Xᵀ·2r) next to what forward and reverse mode compute from
 * the same function written once.
 */
import { dot, type Scalar, sub } from '@dualtape/core';
import * as forward from '@dualtape/forward';
import * as reverse from '@dualtape/reverse';
import { formatVector, type Write } from './format.js';

/** The data of the example: 3 observations, 2 weights. */
export const DESIGN_MATRIX: readonly (readonly number[])[] = [
  [1, 2],
  [3, 4],
  [5, 6],
];
export const TARGETS: readonly number[] = [1, 0, -1];
export const WEIGHTS: readonly number[] = [0.5, -0.25];

/** z(w) = ‖Xw − y‖², written once for every number type. */
export function leastSquares<T extends Scalar>(w: readonly T[]): T {
  const residual = DESIGN_MATRIX.map((row, i) => sub(dot(row as readonly T[], w), TARGETS[i]!));
  return dot(residual, residual);
}

/** Prints the chain-rule pieces and the AD gradients; returns the gradient by the pieces. */
export function chainRuleSection(write: Write): Float64Array {
  write('1. The chain rule on z = ‖Xw − y‖²');
  write(
    `   X = ${JSON.stringify(DESIGN_MATRIX)}, y = ${formatVector(TARGETS)}, w = ${formatVector(WEIGHTS)}`,
  );
  const residual = DESIGN_MATRIX.map((row, i) => row[0]! * WEIGHTS[0]! + row[1]! * WEIGHTS[1]! - TARGETS[i]!);
  write(`   r = Xw − y                 = ${formatVector(residual)}`);
  write(`   z = rᵀr                    = ${residual.reduce((s, r) => s + r * r, 0)}`);
  const outer = residual.map((r) => 2 * r);
  write(`   ∂z/∂r = 2r                 = ${formatVector(outer)}`);
  write('   ∂r/∂w = X');
  const byPieces = Float64Array.from(WEIGHTS, (_, j) =>
    DESIGN_MATRIX.reduce((s, row, i) => s + row[j]! * outer[i]!, 0),
  );
  write(`   ∇z = (∂r/∂w)ᵀ ∂z/∂r = Xᵀ 2r = ${formatVector(byPieces)}`);
  write(`   forward mode gradient      = ${formatVector(forward.gradient(leastSquares, WEIGHTS))}`);
  write(`   reverse mode gradient      = ${formatVector(reverse.gradient(leastSquares, WEIGHTS))}`);
  return byPieces;
}
