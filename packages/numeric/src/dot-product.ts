/**
 * The dot-product test (the adjoint test of JAX's `check_vjp` and of every adjoint-code author): for a
 * linear map J given as a JVP v ↦ J·v and a VJP u ↦ Jᵀ·u, <u, J·v> = <Jᵀ·u, v> for all u and v. A VJP
 * that is not the transpose of the JVP (a missing term, a wrong index) fails it on random directions.
 */
import { checkOptions, describeValue, ShapeError, seededRandom, UsageError } from '@dualtape/core';
import { DOT_PRODUCT_DEFAULTS } from './defaults.js';

/** What `dotProductTest` needs. */
export interface DotProductTestOptions {
  /** v (length n) ↦ J·v (length m). */
  readonly jvp: (v: Float64Array) => ArrayLike<number>;
  /** u (length m) ↦ Jᵀ·u (length n). */
  readonly vjp: (u: Float64Array) => ArrayLike<number>;
  /** Number of inputs (length of v). */
  readonly n: number;
  /** Number of outputs (length of u). */
  readonly m: number;
  /**
   * Uniform [0, 1) generator for the directions (entries uniform in [−1, 1)).
   * @default a mulberry32 generator seeded with `DOT_PRODUCT_DEFAULTS.seed`
   */
  readonly random?: () => number;
  /** Number of random (u, v) pairs. @default 5 (`DOT_PRODUCT_DEFAULTS.trials`) */
  readonly trials?: number;
  /**
   * Largest accepted |<u, J v> − <Jᵀ u, v>| relative to the size of the terms summed.
   * @default 1e-10 (`DOT_PRODUCT_DEFAULTS.rtol`)
   */
  readonly rtol?: number;
}

/** One (u, v) pair's outcome. */
export interface DotProductTrial {
  /** 0-based trial number. */
  readonly trial: number;
  /** <u, J·v>. */
  readonly forward: number;
  /** <Jᵀ·u, v>. */
  readonly backward: number;
  /** |forward − backward|. */
  readonly absoluteError: number;
  /** absoluteError / scale (NaN or Infinity when something was not finite). */
  readonly relativeError: number;
  /** max(Σ|uᵢ (J v)ᵢ|, Σ|(Jᵀ u)ⱼ vⱼ|): the size of the terms, what rounding is relative to. */
  readonly scale: number;
  /** Whether this trial passed (finite and relativeError <= rtol). */
  readonly passed: boolean;
}

/** The result of `dotProductTest`. */
export interface DotProductReport {
  /** 'pass' when every trial passed. */
  readonly verdict: 'pass' | 'fail';
  readonly rtol: number;
  /** Every trial, in order. */
  readonly trials: readonly DotProductTrial[];
  /** The trial with the largest relative error (a non-finite one first). */
  readonly worst: DotProductTrial;
}

/**
 * Checks <u, J·v> = <Jᵀ·u, v> on `trials` random pairs of directions.
 * @throws UsageError for bad n, m, trials or rtol; ShapeError if jvp or vjp returns the wrong length.
 */
export function dotProductTest(options: DotProductTestOptions): DotProductReport {
  if (options === null || typeof options !== 'object') {
    throw new UsageError(`dotProductTest: expected an options object, got ${describeValue(options)}`);
  }
  checkOptions('dotProductTest', options, ['jvp', 'vjp', 'n', 'm', 'random', 'trials', 'rtol']);
  const { jvp, vjp, n, m } = options;
  if (typeof jvp !== 'function' || typeof vjp !== 'function') {
    throw new UsageError('dotProductTest: jvp and vjp must both be functions');
  }
  positiveInteger(n, 'n');
  positiveInteger(m, 'm');
  const trialCount = options.trials ?? DOT_PRODUCT_DEFAULTS.trials;
  positiveInteger(trialCount, 'trials');
  const rtol = options.rtol ?? DOT_PRODUCT_DEFAULTS.rtol;
  if (typeof rtol !== 'number' || !(rtol >= 0)) {
    throw new UsageError(`dotProductTest: rtol must be a number >= 0, got ${describeValue(rtol)}`);
  }
  const random = options.random ?? seededRandom(DOT_PRODUCT_DEFAULTS.seed);

  const trials: DotProductTrial[] = [];
  for (let trial = 0; trial < trialCount; trial++) {
    const v = direction(n, random);
    const u = direction(m, random);
    const jv = checkedLength(jvp(Float64Array.from(v)), m, 'jvp', 'J·v', 'm');
    const jtu = checkedLength(vjp(Float64Array.from(u)), n, 'vjp', 'Jᵀ·u', 'n');
    const left = innerProduct(u, jv);
    const right = innerProduct(jtu, v);
    const absoluteError = Math.abs(left.value - right.value);
    const scale = Math.max(left.scale, right.scale);
    const relativeError = absoluteError === 0 ? 0 : absoluteError / scale;
    const passed = Number.isFinite(left.value) && Number.isFinite(right.value) && relativeError <= rtol;
    trials.push({
      trial,
      forward: left.value,
      backward: right.value,
      absoluteError,
      relativeError,
      scale,
      passed,
    });
  }
  const severity = (t: DotProductTrial) => (Number.isFinite(t.relativeError) ? t.relativeError : Infinity);
  const worst = trials.reduce((a, b) => (severity(b) > severity(a) ? b : a));
  return { verdict: trials.every((t) => t.passed) ? 'pass' : 'fail', rtol, trials, worst };
}

function positiveInteger(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new UsageError(`dotProductTest: ${name} must be a positive integer, got ${describeValue(value)}`);
  }
}

function direction(length: number, random: () => number): Float64Array {
  const d = new Float64Array(length);
  for (let i = 0; i < length; i++) d[i] = 2 * random() - 1;
  return d;
}

function checkedLength(
  result: ArrayLike<number>,
  expected: number,
  name: string,
  what: string,
  size: string,
): ArrayLike<number> {
  if (result === null || typeof result !== 'object' || typeof result.length !== 'number') {
    throw new UsageError(
      `dotProductTest: ${name} returned ${describeValue(result)}, not an array of numbers`,
    );
  }
  if (result.length !== expected) {
    throw new ShapeError(
      'dotProductTest',
      `${name} returned ${what} of length ${result.length}, expected ${size} = ${expected}`,
    );
  }
  return result;
}

function innerProduct(a: ArrayLike<number>, b: ArrayLike<number>): { value: number; scale: number } {
  let value = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    const term = a[i]! * b[i]!;
    value += term;
    scale += Math.abs(term);
  }
  return { value, scale };
}
