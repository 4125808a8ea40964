/**
 * ADBench's Gaussian mixture model objective (Srajer, Kukelova & Fitzgibbon, "A benchmark of selected
 * algorithmic differentiation tools on some problems in computer vision and machine learning", 2018), the
 * problem on which Tapenade's gradient costs 3.7–15.5× the objective. Written here as ADBench's C++
 * reference `gmm_objective` is: plain JavaScript with loops over points, components and dimensions, local
 * arrays overwritten for every point and component (the centred point, Q times it, the main terms), a
 * log-sum-exp over components per point, and the Wishart prior — the kind of code source transformation is
 * for, and the one text that is both the plain evaluation and what the transform reads.
 *
 * The parameters, one vector of K + K·d + K·d(d+1)/2 entries as ADBench lays them out: the K mixture
 * weights' logits `alphas`, the K means of dimension d, then per component its inverse-covariance factor
 * `icf`: the d logarithms of the diagonal of Q followed by the d(d−1)/2 entries below it, column by column.
 * The data (N points of dimension d) and the Wishart prior's γ and m are constants the text reads.
 */
import { seededRandom, UsageError } from '@dualtape/core';

/** Sizes of a GMM problem: dimension d, components K, points N. */
export interface GmmSizes {
  readonly dimensions: number;
  readonly components: number;
  readonly points: number;
}

/** ADBench's problem the issue quotes: d = 10, K = 10, N = 1000. */
export const ADBENCH_GMM: GmmSizes = { dimensions: 10, components: 10, points: 1000 };

/** The Wishart prior ADBench's GMM files use: γ = 1, m = 0. */
export const ADBENCH_WISHART = { gamma: 1, m: 0 } as const;

/** One GMM problem: its objective as plain JavaScript, what the objective's text reads, and a point. */
export interface GmmInstance {
  readonly sizes: GmmSizes;
  /** Number of parameters: K + K·d + K·d(d+1)/2. */
  readonly inputs: number;
  /** The negative log-likelihood plus the prior's terms, as ADBench defines it (its `err`). */
  readonly objective: (params: ArrayLike<number>) => number;
  /** The free names the objective's text reads, with their values, for `compile(objective, { scope })`. */
  readonly scope: Readonly<Record<string, unknown>>;
  /** A seeded parameter vector (ADBench's generator draws from the same kinds of ranges). */
  readonly params: Float64Array;
}

/**
 * The GMM problem of `sizes` with seeded data and parameters.
 * @throws UsageError unless every size is a positive integer.
 */
