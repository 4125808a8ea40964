/**
 * JSON text for dualtape's machine-readable output. Numbers are written so they parse back to the same
 * double (the shortest round-trip form, as `JSON.stringify`; `-0` stays `-0`), and the values JSON cannot
 * hold are written as strings: `"NaN"`, `"Infinity"`, `"-Infinity"`. Typed arrays become arrays.
 */

/** A value `toJsonText` can write. */
export type JsonValue =
  | number
  | string
  | boolean
  | null
  | undefined
  | ArrayLike<number>
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/** The JSON text of one number: shortest round-trip form, or a string for NaN and the infinities. */
export function jsonNumber(value: number): string {
  if (Number.isNaN(value)) return '"NaN"';
  if (value === Number.POSITIVE_INFINITY) return '"Infinity"';
  if (value === Number.NEGATIVE_INFINITY) return '"-Infinity"';
  // JSON.stringify writes -0 as 0, which parses back to +0: keep the sign.
  if (Object.is(value, -0)) return '-0';
  return JSON.stringify(value);
}

/** Reads a number written by `jsonNumber` back (strings "NaN", "Infinity", "-Infinity" included). */
export function fromJsonNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  return undefined;
}

/**
 * Writes `value` as compact JSON text on one line. Object keys whose value is `undefined` are left out,
 * as `JSON.stringify` does. Our outputs are a few levels deep, so walking them recursively is safe.
 */
export function toJsonText(value: JsonValue): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return jsonNumber(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = Array.from(value as ArrayLike<JsonValue>, (item) => toJsonText(item));
    return `[${items.join(',')}]`;
  }
  const entries: string[] = [];
  for (const [key, item] of Object.entries(value as { readonly [key: string]: JsonValue })) {
    if (item === undefined) continue;
    entries.push(`${JSON.stringify(key)}:${toJsonText(item)}`);
  }
  return `{${entries.join(',')}}`;
}
