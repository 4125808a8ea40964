import { add, newCounters, type Scalar, sin } from '@dualtape/core';
import { describe, expect, it } from 'vitest';
import { gradient, valueAndGradient } from '../src/index.js';
import { POINTS_PER_INSTANCE, SCALAR_INSTANCES, samplePoints, seededRandom } from './helpers.js';

describe('valueAndGradient', () => {
  it.each(SCALAR_INSTANCES.map((instance) => [`${instance.name} (size ${instance.size})`, instance]))(
    'returns the plain value and the gradient of zoo %s',
    (_label, instance) => {
      for (const point of samplePoints(instance, POINTS_PER_INSTANCE, seededRandom(3))) {
        const result = valueAndGradient(instance.f, point);
        // Same operations in the same order as the hand-written plain version: bitwise equal.
        expect(result.value).toBe(instance.plain(point));
        expect(Array.from(result.gradient)).toEqual(Array.from(gradient(instance.f, point)));
      }
    },
  );

  it('counts one sweep per call', () => {
    const counters = newCounters();
    valueAndGradient(<T extends Scalar>([x, y]: readonly T[]) => add(sin(x!), y!), [1, 2], { counters });
    expect(counters.sweeps).toBe(1);
    expect(counters.operations).toBe(4);
  });
});