export function gmm(sizes: GmmSizes = ADBENCH_GMM, seed = 1): GmmInstance {
  for (const [name, value] of Object.entries(sizes)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new UsageError(`gmm: ${name} must be a positive integer, got ${value}`);
    }
  }
  const d = sizes.dimensions;
  const K = sizes.components;
  const n = sizes.points;
  const icfSize = (d * (d + 1)) / 2;
  const meansOffset = K;
  const icfOffset = K + K * d;
  const inputs = icfOffset + K * icfSize;
  const { gamma, m } = ADBENCH_WISHART;
  const random = seededRandom(seed);
  const data = new Float64Array(n * d);
  for (let i = 0; i < data.length; i++) data[i] = random();
  // ADBench: −n·d/2·log(2π) for the Gaussians, and the Wishart normaliser, both independent of the parameters.
  const constant = ((-n * d) / 2) * Math.log(2 * Math.PI);
  const wishartConstant = wishartNormalizer(d, gamma, m);

  const objective = (params: ArrayLike<number>): number => {
    const sumQs = new Float64Array(K);
    const qDiags = new Float64Array(K * d);
    for (let k = 0; k < K; k++) {
      let sum = 0;
      for (let j = 0; j < d; j++) {
        const logDiagonal = params[icfOffset + k * icfSize + j]!;
        sum += logDiagonal;
        qDiags[k * d + j] = Math.exp(logDiagonal);
      }
      sumQs[k] = sum;
    }
    const centered = new Float64Array(d);
    const qCentered = new Float64Array(d);
    const mainTerm = new Float64Array(K);
    let slse = 0;
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < K; k++) {
        for (let j = 0; j < d; j++) centered[j] = data[i * d + j]! - params[meansOffset + k * d + j]!;
        for (let j = 0; j < d; j++) qCentered[j] = qDiags[k * d + j]! * centered[j]!;
        let lower = icfOffset + k * icfSize + d;
        for (let j = 0; j < d; j++) {
          for (let r = j + 1; r < d; r++) {
            qCentered[r] = qCentered[r]! + params[lower]! * centered[j]!;
            lower++;
          }
        }
        let squaredNorm = 0;
        for (let j = 0; j < d; j++) squaredNorm += qCentered[j]! * qCentered[j]!;
        mainTerm[k] = params[k]! + sumQs[k]! - 0.5 * squaredNorm;
      }
      let largest = mainTerm[0]!;
      for (let k = 1; k < K; k++) largest = Math.max(largest, mainTerm[k]!);
      let shiftedSum = 0;
      for (let k = 0; k < K; k++) shiftedSum += Math.exp(mainTerm[k]! - largest);
      slse += Math.log(shiftedSum) + largest;
    }
    let largestAlpha = params[0]!;
    for (let k = 1; k < K; k++) largestAlpha = Math.max(largestAlpha, params[k]!);
    let alphaSum = 0;
    for (let k = 0; k < K; k++) alphaSum += Math.exp(params[k]! - largestAlpha);
    const lseAlphas = Math.log(alphaSum) + largestAlpha;
    let prior = 0;
    for (let k = 0; k < K; k++) {
      let frobenius = 0;
      for (let j = 0; j < d; j++) frobenius += qDiags[k * d + j]! * qDiags[k * d + j]!;
      for (let l = d; l < icfSize; l++) {
        const entry = params[icfOffset + k * icfSize + l]!;
        frobenius += entry * entry;
      }
      prior += 0.5 * gamma * gamma * frobenius - m * sumQs[k]!;
    }
    return constant + slse - n * lseAlphas + prior - K * wishartConstant;
  };

  const params = new Float64Array(inputs);
  // ADBench's generator: weights' logits and means in [0, 1); the icf entries small, so Q stays near I.
  for (let k = 0; k < K; k++) params[k] = random();
  for (let i = meansOffset; i < icfOffset; i++) params[i] = random();
  for (let i = icfOffset; i < inputs; i++) params[i] = 0.2 * (random() - 0.5);

  return {
    sizes,
    inputs,
    objective,
    scope: { K, d, n, icfSize, meansOffset, icfOffset, data, constant, wishartConstant, gamma, m },
    params,
  };
}

/**
 * ADBench's C: n·p·(log γ − ½ log 2) − log Γ_p(n/2) with n = p + m + 1, the multivariate log-gamma
 * log Γ_p(a) = p(p−1)/4 · log π + Σ_{j=1..p} log Γ(a + (1−j)/2).
 */
export function wishartNormalizer(p: number, gamma: number, m: number): number {
  const n = p + m + 1;
  let logGammaP = 0.25 * p * (p - 1) * Math.log(Math.PI);
  for (let j = 1; j <= p; j++) logGammaP += logGamma(0.5 * n + 0.5 * (1 - j));
  return n * p * (Math.log(gamma) - 0.5 * Math.log(2)) - logGammaP;
}

// Lanczos' approximation (g = 7, 9 coefficients), accurate to about 1e-15 relative for a > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/**
 * log Γ(a) for a > 0 (JavaScript's Math has no lgamma). Below ½ by the reflection formula.
 * @throws UsageError for a ≤ 0 or a non-finite a.
 */
export function logGamma(a: number): number {
  if (!(a > 0) || !Number.isFinite(a)) throw new UsageError(`logGamma: expected a > 0, got ${a}`);
  if (a < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * a)) - logGamma(1 - a);
  const z = a - 1;
  let series = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) series += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(series);
}
