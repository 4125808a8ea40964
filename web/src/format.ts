/**
 * How the page writes numbers: six significant digits on screen, the exact value (shortest round-trip
 * text) in a `data-value` attribute, so a test reads what the page computed, not a rounding of it.
 */

/** Six significant digits, without trailing zeros; NaN and ±Infinity spelled out. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  const text =
    magnitude >= 1e-4 && magnitude < 1e7
      ? String(Number(value.toPrecision(6)))
      : value.toExponential(5).replace(/\.?0+e/, 'e');
  return text.replace('-', '−');
}

/** `(0.5)` for negatives in a product, so `2 · (−3)` reads as the textbook writes it. */
export function factor(value: number): string {
  const text = formatNumber(value);
  return value < 0 ? `(${text})` : text;
}
