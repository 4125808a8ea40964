import { gradient } from '@dualtape/reverse';
import { describe, expect, it } from 'vitest';
import { prepareCall, smallVariant } from '../../../src/calls/registry.js';
import { zooPoint } from '../../../src/calls/zoo.js';
import { expectAllClose, SEED, TOLERANCES } from '../../helpers.js';

describe('the chunk-size calls', () => {
  const { instance, x } = zooPoint('rosenbrock', 12, SEED);
  const expected = gradient(instance.f, x);

  it('compute the gradient at every chunk size, and compile straight-line code', async () => {
    for (const chunkSize of [1, 5, 12]) {
      const forward = await prepareCall({
        kind: 'chunk',
        fn: 'rosenbrock',
        size: 12,
        seed: SEED,
        work: 'forward-gradient',
        chunkSize,
      });
      expectAllClose(forward.call() as Float64Array, expected, TOLERANCES.exact, `forward k = ${chunkSize}`);
      const compiled = await prepareCall({
        kind: 'chunk',
        fn: 'rosenbrock',
        size: 12,
        seed: SEED,
        work: 'compiled-gradient',
        chunkSize,
      });
      // The compiled gradient returns f's value (the gradient goes to its own buffer).
      expect(compiled.call()).toBe(instance.plain(x));
      expect(compiled.stats!().functions).toBeGreaterThan(0);
    }
  });

  it('never warm up forward mode with more tangents than inputs', () => {
    const small = smallVariant({
      kind: 'chunk',
      fn: 'rosenbrock',
      size: 1000,
      seed: SEED,
      work: 'forward-gradient',
      chunkSize: 64,
    });
    expect(small).toMatchObject({ size: 32, chunkSize: 32 });
  });
});
