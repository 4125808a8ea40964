import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reportPathProblem } from '../../src/report/path.js';

const scratch = mkdtempSync(join(tmpdir(), 'dualtape-report-path-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('reportPathProblem', () => {
  it('accepts a new file in a new directory, and creates nothing', () => {
    const path = join(scratch, 'new', 'deeper', 'report.html');
    expect(reportPathProblem(path)).toBeUndefined();
    expect(existsSync(join(scratch, 'new'))).toBe(false);
  });

  it('names what is wrong: a file on the way, a directory, /proc, an unwritable directory', () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, '');
    expect(reportPathProblem(join(file, 'report.html'))).toBe(`${file} is a file, not a directory`);
    expect(reportPathProblem(scratch)).toBe('it is a directory');
    expect(reportPathProblem('/proc/nope/report.json')).toBe('/proc accepts no new files');
    if (process.getuid?.() !== 0) {
      const locked = join(scratch, 'locked');
      mkdirSync(locked);
      chmodSync(locked, 0o500);
      expect(reportPathProblem(join(locked, 'report.html'))).toBe('permission denied');
    }
  });
});
