/** `zoo`: every zoo function listed with N, M and its description. */
import { ZOO } from '@dualtape/zoo';
import { describe, expect, it } from 'vitest';
import { jsonLines, runInProcess } from '../../helpers.js';

describe('zoo', () => {
  it('lists every zoo function, as a table and as JSON lines', async () => {
    const table = await runInProcess(['zoo']);
    expect(table.status).toBe(0);
    for (const entry of ZOO) expect(table.stdout).toContain(entry.name);
    const json = jsonLines((await runInProcess(['zoo', '--json'])).stdout) as {
      name: string;
      inputs: number;
      outputs: number;
    }[];
    expect(json.map((entry) => entry.name)).toEqual(ZOO.map((entry) => entry.name));
    const timeSeries = json.find((entry) => entry.name === 'time-series')!;
    expect(timeSeries.inputs).toBe(1);
    expect(timeSeries.outputs).toBeGreaterThan(1);
  });
});
