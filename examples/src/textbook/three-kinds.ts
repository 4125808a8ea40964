/**
 * The three kinds of derivative side by side on f(x) = 4x³ + x² + 3: symbolic (derived by hand:
 * f'(x) = 12x² + 2x), numeric (central differences and Richardson extrapolation, each with its error
 * estimate), and automatic (forward and reverse mode). The symbolic one is exact; the numeric ones lose
 * digits to truncation and rounding; the automatic ones match the symbolic one to rounding.
 */
import { add, mul, pow, type Scalar, square } from '@dualtape/core';
import * as forward from '@dualtape/forward';
import * as numeric from '@dualtape/numeric';
import * as reverse from '@dualtape/reverse';
import { formatNumber, type Write } from './format.js';

/** f(x) = 4x³ + x² + 3. */
export function cubic<T extends Scalar>(x: T): T {
  return add(add(mul(4, pow(x, 3)), square(x)), 3);
}

/** The symbolic derivative, derived by hand: d/dx (4x³ + x² + 3) = 12x² + 2x. */
export function cubicDerivative(x: number): number {
  return 12 * x * x + 2 * x;
}

/** The points the section evaluates at. */
export const CUBIC_POINTS: readonly number[] = [-1, 0.5, 2];

/** One row of the side-by-side table. */
export interface ThreeKindsRow {
  readonly x: number;
  readonly symbolic: number;
  readonly central: number;
  readonly centralError: number;
  readonly richardson: number;
  readonly richardsonError: number;
  readonly forward: number;
  readonly reverse: number;
}

/** Prints the table and returns its rows. */
export function threeKindsSection(write: Write): ThreeKindsRow[] {
  write('2. Three kinds of derivative of f(x) = 4x³ + x² + 3');
  write(
    "   symbolic: f'(x) = 12x² + 2x (by hand); numeric: finite differences; automatic: forward and reverse mode",
  );
  const rows = CUBIC_POINTS.map((x) => {
    const central = numeric.derivativeWithError(cubic, x, { scheme: 'central' });
    const richardson = numeric.derivativeWithError(cubic, x, { scheme: 'richardson' });
    return {
      x,
      symbolic: cubicDerivative(x),
      central: central.value,
      centralError: central.error,
      richardson: richardson.value,
      richardsonError: richardson.error,
      forward: forward.derivative(cubic, x),
      reverse: reverse.derivative(cubic, x),
    };
  });
  for (const row of rows) {
    write(`   x = ${formatNumber(row.x)}`);
    write(`     symbolic   12x² + 2x = ${formatNumber(row.symbolic)}`);
    write(
      `     numeric    central    = ${row.central} (error estimate ${row.centralError.toExponential(1)})`,
    );
    write(
      `     numeric    Richardson = ${row.richardson} (error estimate ${row.richardsonError.toExponential(1)})`,
    );
    write(`     automatic  forward    = ${formatNumber(row.forward)}`);
    write(`     automatic  reverse    = ${formatNumber(row.reverse)}`);
  }
  return rows;
}
