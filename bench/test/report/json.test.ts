import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPORT_SCHEMA, reportToJson, writeJsonReport } from '../../src/report/json.js';
import { expectSchema, REPORT_JSON_SCHEMA, schemaProblems, syntheticReport } from '../helpers.js';

describe('JSON report', () => {
  it('is valid JSON matching the documented schema', () => {
    const parsed = JSON.parse(reportToJson(syntheticReport()));
    expect(parsed.schema).toBe(REPORT_SCHEMA);
    expectSchema(parsed, REPORT_JSON_SCHEMA);
  });

  it('writes infinite confidence intervals as strings instead of null', () => {
    const parsed = JSON.parse(reportToJson(syntheticReport()));
    const fit = parsed.experiments[0].fits[1].fit;
    expect(fit.confidenceInterval).toEqual(['-Infinity', 'Infinity']);
    expect(fit.standardError).toBe('Infinity');
  });

  it('the schema check catches a broken report (so the test above can fail)', () => {
    const parsed = JSON.parse(reportToJson(syntheticReport()));
    parsed.experiments[0].fits[0].verdict = 'maybe';
    delete parsed.machine.node;
    parsed.experiments[0].measurements[0].timing.samples = 'nine';
    const problems = schemaProblems(parsed, REPORT_JSON_SCHEMA);
    expect(problems).toContain("$.machine: missing 'node'");
    expect(problems.some((problem) => problem.startsWith('$.experiments[0].fits[0].verdict'))).toBe(true);
    expect(
      problems.some((problem) => problem.startsWith('$.experiments[0].measurements[0].timing.samples')),
    ).toBe(true);
  });

  it('writes the file, creating its directory', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'bench-json-'));
    try {
      const path = join(directory, 'nested', 'report.json');
      await writeJsonReport(path, syntheticReport());
      expectSchema(JSON.parse(await readFile(path, 'utf8')), REPORT_JSON_SCHEMA);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
