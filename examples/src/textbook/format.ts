/** Number and vector formatting shared by the walkthrough's sections: short, and exact where it can be. */

/** A number with at most 12 significant digits (so 7.999999999999999 prints as 8). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(12)));
}

/** `[a, b, c]` with each entry formatted by `formatNumber`. */
export function formatVector(values: ArrayLike<number>): string {
  return `[${Array.from(values, formatNumber).join(', ')}]`;
}

/** Where a walkthrough writes its lines (console.log in `run.ts`, an array in tests). */
export type Write = (line: string) => void;
