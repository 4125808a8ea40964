/**
 * A benchmark run's complexity charts, from the JSON `dualtape bench --json FILE` writes: every
 * experiment's log-log charts, drawn in the browser by Vega from the same Vega-Lite spec the HTML report
 * renders (`@dualtape/bench/chart-spec`), and its fitted exponents next to the textbook's.
 */
import type { BenchReport, Chart, FitRow } from '@dualtape/bench';
import { chartSpec } from '@dualtape/bench/chart-spec';
import { parse as parseVega, View } from 'vega';
import { compile } from 'vega-lite';
import { formatNumber } from './format.js';

/** The schema `dualtape bench --json` writes today. */
const REPORT_SCHEMA: BenchReport['schema'] = 'dualtape-bench/1';

/** Reads a report's text, turning the strings "NaN"/"Infinity" back into numbers where the report wrote them. */
export function parseBenchReport(text: string, fileName: string): BenchReport {
  let report: unknown;
  try {
    report = JSON.parse(text, (_key, value) =>
      value === 'NaN'
        ? Number.NaN
        : value === 'Infinity'
          ? Infinity
          : value === '-Infinity'
            ? -Infinity
            : value,
    );
  } catch (error) {
    throw new Error(`${fileName} is not JSON: ${(error as Error).message}`);
  }
  const schema = (report as { schema?: unknown } | null)?.schema;
  if (schema !== REPORT_SCHEMA) {
    throw new Error(
      `${fileName} is not a dualtape bench report: its schema is ${JSON.stringify(schema)}, expected '${REPORT_SCHEMA}' (write one with dualtape bench --json FILE)`,
    );
  }
  return report as BenchReport;
}

/** Draws one chart into `container` as SVG. */
async function drawChart(chart: Chart, container: HTMLElement): Promise<void> {
  const view = new View(parseVega(compile(chartSpec(chart)).spec), { renderer: 'svg', container });
  await view.runAsync();
}

function fitRow(fit: FitRow): HTMLTableRowElement {
  const row = document.createElement('tr');
  const exponent = fit.fit === null ? '—' : formatNumber(Number(fit.fit.exponent.toFixed(2)));
  const theory = fit.theory === null ? '—' : `${fit.bound === 'at-most' ? '≤ ' : ''}${fit.theory}`;
  for (const text of [fit.label, fit.metric, exponent, theory, fit.verdict]) {
    const cell = document.createElement('td');
    cell.textContent = text;
    row.append(cell);
  }
  row.className = `verdict-${fit.verdict}`;
  return row;
}

/** Replaces `container`'s content with the report's charts and fits; resolves when every chart is drawn. */
export async function showBenchReport(
  report: BenchReport,
  container: HTMLElement,
  origin: string,
): Promise<void> {
  container.replaceChildren();
  const heading = document.createElement('p');
  heading.className = 'bench-origin';
  heading.textContent = `${origin}: run of ${report.startedAt} on ${`${report.machine.cpus.count} × ${report.machine.cpus.model}`}, ${report.experiments.length} experiments`;
  container.append(heading);
  const drawing: Promise<void>[] = [];
  for (const experiment of report.experiments) {
    if (experiment.charts.length === 0) continue;
    const section = document.createElement('section');
    section.className = 'bench-experiment';
    const title = document.createElement('h3');
    title.textContent = experiment.title;
    const summary = document.createElement('p');
    summary.className = 'summary';
    summary.textContent = experiment.summary;
    section.append(title, summary);
    const charts = document.createElement('div');
    charts.className = 'bench-charts';
    for (const chart of experiment.charts) {
      const figure = document.createElement('figure');
      figure.className = 'bench-chart';
      figure.dataset.chart = chart.id;
      charts.append(figure);
      drawing.push(drawChart(chart, figure));
    }
    section.append(charts);
    if (experiment.fits.length > 0) {
      const details = document.createElement('details');
      const caption = document.createElement('summary');
      caption.textContent = `fitted growth exponents (${experiment.fits.length}) next to the textbook's`;
      const table = document.createElement('table');
      table.className = 'fits';
      table.innerHTML =
        '<thead><tr><th>series</th><th>metric</th><th>fitted exponent</th><th>theory</th><th>verdict</th></tr></thead>';
      const body = document.createElement('tbody');
      for (const fit of experiment.fits) body.append(fitRow(fit));
      table.append(body);
      details.append(caption, table);
      section.append(details);
    }
    container.append(section);
  }
  await Promise.all(drawing);
}
