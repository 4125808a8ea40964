/**
 * An 8th-order central difference (9-point stencil) with one Richardson step, used by tests as the
 * independent referee for every AD mode. On smooth functions of moderate scale it is accurate to about
 * 1e-10 relative, far better than what the tolerances ask of it.
 */

/** Relative step of the oracle stencil (scaled by max(1, |x|)). */
export const ORACLE_STEP = 1e-2;

// Weights of the 9-point, 8th-order first-derivative stencil at offsets 1..4 (antisymmetric).
const W = [4 / 5, -1 / 5, 4 / 105, -1 / 280];

function stencil(f: (t: number) => number, x: number, h: number): number {
  let total = 0;
  for (let j = 1; j <= 4; j++) total += W[j - 1]! * (f(x + j * h) - f(x - j * h));
  return total / h;
}

/** d/dx f at x. Richardson-combines steps h and h/2 (error O(h^8) -> O(h^10)). */
export function oracleDerivative(f: (t: number) => number, x: number, relativeStep = ORACLE_STEP): number {
  const h = relativeStep * Math.max(1, Math.abs(x));
  const coarse = stencil(f, x, h);
  const fine = stencil(f, x, h / 2);
  return fine + (fine - coarse) / 255;
}

/** The gradient of a plain-number function R^N -> R, one oracle derivative per coordinate. */
export function oracleGradient(
  f: (x: number[]) => number,
  x: ArrayLike<number>,
  relativeStep = ORACLE_STEP,
): Float64Array {
  const point = Array.from(x);
  const out = new Float64Array(point.length);
  for (let i = 0; i < point.length; i++) {
    const xi = point[i]!;
    out[i] = oracleDerivative(
      (t) => {
        point[i] = t;
        const y = f(point);
        point[i] = xi;
        return y;
      },
      xi,
      relativeStep,
    );
  }
  return out;
}

/** The Jacobian (M rows of length N) of a plain-number function R^N -> R^M. */
export function oracleJacobian(
  f: (x: number[]) => readonly number[],
  x: ArrayLike<number>,
  relativeStep = ORACLE_STEP,
): Float64Array[] {
  const point = Array.from(x);
  const m = f(point).length;
  const rows = Array.from({ length: m }, () => new Float64Array(point.length));
  for (let i = 0; i < point.length; i++) {
    for (let r = 0; r < m; r++) {
      const xi = point[i]!;
      rows[r]![i] = oracleDerivative(
        (t) => {
          point[i] = t;
          const y = f(point)[r]!;
          point[i] = xi;
          return y;
        },
        xi,
        relativeStep,
      );
    }
  }
  return rows;
}
