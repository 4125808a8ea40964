/** Human-readable counts and byte sizes for the sentences `chooseMode` and the CLI write. */

/** 4000 -> "4,000". */
export function formatCount(count: number): string {
  return Math.round(count).toLocaleString('en-US');
}

/** 160000 -> "160 kB" (SI units, three significant digits). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 ? 0 : value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${Number(value.toFixed(digits))} ${units[unit]}`;
}

/** "1 output" / "3 outputs" / "2 passes". */
export function plural(count: number, noun: string): string {
  const ending = count === 1 ? '' : noun.endsWith('s') ? 'es' : 's';
  return `${formatCount(count)} ${noun}${ending}`;
}

/** A small error or tolerance, short: `7.1e-15`, `0`, `0.25`, `4.6e-6`. */
export function formatShort(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  return magnitude < 1e-3 || magnitude >= 1e5 ? value.toExponential(1) : String(Number(value.toPrecision(3)));
}
