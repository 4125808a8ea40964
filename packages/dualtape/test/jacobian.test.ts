/** `jacobian`: every mode through one call, on the vector functions of the zoo. */
import { mul, sin, type VectorFunction } from '@dualtape/core';
import * as forward from '@dualtape/forward';
import * as reverse from '@dualtape/reverse';
import { ZOO, type ZooVectorInstance } from '@dualtape/zoo';
import { describe, expect, it } from 'vitest';
import { jacobian } from '../src/index.js';
import { expectAllClose, oracleJacobian, TOLERANCES, zooPoint } from './helpers.js';

describe('jacobian', () => {
  it('matches the mode packages exactly and the oracle closely, on every vector zoo function', () => {
    for (const entry of ZOO.filter((candidate) => candidate.kind === 'vector')) {
      const instance = entry.instantiate(
        Math.max(entry.minSize, Math.min(entry.defaultSize, 5)),
      ) as ZooVectorInstance;
      const x = zooPoint((random) => instance.sample(random), 11);
      expect(jacobian(instance.f, x, { mode: 'forward' }), entry.name).toEqual(
        forward.jacobian(instance.f, x),
      );
      expect(jacobian(instance.f, x, { mode: 'reverse' }), entry.name).toEqual(
        reverse.jacobian(instance.f, x),
      );
      const oracle = oracleJacobian((point) => Array.from(instance.plain(Float64Array.from(point))), x);
      for (const mode of ['auto', 'forward', 'reverse'] as const) {
        jacobian(instance.f, x, { mode }).forEach((row, i) => {
          expectAllClose(row, oracle[i]!, TOLERANCES.oracle, `${entry.name} ${mode} row ${i}`);
        });
      }
      jacobian(instance.f, x, { mode: 'numeric', scheme: 'richardson' }).forEach((row, i) => {
        expectAllClose(row, oracle[i]!, TOLERANCES.central, `${entry.name} numeric row ${i}`);
      });
    }
  });

  it('gives [[y, x], [cos x, 0]] for [x·y, sin x]', () => {
    const f: VectorFunction = ([x, y]) => [mul(x!, y!), sin(x!)];
    const expected = [
      [5, 2],
      [Math.cos(2), 0],
    ];
    for (const mode of ['auto', 'forward', 'reverse'] as const) {
      // Forward mode may give -0 for ∂ sin(x)/∂y (cos 2 · 0), reverse +0: equal as numbers, so compare closely.
      jacobian(f, [2, 5], { mode }).forEach((row, i) => {
        expectAllClose(row, expected[i]!, TOLERANCES.exact, `${mode} row ${i}`);
      });
    }
  });
});
