/**
 * What bench's tests share: the tolerances (each a named constant, in one place), run counts, a fixed
 * seed, and a small JSON-schema checker with the schema of the JSON report, so the report writer is
 * checked against a description written here rather than against its own output.
 */
import { expect } from 'vitest';
import { QUICK_PROFILE } from '../src/defaults.js';

export {
  expectAllClose,
  expectClose,
  oracleGradient,
  oracleJacobian,
  seededRandom,
  TOLERANCES,
} from '@dualtape/testing';

/** Fixed seed so failures reproduce. */
export const SEED = 20261125;

/** Runs of the fast-check properties. */
export const PROPERTY_RUNS = 60;

/** A noise-free power law over 7 octaves is fitted to rounding: exponent within this of the truth. */
export const EXACT_FIT_TOLERANCE = 1e-10;

/** Relative accuracy of Student's t quantiles against printed tables (which give 3–4 digits). */
export const T_TABLE_TOLERANCE = 5e-4;

/** Relative accuracy of the t quantile/CDF round trip (bisection to the double's resolution). */
export const T_ROUND_TRIP_TOLERANCE = 1e-9;

/**
 * A 95% interval should cover the true exponent in about 95% of noisy datasets; with a few hundred
 * datasets the observed coverage stays above this (binomial spread ~1.3% at 300 trials).
 */
export const MIN_COVERAGE = 0.9;

/** TensorFlow.js computes in float32: relative agreement with a float64 gradient to a few float32 ulps. */
export const FLOAT32_RELATIVE = 2e-4;

/** |a − b| <= FLOAT32_RELATIVE · max(|b|, scale) element by element. */
export function expectFloat32Close(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  scale: number,
): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const allowed = FLOAT32_RELATIVE * Math.max(Math.abs(expected[i]!), scale);
    expect(
      Math.abs(actual[i]! - expected[i]!),
      `element ${i}: ${actual[i]} vs ${expected[i]}`,
    ).toBeLessThanOrEqual(allowed);
  }
}

/** A small JSON-schema subset: types, required keys, properties, items, enums, constants. */
export interface Schema {
  readonly type?:
    | 'object'
    | 'array'
    | 'string'
    | 'number'
    | 'integer'
    | 'boolean'
    | 'null'
    | readonly string[];
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly items?: Schema;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  /** Numbers may also be the strings "NaN", "Infinity", "-Infinity" (how the report encodes them). */
  readonly numberOrNonFinite?: boolean;
}

/** Every place `value` breaks `schema`, as `path: problem` lines (empty when it conforms). */
export function schemaProblems(value: unknown, schema: Schema, path = '$'): string[] {
  const problems: string[] = [];
  if (schema.const !== undefined && value !== schema.const) {
    problems.push(`${path}: expected ${JSON.stringify(schema.const)}, got ${JSON.stringify(value)}`);
  }
  if (schema.enum !== undefined && !schema.enum.includes(value)) {
    problems.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if (schema.numberOrNonFinite === true) {
    if (!(typeof value === 'number' || value === 'NaN' || value === 'Infinity' || value === '-Infinity')) {
      problems.push(
        `${path}: expected a number (or "NaN"/"Infinity"/"-Infinity"), got ${JSON.stringify(value)}`,
      );
    }
    return problems;
  }
  if (schema.type !== undefined) {
    const types = typeof schema.type === 'string' ? [schema.type] : schema.type;
    if (!types.some((type) => hasType(value, type))) {
      problems.push(
        `${path}: expected ${types.join(' | ')}, got ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}`,
      );
      return problems;
    }
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    for (const key of schema.required ?? []) {
      if (!(key in record)) problems.push(`${path}: missing '${key}'`);
    }
    for (const [key, child] of Object.entries(schema.properties ?? {})) {
      if (key in record) problems.push(...schemaProblems(record[key], child, `${path}.${key}`));
    }
  }
  if (Array.isArray(value) && schema.items !== undefined) {
    value.forEach((item, index) => {
      problems.push(...schemaProblems(item, schema.items!, `${path}[${index}]`));
    });
  }
  return problems;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'null':
      return value === null;
    default:
      return typeof value === type;
  }
}

/** Fails with every schema problem listed. */
export function expectSchema(value: unknown, schema: Schema): void {
  const problems = schemaProblems(value, schema);
  if (problems.length > 0)
    expect.fail(`JSON does not match the schema:\n${problems.slice(0, 20).join('\n')}`);
}

