import { describe, expect, it } from 'vitest';
import { escapeHtml, renderChartSvg, renderHtmlReport } from '../../src/report/html.js';
import { syntheticReport } from '../helpers.js';

const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('HTML report', () => {
  it('has one inline SVG per chart, no script and no external resource', async () => {
    const report = syntheticReport();
    const html = await renderHtmlReport(report);
    const charts = report.experiments.reduce((total, experiment) => total + experiment.charts.length, 0);
    expect(charts).toBe(3);
    expect(count(html, '<svg')).toBe(charts);
    expect(html.toLowerCase()).not.toContain('<script');
    expect(html).not.toMatch(/(src|href)=["']https?:/);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('shows the fits, verdicts, ratio targets, tables, notes and machine, escaped', async () => {
    const html = await renderHtmlReport(syntheticReport());
    expect(html).toContain('Gradient &lt;of&gt; &quot;f&quot;');
    expect(html).toContain('A &amp; B');
    expect(html).toContain('a &lt;note&gt;');
    expect(html).toContain('[0.99, 1.05]');
    expect(html).toContain('[-∞, ∞]');
    expect(html).toContain('class="verdict agrees"');
    expect(html).toContain('not met');
    expect(html).toContain('Test CPU');
    expect(html).toContain('<caption>times</caption>');
  });

  it('renders a chart as SVG with the series names in the legend', async () => {
    const report = syntheticReport();
    const svg = await renderChartSvg(report.experiments[0]!.charts[0]!);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('reverse &lt;mode&gt;');
    expect(svg).toContain('forward &lt;mode&gt;');
  });

  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
