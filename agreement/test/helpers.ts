/**
 * What the agreement suite's tests share: the fast-check seed (fixed in CI, random locally, always
 * printed), the run counts of every property (at least 5,000 random programs per `pnpm test` in total),
 * the tolerances, and the comparisons that say which element disagreed and by how much.
 */
import { TOLERANCES, type Tolerance } from '@dualtape/testing';
import fc from 'fast-check';
import { expect } from 'vitest';

/** The seed CI runs with, so a CI failure replays anywhere. */
const CI_SEED = 20_261_125;

function chooseSeed(): number {
  const requested = process.env.AGREEMENT_SEED;
  if (requested !== undefined && requested !== '') return Number(requested) | 0;
  if (process.env.CI) return CI_SEED;
  return (Date.now() ^ Math.floor(Math.random() * 2 ** 31)) | 0;
}

/**
 * The seed of every property in this test file: fixed in CI, drawn per file locally (each file runs in its
 * own worker), and printed when the file starts and in fast-check's failure report. Replay a failure with
 * `AGREEMENT_SEED=<seed> pnpm vitest run --project agreement <file>`.
 */
export const SEED = chooseSeed();
fc.configureGlobal({ seed: SEED });
console.info(`agreement: fast-check seed ${SEED} (replay with AGREEMENT_SEED=${SEED})`);

/** Random programs per property (the sum over the suite is what the 5,000 count is about). */
export const RUNS = {
  forwardEqualsReverse: 1200,
  chunkSizes: 400,
  dotProduct: 600,
  richardson: 500,
  complexStep: 500,
  linearity: 300,
  productRule: 300,
  chainRule: 300,
  hessianSymmetric: 300,
  hessianNumeric: 200,
  reverseHessian: 200,
  replay: 500,
  mathjs: 300,
  generator: 1000,
  printing: 500,
  transformStraight: 400,
  transformLoop: 700,
  transformDotProduct: 300,
} as const;

/**
 * Time allowed to a cross-mode property. A passing run takes a few seconds; a failing one spends most of
 * its time shrinking (each candidate program is differentiated again), and a timeout would lose the
 * shrunk counterexample, so the limit is generous.
 */
export const PROPERTY_TIMEOUT_MS = 300_000;

/** Two AD modes (or two ways of combining AD results): same rules, different summation order. */
export const EXACT: Tolerance = TOLERANCES.exact;

/**
 * The floor added to a numeric estimate's own error bound: differences below it are rounding in the AD
 * result or the referee, never a wrong rule (a wrong rule is off by O(1) relative).
 */
export const NUMERIC_FLOOR: Tolerance = { atol: 1e-12, rtol: 1e-10 };

/** mathjs's derivative expressions against AD: different formulas for the same derivative (tan' as sec²). */
export const SYMBOLIC: Tolerance = { atol: 1e-12, rtol: 1e-10 };

/** Allowed difference between a and b given a rounding scale (see `absoluteJacobian`). */
export function allowed(expected: number, scale: number, tolerance: Tolerance): number {
  return tolerance.atol + tolerance.rtol * Math.max(Math.abs(expected), scale);
}

/** Asserts |actual − expected| <= extra + atol + rtol·max(|expected|, scale), naming the element. */
export function expectAgree(
  actual: number,
  expected: number,
  scale: number,
  tolerance: Tolerance,
  what: string,
  extra = 0,
): void {
  if (Number.isNaN(actual) && Number.isNaN(expected)) return;
  const difference = Math.abs(actual - expected);
  const limit = extra + allowed(expected, scale, tolerance);
  if (!(difference <= limit)) {
    expect.fail(`${what}: got ${actual}, expected ${expected} (difference ${difference}, allowed ${limit})`);
  }
}

/** `expectAgree` over rows of a matrix, with a matching matrix of scales (and optional error bounds). */
export function expectRowsAgree(
  actual: readonly ArrayLike<number>[],
  expected: readonly ArrayLike<number>[],
  scales: readonly ArrayLike<number>[],
  tolerance: Tolerance,
  what: string,
  extra?: readonly ArrayLike<number>[],
): void {
  expect(actual.length, `${what}: rows`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    expect(a.length, `${what}: length of row ${i}`).toBe(e.length);
    for (let j = 0; j < e.length; j++) {
      expectAgree(
        a[j]!,
        e[j]!,
        scales[i]![j]!,
        tolerance,
        `${what}[${i}][${j}]`,
        extra === undefined ? 0 : extra[i]![j]!,
      );
    }
  }
}

/** Σᵢⱼ |uᵢ| Sᵢⱼ |vⱼ|: the rounding scale of uᵀ J v given the absolute Jacobian S. */
export function bilinearScale(
  u: ArrayLike<number>,
  scales: readonly ArrayLike<number>[],
  v: ArrayLike<number>,
): number {
  let total = 0;
  for (let i = 0; i < scales.length; i++) {
    const row = scales[i]!;
    for (let j = 0; j < row.length; j++) total += Math.abs(u[i]!) * row[j]! * Math.abs(v[j]!);
  }
  return total;
}

/** Σ aᵢ bᵢ. */
export function inner(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) total += a[i]! * b[i]!;
  return total;
}

/** Directions with entries that are multiples of 1/8 in [-2, 2] (exact in binary, short to print). */
export function directionArbitrary(length: number): fc.Arbitrary<Float64Array> {
  return fc
    .array(fc.integer({ min: -16, max: 16 }), { minLength: length, maxLength: length })
    .map((entries) => Float64Array.from(entries, (k) => k / 8));
}
