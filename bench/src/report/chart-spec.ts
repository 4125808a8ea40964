/**
 * The Vega-Lite spec of one log-log chart (log2 x axis, log y axis, a line with points per series): what
 * the HTML report renders to SVG in Node and the web page renders in the browser, so both draw the same
 * chart. No Node imports: the web page bundles it.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Chart } from '../results.js';

/** The Vega-Lite spec of `chart`; times are drawn in seconds so the axis's SI prefixes read as units. */
export function chartSpec(chart: Chart): TopLevelSpec {
  // Times are drawn in seconds so the axis's SI prefixes read as units (10µ = 10 µs, 1m = 1 ms).
  const scale = chart.unit === 'ms' ? 1e-3 : 1;
  const values = chart.series.flatMap((series) =>
    series.points
      .filter((point) => point.y !== null && point.y > 0 && point.x > 0)
      .map((point) => ({ x: point.x, y: point.y! * scale, series: series.label })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: chart.title, anchor: 'start', fontSize: 14 },
    width: 560,
    height: 300,
    background: 'white',
    data: { values },
    mark: { type: 'line', point: { size: 36 }, strokeWidth: 1.8 },
    encoding: {
      x: {
        field: 'x',
        type: 'quantitative',
        title: chart.xLabel,
        scale: { type: 'log', base: 2, nice: false },
        // Ticks fall on powers of two; name the large ones 2^k as the terminal report does.
        axis: {
          grid: true,
          labelExpr: "datum.value >= 16 ? '2^' + round(log(datum.value) / LN2) : datum.label",
        },
      },
      y: {
        field: 'y',
        type: 'quantitative',
        title: `${chart.yLabel} (${chart.unit === 'ratio' ? '×' : chart.unit === 'bytes' ? 'bytes' : 'seconds'})`,
        scale: { type: 'log' },
        axis: { format: '~s', grid: true },
      },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        sort: chart.series.map((series) => series.label),
        legend: { orient: 'bottom', columns: 2, labelLimit: 360 },
      },
    },
  };
}
