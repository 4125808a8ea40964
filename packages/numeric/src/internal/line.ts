/**
 * A line through the point x: along one coordinate (gradients, Jacobian columns, `derivative`) or along
 * a direction v (`jvp`). Every first-derivative scheme is a one-dimensional rule applied to
 * t ↦ f(x + t·d), so the schemes only ever see a line.
 */
import type { ComplexOutputs, Evaluator } from './evaluator.js';

/** t ↦ f(x + t·d) and its complex continuation t ↦ f(x + i·t·d). */
export interface Line {
  /**
   * The natural length scale of t, by which relative steps are multiplied: max(1, |xᵢ|) along a
   * coordinate, max(1, ‖x‖∞) / ‖v‖∞ along v.
   */
  readonly scale: number;
  /**
   * How much rounding the points x + t·d themselves add, as a multiple of ε·|f'|/t: 0 along a coordinate
   * (steps are chosen so x + t is exact), ‖x‖∞ / ‖v‖∞ along a direction.
   */
  readonly pointRounding: number;
  /** Measured noise of f near x per output (see `measureNoise`), when an error bound was asked for. */
  readonly noise: Float64Array | undefined;
  /** The step actually taken when asking for `h`: (xᵢ + h) − xᵢ along a coordinate, `h` along v. */
  exactStep(h: number): number;
  /** f(x + t·d); repeated t are evaluated once. */
  at(t: number): Float64Array;
  /** f(x + i·t·d). */
  complexAt(t: number): ComplexOutputs;
}

/** f(x) itself, shared by all lines through x so one-sided schemes evaluate it once, not once per line. */
export interface Origin {
  values: Float64Array | undefined;
}

/** The nearest power of two to `h` (in log scale): x + k·h is then exact for the small k of a stencil. */
export function powerOfTwoNear(h: number): number {
  return 2 ** Math.round(Math.log2(h));
}

/** The line through x along coordinate `index`. */
export function coordinateLine(
  evaluator: Evaluator,
  x: Float64Array,
  index: number,
  origin: Origin,
  noise: Float64Array | undefined,
): Line {
  const base = Array.from(x);
  const xi = x[index]!;
  const cache = new Map<number, Float64Array>();
  return {
    scale: Math.max(1, Math.abs(xi)),
    pointRounding: 0,
    noise,
    exactStep: (h) => xi + h - xi,
    at(t) {
      if (t === 0) return (origin.values ??= evaluator.real(base));
      let values = cache.get(t);
      if (values === undefined) {
        const point = base.slice();
        point[index] = xi + t;
        values = evaluator.real(point);
        cache.set(t, values);
      }
      return values;
    },
    complexAt(t) {
      const imaginary = new Array<number>(base.length).fill(0);
      imaginary[index] = t;
      return evaluator.complex(base, imaginary);
    },
  };
}

/** The line through x along direction v (not all zero). */
export function directionLine(
  evaluator: Evaluator,
  x: Float64Array,
  v: Float64Array,
  origin: Origin,
  noise: Float64Array | undefined,
): Line {
  const base = Array.from(x);
  const direction = Array.from(v);
  const xNorm = infinityNorm(x);
  const vNorm = infinityNorm(v);
  const cache = new Map<number, Float64Array>();
  return {
    scale: Math.max(1, xNorm) / vNorm,
    pointRounding: xNorm / vNorm,
    noise,
    exactStep: (h) => h,
    at(t) {
      if (t === 0) return (origin.values ??= evaluator.real(base));
      let values = cache.get(t);
      if (values === undefined) {
        values = evaluator.real(base.map((xk, k) => xk + t * direction[k]!));
        cache.set(t, values);
      }
      return values;
    },
    complexAt(t) {
      return evaluator.complex(
        base,
        direction.map((vk) => t * vk),
      );
    },
  };
}

/** max |xᵢ|. */
export function infinityNorm(x: ArrayLike<number>): number {
  let norm = 0;
  for (let i = 0; i < x.length; i++) norm = Math.max(norm, Math.abs(x[i]!));
  return norm;
}
