import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatComparison,
  formatExponent,
  formatMs,
  formatRatio,
  formatSize,
  formatTheory,
  formatValue,
} from '../../src/internal/format.js';

describe('formatters', () => {
  it('formats durations with a unit that keeps three significant digits', () => {
    expect(formatMs(0.0000123)).toBe('12.3 ns');
    expect(formatMs(0.85)).toBe('850 µs');
    expect(formatMs(12.34)).toBe('12.3 ms');
    expect(formatMs(4200)).toBe('4.20 s');
    expect(formatMs(Number.POSITIVE_INFINITY)).toBe('Infinity');
  });

  it('formats bytes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(33 * 1024 * 1024)).toBe('33.0 MiB');
  });

  it('formats ratios, exponents and sizes', () => {
    expect(formatRatio(3.24)).toBe('3.2×');
    expect(formatRatio(0.812)).toBe('0.81×');
    expect(formatRatio(250.4)).toBe('250×');
    expect(formatRatio(12345)).toBe('1.2e+4×');
    expect(formatExponent(1.016)).toBe('1.02');
    expect(formatExponent(-0.984)).toBe('-0.98');
    expect(formatExponent(Number.POSITIVE_INFINITY)).toBe('∞');
    expect(formatExponent(-0.001)).toBe('0.00');
    expect(formatComparison('<=')).toBe('≤');
    expect(formatComparison('>=')).toBe('≥');
    expect(formatMs(999.7)).toBe('1000 ms');
    expect(formatBytes(1010 * 1024)).toBe('1010 KiB');
    expect(formatSize(1024)).toBe('2^10');
    expect(formatSize(8)).toBe('8');
    expect(formatSize(1000)).toBe('1000');
    expect(formatValue(2048, 'bytes')).toBe('2.00 KiB');
  });

  it('formats a theory column: the exponent, an upper bound, or none', () => {
    expect(formatTheory({ theory: 2 })).toBe('2.00');
    expect(formatTheory({ theory: 1, bound: 'at-most' })).toBe('≤ 1.00');
    expect(formatTheory({ theory: null })).toBe('—');
  });
});
