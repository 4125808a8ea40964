/** What the examples' tests share: capturing a walkthrough's output, and the tolerance table. */
import { TOLERANCES } from '@dualtape/testing';
import type { Write } from '../src/index.js';

/** Hand-derived values against AD: same numbers up to rounding. */
export const EXACT = TOLERANCES.exact;

/** Runs `section` with a capturing writer; returns its result and the lines it wrote. */
export function capture<R>(section: (write: Write) => R): { result: R; lines: string[]; text: string } {
  const lines: string[] = [];
  const result = section((line) => lines.push(line));
  return { result, lines, text: lines.join('\n') };
}
