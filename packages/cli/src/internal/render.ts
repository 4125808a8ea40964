/**
 * Human-readable output of the CLI: labelled lines, matrices and comparison tables (cli-table3, with its
 * own colours switched off so that only our NO_COLOR-aware colours are used). Machine-readable output
 * is json-output.ts; nothing here is meant to be parsed.
 */

import { type Counters, formatBytes, formatCount, formatShort, plural } from '@dualtape/core';
import Table from 'cli-table3';
import type { Colors } from './io.js';

/** Most rows or columns printed for a matrix or vector; `--json` prints everything. */
export const MAX_PRINTED = 12;

/** A number in full (shortest round-trip form), as the user would type it back. */
export function fullNumber(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

/** A small error or tolerance, short (`7.1e-15`); empty for undefined. */
export function shortNumber(value: number | undefined): string {
  return value === undefined ? '' : formatShort(value);
}

/** Milliseconds, 3 significant digits. */
export function milliseconds(ms: number): string {
  return ms >= 100 ? `${Math.round(ms)} ms` : `${Number(ms.toPrecision(2))} ms`;
}

/** `name   value` lines with the names padded and dimmed. */
export function labelled(colors: Colors, entries: readonly (readonly [string, string])[]): string {
  const width = Math.max(...entries.map(([name]) => name.length));
  return entries
    .map(([name, value]) => {
      const [first, ...rest] = value.split('\n');
      const indent = ' '.repeat(width + 2);
      return [`${colors.bold(name.padEnd(width))}  ${first}`, ...rest.map((line) => `${indent}${line}`)].join(
        '\n',
      );
    })
    .join('\n');
}

/** `x = 4, y = 3` for named inputs, `[1, 2, 3]` for a vector (shortened past MAX_PRINTED). */
export function pointText(variables: readonly string[], point: Float64Array, named: boolean): string {
  if (named) return variables.map((name, i) => `${name} = ${fullNumber(point[i]!)}`).join(', ');
  return vectorText(point);
}

/** `[1, 2, 3]`, shortened to MAX_PRINTED entries with a count of the rest. */
export function vectorText(values: ArrayLike<number>): string {
  const shown = Array.from({ length: Math.min(values.length, MAX_PRINTED) }, (_, i) =>
    fullNumber(values[i]!),
  );
  const rest = values.length - shown.length;
  return `[${shown.join(', ')}${rest > 0 ? `, … ${rest} more` : ''}]`;
}

/** A plain table (no colours of its own), the header in bold when colour is on. */
export function table(colors: Colors, head: readonly string[], rows: readonly (readonly string[])[]): string {
  const rendered = new Table({
    head: head.map((title) => colors.bold(title)),
    style: { head: [], border: [] },
    // No rule between body rows: the table stays as tall as its content.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const row of rows) rendered.push([...row]);
  return rendered.toString();
}

/** A matrix with named columns and rows, shortened past MAX_PRINTED in each direction. */
export function matrixTable(
  colors: Colors,
  rows: readonly Float64Array[],
  rowNames: readonly string[],
  columnNames: readonly string[],
): string {
  const columns = Math.min(columnNames.length, MAX_PRINTED);
  const head = ['', ...columnNames.slice(0, columns), ...(columnNames.length > columns ? ['…'] : [])];
  const body = rows
    .slice(0, MAX_PRINTED)
    .map((row, r) => [
      rowNames[r]!,
      ...Array.from(row.subarray(0, columns), fullNumber),
      ...(columnNames.length > columns ? [`${columnNames.length - columns} more`] : []),
    ]);
  if (rows.length > MAX_PRINTED)
    body.push([`… ${rows.length - MAX_PRINTED} more rows`, ...new Array(head.length - 1).fill('')]);
  return table(colors, head, body);
}

/** The work a call did, from its counters: `84 passes × 12 lanes`, `1 sweep, 8,992 ops, 290 KiB`, ... */
export function workText(counters: Readonly<Counters>): string {
  const parts: string[] = [];
  if (counters.passes > 0) {
    const lanes = Math.round(counters.lanes / counters.passes);
    parts.push(`${plural(counters.passes, 'pass')} × ${plural(lanes, 'lane')}`);
  }
  if (counters.sweeps > 0) parts.push(plural(counters.sweeps, 'sweep'));
  if (counters.operations > 0) parts.push(`${formatCount(counters.operations)} taped ops`);
  if (counters.peakTapeBytes > 0) parts.push(formatBytes(counters.peakTapeBytes));
  if (counters.evaluations > 0) parts.push(plural(counters.evaluations, 'evaluation'));
  return parts.join(', ');
}
