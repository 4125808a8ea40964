/**
 * What the terminal shows for one finished experiment: its title and summary, its tables, the fitted
 * exponents, the ratio rows, a log-log plot per chart and the notes.
 */
import pc from 'picocolors';
import { formatMs } from '../internal/format.js';
import type { ExperimentResult } from '../results.js';
import { renderPlot } from './plot.js';
import { renderFitTable, renderRatioTable, renderTable } from './table.js';

/** Options of {@link renderExperimentText}. */
export interface TerminalOptions {
  /** Colour (verdicts, headings). @default false */
  readonly color?: boolean;
}

/** One experiment as terminal text. */
export function renderExperimentText(result: ExperimentResult, options: TerminalOptions = {}): string {
  const color = options.color ?? false;
  const heading = `== ${result.title} (${formatMs(result.durationMs)})`;
  const parts: string[] = [color ? pc.bold(heading) : heading, result.summary];
  for (const table of result.tables) parts.push(renderTable(table, { color }));
  if (result.fits.length > 0) parts.push(renderFitTable(result.fits, { color }));
  if (result.ratios.length > 0) parts.push(renderRatioTable(result.ratios, { color }));
  for (const chart of result.charts) parts.push(renderPlot(chart, { color }));
  if (result.notes.length > 0) parts.push(result.notes.map((note) => `- ${note}`).join('\n'));
  return `${parts.join('\n\n')}\n`;
}
