import { describe, expect, it } from 'vitest';
import { runWalkthroughs, WALKTHROUGHS } from '../src/index.js';

describe('runWalkthroughs', () => {
  it('runs the textbook walkthrough by name, and all walkthroughs when none is named', () => {
    const named: string[] = [];
    expect(
      runWalkthroughs(
        ['textbook'],
        (line) => named.push(line),
        () => {},
      ),
    ).toBe(0);
    const all: string[] = [];
    expect(
      runWalkthroughs(
        [],
        (line) => all.push(line),
        () => {},
      ),
    ).toBe(0);
    expect(all).toEqual(named);
    expect(Object.keys(WALKTHROUGHS)).toEqual(['textbook']);
    expect(named[0]).toBe('dualtape: the textbook walkthrough');
    for (const heading of [
      '1. The chain rule',
      '2. Three kinds',
      '3. Forward vs reverse',
      '4. The PyTorch',
    ]) {
      expect(named.some((line) => line.startsWith(heading))).toBe(true);
    }
  });

  it('refuses an unknown walkthrough with exit code 2 and the list of names', () => {
    const errors: string[] = [];
    expect(
      runWalkthroughs(
        ['textbok'],
        () => {},
        (line) => errors.push(line),
      ),
    ).toBe(2);
    expect(errors).toEqual(["unknown walkthrough 'textbok'; available: textbook"]);
  });
});