const NUMBER: Schema = { numberOrNonFinite: true };
const TIMING: Schema = {
  type: 'object',
  required: [
    'medianMs',
    'meanMs',
    'minMs',
    'maxMs',
    'p99Ms',
    'madMs',
    'rmePercent',
    'samples',
    'callsPerSample',
  ],
  properties: {
    medianMs: NUMBER,
    meanMs: NUMBER,
    minMs: NUMBER,
    maxMs: NUMBER,
    p99Ms: NUMBER,
    madMs: NUMBER,
    rmePercent: NUMBER,
    samples: { type: 'integer' },
    callsPerSample: { type: 'integer' },
  },
};
const FIT: Schema = {
  type: ['object', 'null'],
  required: [
    'exponent',
    'intercept',
    'standardError',
    'confidenceInterval',
    'confidenceLevel',
    'points',
    'rSquared',
    'sizeRange',
  ],
  properties: {
    exponent: NUMBER,
    standardError: NUMBER,
    confidenceInterval: { type: 'array', items: NUMBER },
    points: { type: 'integer' },
  },
};

/** The schema of the JSON report (`dualtape-bench/1`), written from the documented layout. */
export const REPORT_JSON_SCHEMA: Schema = {
  type: 'object',
  required: [
    'schema',
    'startedAt',
    'finishedAt',
    'durationMs',
    'machine',
    'loadAverageAtEnd',
    'settings',
    'experiments',
  ],
  properties: {
    schema: { const: 'dualtape-bench/1' },
    startedAt: { type: 'string' },
    finishedAt: { type: 'string' },
    durationMs: NUMBER,
    machine: {
      type: 'object',
      required: ['os', 'platform', 'arch', 'cpus', 'totalMemoryBytes', 'node', 'v8', 'loadAverageAtStart'],
      properties: {
        os: { type: 'string' },
        cpus: {
          type: 'object',
          required: ['count', 'model', 'speedMHz'],
          properties: { count: { type: 'integer' }, model: { type: 'string' } },
        },
        node: { type: 'string' },
        loadAverageAtStart: { type: 'array', items: NUMBER },
      },
    },
    loadAverageAtEnd: { type: 'array', items: NUMBER },
    settings: {
      type: 'object',
      required: ['experiments', 'quick', 'fn', 'sizes', 'timeMs', 'runs', 'seed'],
      properties: {
        experiments: { type: 'array', items: { type: 'string' } },
        quick: { type: 'boolean' },
        sizes: { type: 'array', items: { type: 'integer' } },
      },
    },
    experiments: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'name',
          'title',
          'summary',
          'startedAt',
          'durationMs',
          'charts',
          'fits',
          'ratios',
          'tables',
          'notes',
          'measurements',
        ],
        properties: {
          name: { enum: ['gradient', 'jacobian', 'memory', 'cheap-gradient', 'peers'] },
          charts: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'title', 'xLabel', 'yLabel', 'unit', 'series'],
              properties: {
                unit: { enum: ['ms', 'bytes', 'ratio'] },
                series: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['id', 'label', 'points'],
                    properties: {
                      points: {
                        type: 'array',
                        items: {
                          type: 'object',
                          required: ['x', 'y'],
                          properties: { x: NUMBER, y: { type: ['number', 'null', 'string'] } },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          fits: {
            type: 'array',
            items: {
              type: 'object',
              required: ['chart', 'series', 'label', 'metric', 'fit', 'theory', 'verdict'],
              properties: {
                metric: { enum: ['time', 'heap', 'tape'] },
                fit: FIT,
                theory: { type: ['number', 'null'] },
                verdict: { enum: ['agrees', 'disagrees', 'inconclusive'] },
              },
            },
          },
          ratios: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'label', 'measured', 'unit', 'runs', 'target', 'met', 'detail'],
              properties: {
                measured: { type: ['number', 'null', 'string'] },
                runs: { type: 'array', items: NUMBER },
                met: { type: ['boolean', 'null'] },
              },
            },
          },
          tables: {
            type: 'array',
            items: {
              type: 'object',
              required: ['title', 'head', 'rows'],
              properties: {
                head: { type: 'array', items: { type: 'string' } },
                rows: { type: 'array', items: { type: 'array', items: { type: 'string' } } },
              },
            },
          },
          notes: { type: 'array', items: { type: 'string' } },
          measurements: {
            type: 'array',
            items: {
              type: 'object',
              required: ['group', 'series', 'size', 'status'],
              properties: {
                status: { enum: ['measured', 'skipped', 'failed'] },
                size: NUMBER,
                timing: TIMING,
              },
            },
          },
        },
      },
    },
  },
};

