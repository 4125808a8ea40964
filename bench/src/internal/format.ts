/**
 * Number formatting shared by the terminal and HTML reports, so both print the same text: durations,
 * byte counts (core's `formatBytes`, binary units, as everywhere in dualtape), ratios, exponents and sizes.
 */
import { formatBytes } from '@dualtape/core';

export { formatBytes };

/** A duration: `850 µs`, `12.3 ms`, `4.20 s`. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 0.001) return `${threeDigits(ms * 1e6)} ns`;
  if (ms < 1) return `${threeDigits(ms * 1000)} µs`;
  if (ms < 1000) return `${threeDigits(ms)} ms`;
  return `${threeDigits(ms / 1000)} s`;
}

// Three significant digits without toPrecision's exponent form for 1000 (999.7 would print as 1.00e+3).
function threeDigits(value: number): string {
  return Math.abs(value) >= 100 ? String(Math.round(value)) : value.toPrecision(3);
}

/** A ratio: `3.2×`, `0.81×`, `1.2e3×`. */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return String(ratio);
  if (Math.abs(ratio) >= 10_000) return `${ratio.toExponential(1)}×`;
  return `${ratio >= 100 ? Math.round(ratio) : ratio.toPrecision(2)}×`;
}

/** An exponent with two decimals, signed when negative: `1.02`, `-0.98`. */
export function formatExponent(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '∞' : value < 0 ? '-∞' : 'NaN';
  // -0.001 would print as "-0.00".
  return (Math.abs(value) < 0.005 ? 0 : value).toFixed(2);
}

/** A fit row's theory column: the predicted exponent, `≤ 1.00` for an upper bound, `—` without one. */
export function formatTheory(row: { readonly theory: number | null; readonly bound?: 'at-most' }): string {
  if (row.theory === null) return '—';
  return row.bound === 'at-most' ? `≤ ${formatExponent(row.theory)}` : formatExponent(row.theory);
}

/** A size, as a power of two when it is one (`2^10`) and plainly otherwise (`1000`). */
export function formatSize(size: number): string {
  const power = Math.log2(size);
  return Number.isInteger(power) && size >= 16 ? `2^${power}` : String(size);
}

/** A comparison as a reader writes it: `≤` and `≥`. */
export function formatComparison(comparison: '<=' | '>='): string {
  return comparison === '<=' ? '≤' : '≥';
}

/** A value in the unit of a chart. */
export function formatValue(value: number, unit: 'ms' | 'bytes' | 'ratio'): string {
  if (unit === 'ms') return formatMs(value);
  if (unit === 'bytes') return formatBytes(value);
  return formatRatio(value);
}
