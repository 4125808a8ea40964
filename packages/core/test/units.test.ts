import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatShort, plural } from '../src/units.js';

describe('formatBytes', () => {
  it('writes binary units with three significant digits', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(165)).toBe('165 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.00 KiB');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(296_736)).toBe('290 KiB');
    expect(formatBytes(1010 * 1024)).toBe('1010 KiB');
    expect(formatBytes(33 * 1024 * 1024)).toBe('33.0 MiB');
    expect(formatBytes(3 * 1024 ** 4)).toBe('3.00 TiB');
  });

  it('passes non-finite counts through', () => {
    expect(formatBytes(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(formatBytes(Number.NaN)).toBe('NaN');
  });
});

describe('counts and short numbers', () => {
  it('groups thousands, pluralises and shortens', () => {
    expect(formatCount(8992.4)).toBe('8,992');
    expect(plural(1, 'output')).toBe('1 output');
    expect(plural(2, 'pass')).toBe('2 passes');
    expect(formatShort(7.105e-15)).toBe('7.1e-15');
    expect(formatShort(0.25)).toBe('0.25');
  });
});
