import { UsageError } from '@dualtape/core';
import * as reverse from '@dualtape/reverse';
import { compile } from '@dualtape/transform';
import { describe, expect, it } from 'vitest';
import { denseTanh } from '../../../src/experiments/jacobian/dense-tanh.js';
import { expectAllClose, oracleJacobian, SEED, seededRandom, TOLERANCES } from '../../helpers.js';

describe('denseTanh (the Jacobian family)', () => {
  it('the generic function on numbers equals the plain version exactly', () => {
    for (const [inputs, outputs] of [
      [1, 16],
      [4, 4],
      [16, 1],
    ] as const) {
      const family = denseTanh(inputs, outputs, SEED);
      const x = family.sample(seededRandom(SEED));
      expect(Array.from(family.f(Array.from(x)) as number[])).toEqual(Array.from(family.plain(x)));
      expect(family.operations).toBe(2 * inputs * outputs);
    }
  });

  it('has the Jacobian the oracle measures (via reverse mode)', () => {
    const family = denseTanh(5, 3, SEED);
    const x = family.sample(seededRandom(SEED + 1));
    const rows = reverse.jacobian(family.f, x);
    const oracle = oracleJacobian((point) => Array.from(family.plain(Float64Array.from(point))), x);
    for (const [i, row] of rows.entries()) expectAllClose(row, oracle[i]!, TOLERANCES.oracle, `row ${i}`);
  });

  it('carries the scope its text reads: the transform’s Jacobians equal the tape’s', () => {
    const family = denseTanh(6, 4, SEED);
    const x = family.sample(seededRandom(SEED + 2));
    const compiled = compile(family.f, { scope: family.scope });
    const tape = reverse.jacobian(family.f, x);
    for (const mode of ['forward', 'reverse'] as const) {
      const rows = compiled.jacobian(x, { mode });
      expect(rows).toHaveLength(4);
      for (const [i, row] of rows.entries())
        expectAllClose(row, tape[i]!, TOLERANCES.adjointCode, `${mode} row ${i}`);
    }
  });

  it('is deterministic for a seed and keeps tanh away from saturation', () => {
    const a = denseTanh(64, 8, 3);
    const b = denseTanh(64, 8, 3);
    const x = a.sample(seededRandom(9));
    expect(Array.from(a.plain(x))).toEqual(Array.from(b.plain(x)));
    expect(Array.from(a.plain(x)).every((y) => Math.abs(y) < 0.999)).toBe(true);
  });

  it('refuses sizes that are not positive integers', () => {
    expect(() => denseTanh(0, 4)).toThrow(UsageError);
    expect(() => denseTanh(4, 1.5)).toThrow(/outputs must be a positive integer/);
  });
});
