import { UsageError } from '@dualtape/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HTML_PATH, EXPERIMENT_NAMES, FULL_PROFILE, QUICK_PROFILE } from '../src/defaults.js';
import { parseBenchArguments, parseSizes } from '../src/settings.js';

const PIPE = { stderrIsTty: false, stdoutIsTty: false, noColor: false };

describe('parseSizes', () => {
  it('expands ranges of powers of two and lists, sorted and without duplicates', () => {
    expect(parseSizes('2^4..2^7')).toEqual([16, 32, 64, 128]);
    expect(parseSizes('16..128')).toEqual([16, 32, 64, 128]);
    expect(parseSizes('256,16,64')).toEqual([16, 64, 256]);
    expect(parseSizes('2^3, 10, 2^3..2^5, 1000')).toEqual([8, 10, 16, 32, 1000]);
    expect(parseSizes('2^10')).toEqual([1024]);
  });

  it('names the option and the bad item', () => {
    expect(() => parseSizes('', '--sizes')).toThrow(UsageError);
    expect(() => parseSizes('16,,32')).toThrow(/empty item/);
    expect(() => parseSizes('abc')).toThrow(/--sizes: 'abc' is not a size/);
    expect(() => parseSizes('0')).toThrow(/is not a size/);
    expect(() => parseSizes('2.5')).toThrow(/is not a size/);
    expect(() => parseSizes('10..100')).toThrow(/powers of two \(10 is not\)/);
    expect(() => parseSizes('2^8..2^4')).toThrow(/goes down/);
    expect(() => parseSizes('1..2..4')).toThrow(/range A..B/);
    expect(() => parseSizes('2^40')).toThrow(/exceeds the maximum/);
    expect(() => parseSizes('x', '--steps')).toThrow(/^--steps:/);
  });
});

describe('parseBenchArguments', () => {
  it('runs every experiment in order with the full profile by default', () => {
    const { help, settings } = parseBenchArguments([], PIPE);
    expect(help).toBe(false);
    expect(settings.experiments).toEqual([...EXPERIMENT_NAMES]);
    expect(settings.sizes).toEqual(FULL_PROFILE.sizes);
    expect(settings.htmlPath).toBe(DEFAULT_HTML_PATH);
    expect(settings.jsonPath).toBeNull();
    // Off a terminal no progress unless asked for (a log or a file stays clean).
    expect(settings.progress).toBe('none');
    expect(settings.color).toBe(false);
  });

  it('applies --quick, options and the documented experiment order', () => {
    const { settings } = parseBenchArguments(
      [
        'ratios',
        'gradient',
        '--quick',
        '--sizes',
        '16,32',
        '--time',
        '8',
        '--runs',
        '3',
        '--json',
        'out.json',
        '--no-html',
      ],
      { stderrIsTty: true, stdoutIsTty: true, noColor: false },
    );
    expect(settings.experiments).toEqual(['gradient', 'peers']);
    expect(settings.quick).toBe(true);
    expect(settings.sizes).toEqual([16, 32]);
    expect(settings.memorySizes).toEqual([16, 32]);
    expect(settings.steps).toEqual(QUICK_PROFILE.steps);
    expect(settings.timeMs).toBe(8);
    expect(settings.warmupMs).toBeLessThanOrEqual(2);
    expect(settings.runs).toBe(3);
    expect(settings.jsonPath).toBe('out.json');
    expect(settings.htmlPath).toBeNull();
    expect(settings.progress).toBe('bar');
    expect(settings.color).toBe(true);
  });

  it('turns colour off with NO_COLOR and progress off with --no-progress', () => {
    const { settings } = parseBenchArguments(['--no-progress'], {
      stderrIsTty: true,
      stdoutIsTty: true,
      noColor: true,
    });
    expect(settings.color).toBe(false);
    expect(settings.progress).toBe('none');
  });

  it('--progress asks for progress lines off a terminal; with --no-progress it is a contradiction', () => {
    expect(parseBenchArguments(['--progress'], PIPE).settings.progress).toBe('lines');
    expect(
      parseBenchArguments(['--progress'], { stderrIsTty: true, stdoutIsTty: true, noColor: false }).settings
        .progress,
    ).toBe('bar');
    expect(() => parseBenchArguments(['--progress', '--no-progress'], PIPE)).toThrow(
      '--progress and --no-progress contradict each other',
    );
  });

  it('reports every mistake as a UsageError naming it', () => {
    expect(() => parseBenchArguments(['--sizez', '16'], PIPE)).toThrow(
      /unknown option '--sizez' \(did you mean '--sizes'\?\)/,
    );
    expect(() => parseBenchArguments(['--sizez', '16'], PIPE)).toThrow(/valid options: --quick/);
    expect(() => parseBenchArguments(['gradiant'], PIPE)).toThrow(
      /unknown experiment 'gradiant' \(did you mean 'gradient'\?\)/,
    );
    expect(() => parseBenchArguments(['--fn', 'rosenbrok'], PIPE)).toThrow(
      /--fn: unknown zoo function 'rosenbrok' \(did you mean 'rosenbrock'\?\)/,
    );
    expect(() => parseBenchArguments(['--fn', 'brown'], PIPE)).toThrow(/'brown' is a vector function/);
    expect(() => parseBenchArguments(['--time', 'soon'], PIPE)).toThrow(/--time: expected a number/);
    expect(() => parseBenchArguments(['--runs', '1.5'], PIPE)).toThrow(/--runs: expected an integer/);
    expect(() => parseBenchArguments(['--product', '1000'], PIPE)).toThrow(/--product/);
    expect(() => parseBenchArguments(['--html', 'a.html', '--no-html'], PIPE)).toThrow(/contradict/);
    expect(() => parseBenchArguments(['--json'], PIPE)).toThrow(UsageError);
    expect(() => parseBenchArguments(['--quick=yes'], PIPE)).toThrow(UsageError);
  });

  it('recognizes --help', () => {
    expect(parseBenchArguments(['-h'], PIPE).help).toBe(true);
    expect(parseBenchArguments(['--help'], PIPE).help).toBe(true);
  });
});
