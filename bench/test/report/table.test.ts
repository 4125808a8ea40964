import { describe, expect, it } from 'vitest';
import { renderFitTable, renderRatioTable, renderTable } from '../../src/report/table.js';
import { renderExperimentText } from '../../src/report/terminal.js';
import { syntheticReport } from '../helpers.js';

describe('terminal tables', () => {
  const [gradient, peers] = syntheticReport().experiments;

  it('render a data table with its title and cells', () => {
    const text = renderTable(gradient!.tables[0]!);
    expect(text.split('\n')[0]).toBe('times');
    expect(text).toContain('1.00 ms');
  });

  it('render fits with exponent, interval, theory and verdict, without colour codes by default', () => {
    const text = renderFitTable(gradient!.fits);
    expect(text).toContain('1.02');
    expect(text).toContain('[0.99, 1.05]');
    expect(text).toContain('agrees');
    expect(text).toContain('no prediction');
    expect(text).toContain('5 (2^8..2^12)');
    expect(text).not.toContain('\u001b[');
  });

  it('render ratio rows as met / not met / missing', () => {
    const text = renderRatioTable(peers!.ratios);
    expect(text).toMatch(/reverse ÷ plain.*12×.*≤ 30×.*met/);
    expect(text).toMatch(/jvp ÷ plain.*14×.*≤ 10×.*not met/);
    expect(text).toMatch(/tf.*not measured.*info.*missing/);
  });

  it('colour verdicts only when asked', () => {
    expect(renderRatioTable(peers!.ratios, { color: true })).toContain('\u001b[');
  });

  it('compose an experiment: title, tables, fits, plot, notes', () => {
    const text = renderExperimentText(gradient!);
    expect(text.startsWith('== Gradient <of> "f"')).toBe(true);
    expect(text).toContain('fitted growth exponents');
    expect(text).toContain('[log-log:');
    expect(text).toContain('- a <note>');
  });
});
