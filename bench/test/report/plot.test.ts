import { describe, expect, it } from 'vitest';
import { renderPlot } from '../../src/report/plot.js';
import type { Chart } from '../../src/results.js';

const CHART: Chart = {
  id: 'c',
  title: 'growth',
  xLabel: 'N',
  yLabel: 'time',
  unit: 'ms',
  series: [
    { id: 'linear', label: 'linear mode', points: [16, 32, 64, 128, 256].map((x) => ({ x, y: x / 1000 })) },
    {
      id: 'quadratic',
      label: 'quadratic mode',
      points: [16, 32, 64, 128, 256].map((x, i) => ({ x, y: i < 3 ? (x * x) / 1000 : null })),
    },
    {
      id: 'late',
      label: 'late mode',
      points: [
        { x: 16, y: null },
        { x: 32, y: 0.5 },
        { x: 64, y: 0.25 },
      ],
    },
    {
      id: 'lonely',
      label: 'lonely mode',
      points: [
        { x: 16, y: null },
        { x: 32, y: 1 },
      ],
    },
    { id: 'empty', label: 'empty mode', points: [{ x: 16, y: null }] },
  ],
};

describe('renderPlot', () => {
  it('draws every series with a measured point, however late it starts, tags each line and lists it', () => {
    const text = renderPlot(CHART, { height: 10, width: 40 });
    const lines = text.split('\n');
    expect(lines[0]).toContain('growth');
    expect(text).toContain('  a  linear mode');
    expect(text).toContain('  b  quadratic mode');
    expect(text).toContain('  c  late mode');
    expect(text).toContain('  d  lonely mode');
    expect(text).toContain('•');
    expect(text).toContain('empty mode (not plotted: no measured point)');
    // The x axis names the octaves the data spans.
    expect(text).toMatch(/2\^4.*2\^6.*2\^8/);
    // y labels in the chart's unit, from the smallest value to the largest.
    expect(text).toContain('16.0 µs');
    expect(text).toContain('4.10 ms');
  });

  it('puts the tags at the right end of each line: the longer line ends further right', () => {
    const text = renderPlot(CHART, { height: 10, width: 40 });
    const rows = text.split('\n');
    const column = (tag: string) => {
      for (const row of rows.slice(1, 12)) if (row.trimEnd().endsWith(tag)) return row.trimEnd().length;
      return -1;
    };
    expect(column('a')).toBeGreaterThan(0);
    expect(column('b')).toBeGreaterThan(0);
    expect(column('a')).toBeGreaterThan(column('b'));
  });

  it('says so when there is nothing to draw', () => {
    const empty: Chart = { ...CHART, series: [{ id: 'x', label: 'x', points: [{ x: 1, y: null }] }] };
    expect(renderPlot(empty)).toMatch(/nothing to plot/);
  });

  it('starts a late line in its own column, not at the axis', () => {
    const late: Chart = {
      ...CHART,
      series: [
        { id: 'early', label: 'early', points: [16, 32, 64, 128].map((x) => ({ x, y: x })) },
        {
          id: 'late',
          label: 'late',
          points: [16, 32, 64, 128].map((x) => ({ x, y: x >= 64 ? 4096 : null })),
        },
      ],
    };
    const rows = renderPlot(late, { height: 8, width: 24 }).split('\n');
    // The late line is flat at the top row: it begins two octaves after the axis.
    const top = rows[1]!;
    const axis = top.indexOf('┤') >= 0 ? top.indexOf('┤') : top.indexOf('┼');
    const firstDrawn = top.slice(axis + 1).search(/\S/);
    expect(firstDrawn).toBeGreaterThan(2);
  });
});
