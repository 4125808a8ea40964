/**
 * Student's t distribution: its CDF through the regularized incomplete beta function and its quantile by
 * bisection. The exponent fitter needs the two-sided critical value for a handful of degrees of freedom,
 * where the normal approximation is badly wrong (df = 1 gives 12.7, not 1.96).
 */
import { DomainError } from '@dualtape/core';

// Lanczos approximation of ln Γ (g = 7, nine terms): about 15 significant digits for x > 0.
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (x < 0.5) {
    // Reflection keeps the series in its accurate range.
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  const shifted = x - 1;
  let series = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) series += LANCZOS[i]! / (shifted + i);
  const t = shifted + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(series);
}

const FRACTION_EPSILON = 1e-15;
const FRACTION_TINY = 1e-300;
const FRACTION_MAX_TERMS = 500;

// The continued fraction of the incomplete beta function, evaluated by the modified Lentz method.
function betaContinuedFraction(x: number, a: number, b: number): number {
  const sum = a + b;
  const above = a + 1;
  const below = a - 1;
  let c = 1;
  let d = 1 - (sum * x) / above;
  if (Math.abs(d) < FRACTION_TINY) d = FRACTION_TINY;
  d = 1 / d;
  let fraction = d;
  for (let m = 1; m <= FRACTION_MAX_TERMS; m++) {
    const twoM = 2 * m;
    let term = (m * (b - m) * x) / ((below + twoM) * (a + twoM));
    d = 1 + term * d;
    if (Math.abs(d) < FRACTION_TINY) d = FRACTION_TINY;
    c = 1 + term / c;
    if (Math.abs(c) < FRACTION_TINY) c = FRACTION_TINY;
    d = 1 / d;
    fraction *= d * c;
    term = (-(a + m) * (sum + m) * x) / ((a + twoM) * (above + twoM));
    d = 1 + term * d;
    if (Math.abs(d) < FRACTION_TINY) d = FRACTION_TINY;
    c = 1 + term / c;
    if (Math.abs(c) < FRACTION_TINY) c = FRACTION_TINY;
    d = 1 / d;
    const step = d * c;
    fraction *= step;
    if (Math.abs(step - 1) < FRACTION_EPSILON) break;
  }
  return fraction;
}

/** The regularized incomplete beta function I_x(a, b) for 0 <= x <= 1, a, b > 0. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The fraction converges fast only on one side of the mean; use the symmetry on the other.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/** P(T <= t) for Student's t with `degreesOfFreedom` > 0. */
export function studentTCdf(t: number, degreesOfFreedom: number): number {
  const tail =
    0.5 * regularizedBeta(degreesOfFreedom / (degreesOfFreedom + t * t), degreesOfFreedom / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/**
 * The t with P(T <= t) = `probability`, for Student's t with `degreesOfFreedom` > 0 (any real, not only
 * integers). Bisection: the CDF is monotone, and 200 halvings reach the double's resolution.
 */
export function studentTQuantile(probability: number, degreesOfFreedom: number): number {
  if (!(probability > 0 && probability < 1)) {
    throw new DomainError('studentTQuantile', `probability must be in (0, 1), got ${probability}`);
  }
  if (!(degreesOfFreedom > 0)) {
    throw new DomainError('studentTQuantile', `degrees of freedom must be > 0, got ${degreesOfFreedom}`);
  }
  if (probability < 0.5) return -studentTQuantile(1 - probability, degreesOfFreedom);
  let low = 0;
  let high = 1;
  while (studentTCdf(high, degreesOfFreedom) < probability) {
    low = high;
    high *= 2;
  }
  for (let i = 0; i < 200 && high - low > 1e-14 * high; i++) {
    const middle = 0.5 * (low + high);
    if (studentTCdf(middle, degreesOfFreedom) < probability) low = middle;
    else high = middle;
  }
  return 0.5 * (low + high);
}
