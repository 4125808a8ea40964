import { ZOO } from '@dualtape/zoo';
import { describe, expect, it } from 'vitest';
import { longestZooFunction } from '../../../src/experiments/peers/experiment.js';

describe('the transform-cold row’s function', () => {
  it('is the zoo entry whose text is longest at its default size', () => {
    const longest = longestZooFunction();
    const lengths = ZOO.map((entry) => String(entry.instantiate(entry.defaultSize).f).length);
    expect(longest.length).toBe(Math.max(...lengths));
    expect(lengths[ZOO.findIndex((entry) => entry.name === longest.name)]).toBe(longest.length);
    expect(longest.size).toBe(ZOO.find((entry) => entry.name === longest.name)!.defaultSize);
  });
});
