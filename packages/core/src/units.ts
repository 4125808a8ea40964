/** Human-readable counts and byte sizes for the sentences `chooseMode`, the CLI and the benchmarks write. */

/** 4000 -> "4,000". */
export function formatCount(count: number): string {
  return Math.round(count).toLocaleString('en-US');
}

/**
 * A byte count with binary units, three significant digits: `512 B`, `1.50 KiB`, `290 KiB`, `33.0 MiB`.
 * Every byte count dualtape prints (the reasons 'auto' gives, the CLI, the benchmark reports) uses it.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  // toPrecision(3) would write 1000..1023 KiB as 1.00e+3.
  return unit === 0
    ? `${Math.round(value)} B`
    : `${Math.abs(value) >= 100 ? String(Math.round(value)) : value.toPrecision(3)} ${units[unit]}`;
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
