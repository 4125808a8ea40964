import { describe, expect, it } from 'vitest';
import { awayFromZero, scalarEntry, uniformBox, vectorEntry } from '../src/define.js';

describe('uniformBox and awayFromZero', () => {
  it('fill points of the asked length inside their ranges', () => {
    let state = 0;
    const ramp = () => (state = (state + 0.37) % 1);
    const box = uniformBox(50, -2, 3)(ramp);
    expect(box).toHaveLength(50);
    expect(box.every((v) => v >= -2 && v < 3)).toBe(true);
    const away = awayFromZero(50, 0.5, 2)(ramp);
    expect(away.every((v) => Math.abs(v) >= 0.5 && Math.abs(v) < 2)).toBe(true);
  });
});

describe('scalarEntry and vectorEntry', () => {
  const build = () => ({
    f: ((x: readonly number[]) => x[0]!) as never,
    plain: (x: Float64Array) => x[0]!,
    sample: uniformBox(1, 0, 1),
  });

  it('check the size before building, and report it', () => {
    let builds = 0;
    const entry = scalarEntry({
      name: 'probe',
      description: 'test',
      defaultSize: 3,
      minSize: 2,
      inputSize: (n) => 2 * n,
      build: () => {
        builds++;
        return build();
      },
    });
    expect(() => entry.instantiate(1)).toThrow("zoo function 'probe': size must be an integer >= 2, got 1");
    expect(builds).toBe(0);
    const instance = entry.instantiate(3);
    expect(instance).toMatchObject({ kind: 'scalar', name: 'probe', size: 3, inputSize: 6, outputSize: 1 });
    expect('analyticGradient' in instance).toBe(false);
  });

  it('give vector entries their output size', () => {
    const entry = vectorEntry({
      name: 'probe-vector',
      description: 'test',
      defaultSize: 2,
      minSize: 1,
      inputSize: () => 1,
      outputSize: (n) => n + 1,
      build: () => ({ ...build(), plain: () => new Float64Array(3) }),
    });
    expect(entry.outputSize(2)).toBe(3);
    expect(entry.instantiate(2)).toMatchObject({ kind: 'vector', inputSize: 1, outputSize: 3 });
  });
});
