/** `gradient`: every mode through one call, the same numbers as the mode packages, options passed through. */
import { add, newCounters, type ScalarFunction, square, UsageError } from '@dualtape/core';
import * as forward from '@dualtape/forward';
import * as numeric from '@dualtape/numeric';
import * as reverse from '@dualtape/reverse';
import { ZOO, type ZooScalarInstance } from '@dualtape/zoo';
import { describe, expect, it } from 'vitest';
import { gradient } from '../src/index.js';
import { expectAllClose, oracleGradient, TOLERANCES, zooPoint } from './helpers.js';

const sumOfSquares: ScalarFunction = ([x, y]) => add(square(x!), square(y!));
const scalarZoo = ZOO.filter((entry) => entry.kind === 'scalar');

describe('gradient', () => {
  it('gives z = x² + y² at (4, 3) as [8, 6] in every mode', () => {
    for (const mode of ['auto', 'forward', 'reverse'] as const) {
      expect(Array.from(gradient(sumOfSquares, [4, 3], { mode }))).toEqual([8, 6]);
    }
    expectAllClose(
      gradient(sumOfSquares, [4, 3], { mode: 'numeric' }),
      [8, 6],
      TOLERANCES.central,
      'numeric',
    );
  });

  it('returns exactly what each mode package returns, on every scalar zoo function', () => {
    for (const entry of scalarZoo) {
      const instance = entry.instantiate(
        Math.max(entry.minSize, Math.min(entry.defaultSize, 6)),
      ) as ZooScalarInstance;
      const x = zooPoint((random) => instance.sample(random), 7);
      expect(gradient(instance.f, x, { mode: 'forward' }), entry.name).toEqual(
        forward.gradient(instance.f, x),
      );
      expect(gradient(instance.f, x, { mode: 'reverse' }), entry.name).toEqual(
        reverse.gradient(instance.f, x),
      );
      expect(gradient(instance.f, x, { mode: 'numeric' }), entry.name).toEqual(
        numeric.gradient(instance.f, x),
      );
      const oracle = oracleGradient((point) => instance.plain(Float64Array.from(point)), x);
      expectAllClose(gradient(instance.f, x), oracle, TOLERANCES.oracle, `${entry.name} (auto) vs oracle`);
    }
  });

  it("passes each mode's options through: chunkSize, scheme, step, counters", () => {
    const rosenbrock = ZOO.find((entry) => entry.name === 'rosenbrock')!.instantiate(10) as ZooScalarInstance;
    const x = zooPoint((random) => rosenbrock.sample(random), 4);
    const oneTangent = newCounters();
    gradient(rosenbrock.f, x, { mode: 'forward', chunkSize: 1, counters: oneTangent });
    expect(oneTangent.passes).toBe(10);
    const chunked = newCounters();
    gradient(rosenbrock.f, x, { mode: 'forward', chunkSize: 5, counters: chunked });
    expect(chunked.passes).toBe(2);
    const complexStep = newCounters();
    const viaUmbrella = gradient(rosenbrock.f, x, {
      mode: 'numeric',
      scheme: 'complex-step',
      counters: complexStep,
    });
    expect(complexStep.evaluations).toBe(10);
    expect(viaUmbrella).toEqual(numeric.gradient(rosenbrock.f, x, { scheme: 'complex-step' }));
    expect(gradient(rosenbrock.f, x, { mode: 'numeric', step: 1e-4 })).toEqual(
      numeric.gradient(rosenbrock.f, x, { step: 1e-4 }),
    );
    const taped = newCounters();
    gradient(rosenbrock.f, x, { mode: 'reverse', counters: taped });
    expect(taped.sweeps).toBe(1);
    expect(taped.peakTapeBytes).toBeGreaterThan(0);
  });

  it('refuses bad input with named errors', () => {
    expect(() => gradient(sumOfSquares, [4, 3], { mode: 'sideways' as never })).toThrow(UsageError);
    expect(() => gradient(sumOfSquares, [4, 3], { mode: 'sideways' as never })).toThrow(
      /unknown mode 'sideways'/,
    );
    for (const mode of ['auto', 'forward', 'reverse', 'numeric'] as const) {
      expect(() => gradient(sumOfSquares, [], { mode }), mode).toThrow(/gradient/);
      expect(() => gradient(sumOfSquares, [1, Number.POSITIVE_INFINITY], { mode }), mode).toThrow(/x\[1\]/);
    }
  });
});