/** A small hand-built report: two experiments, three charts, fits, ratios, a table, a non-finite value. */
export function syntheticReport(): import('../src/report/json.js').BenchReport {
  const fit = {
    exponent: 1.02,
    intercept: -9.1,
    standardError: 0.01,
    confidenceInterval: [0.99, 1.05] as const,
    confidenceLevel: 0.95,
    points: 5,
    rSquared: 0.999,
    sizeRange: [256, 4096] as const,
  };
  const twoPointFit = {
    ...fit,
    points: 2,
    standardError: Number.POSITIVE_INFINITY,
    confidenceInterval: [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY] as const,
  };
  const line = (id: string, slope: number) => ({
    id,
    label: `${id} <mode>`,
    points: [256, 512, 1024, 2048, 4096].map((x) => ({ x, y: 1e-4 * x ** slope })),
  });
  const timing = {
    medianMs: 1.5,
    meanMs: 1.6,
    minMs: 1.4,
    maxMs: 2.1,
    p99Ms: 2,
    madMs: 0.05,
    rmePercent: 1.2,
    samples: 9,
    callsPerSample: 1,
  };
  return {
    schema: 'dualtape-bench/1',
    startedAt: '2026-11-25T10:00:00.000Z',
    finishedAt: '2026-11-25T10:01:00.000Z',
    durationMs: 60000,
    machine: {
      os: 'Linux 6.1',
      platform: 'linux',
      arch: 'x64',
      cpus: { count: 2, model: 'Test CPU', speedMHz: 2000 },
      totalMemoryBytes: 24 * 2 ** 30,
      node: 'v20.20.2',
      v8: '11.3',
      loadAverageAtStart: [0.5, 0.4, 0.3],
    },
    loadAverageAtEnd: [0.6, 0.5, 0.3],
    settings: {
      // Every experiment's own settings at their quick values; the sweeps' below.
      ...QUICK_PROFILE,
      experiments: ['gradient', 'peers'],
      quick: true,
      fn: 'rosenbrock',
      sizes: [256, 512, 1024, 2048, 4096],
      timeMs: 10,
      warmupMs: 2,
      processWarmupMs: 4,
      maxCallMs: 100,
      fitFrom: 256,
      runs: 1,
      seed: 1,
      jsonPath: null,
      htmlPath: null,
      progress: 'none',
      color: false,
      sizesGiven: true,
      isolate: false,
    },
    experiments: [
      {
        name: 'gradient',
        title: 'Gradient <of> "f"',
        summary: 'A & B',
        startedAt: '2026-11-25T10:00:00.000Z',
        durationMs: 1000,
        charts: [
          {
            id: 'time',
            title: 'time',
            xLabel: 'N',
            yLabel: 'time',
            unit: 'ms',
            series: [line('reverse', 1), line('forward', 2)],
          },
          {
            id: 'tape',
            title: 'tape',
            xLabel: 'N',
            yLabel: 'bytes',
            unit: 'bytes',
            series: [line('reverse', 1)],
          },
        ],
        fits: [
          {
            chart: 'time',
            series: 'reverse',
            label: 'reverse',
            metric: 'time',
            fit,
            theory: 1,
            verdict: 'agrees',
          },
          {
            chart: 'time',
            series: 'forward',
            label: 'forward',
            metric: 'time',
            fit: twoPointFit,
            theory: 2,
            verdict: 'inconclusive',
          },
          {
            chart: 'tape',
            series: 'x',
            label: 'x',
            metric: 'tape',
            fit: null,
            theory: null,
            verdict: 'inconclusive',
          },
        ],
        ratios: [],
        tables: [{ title: 'times', head: ['N', 'reverse'], rows: [['256', '1.00 ms']] }],
        notes: ['a <note>'],
        measurements: [
          { group: 'time', series: 'reverse', size: 256, status: 'measured', timing },
          { group: 'time', series: 'forward', size: 4096, status: 'skipped', reason: 'too slow' },
        ],
      },
      {
        name: 'peers',
        title: 'Peers',
        summary: 'ratios',
        startedAt: '2026-11-25T10:00:30.000Z',
        durationMs: 500,
        charts: [
          {
            id: 'ratio',
            title: 'ratio',
            xLabel: 'N',
            yLabel: 'ratio',
            unit: 'ratio',
            series: [line('r', 0)],
          },
        ],
        fits: [],
        ratios: [
          {
            id: 'a',
            label: 'reverse ÷ plain',
            measured: 12,
            unit: '×',
            runs: [12],
            target: { comparison: '<=', value: 30, source: 'brief' },
            met: true,
            detail: 'd',
          },
          {
            id: 'b',
            label: 'jvp ÷ plain',
            measured: 14,
            unit: '×',
            runs: [14],
            target: { comparison: '<=', value: 10, source: 'brief' },
            met: false,
            detail: 'd',
          },
          {
            id: 'c',
            label: 'tf',
            measured: null,
            unit: '×',
            runs: [],
            target: null,
            met: null,
            detail: 'not installed',
          },
        ],
        tables: [],
        notes: [],
        measurements: [],
      },
    ],
  };
}
