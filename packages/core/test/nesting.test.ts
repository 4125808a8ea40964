import { describe, expect, it } from 'vitest';
import { enterDifferentiation, insideDifferentiation, leaveDifferentiation } from '../src/nesting.js';

describe('the nesting count', () => {
  it('is inside while any differentiation has entered and not left', () => {
    expect(insideDifferentiation()).toBe(false);
    enterDifferentiation();
    enterDifferentiation();
    leaveDifferentiation();
    expect(insideDifferentiation()).toBe(true);
    leaveDifferentiation();
    expect(insideDifferentiation()).toBe(false);
    // An extra leave cannot make the count negative and hide the next enter.
    leaveDifferentiation();
    enterDifferentiation();
    expect(insideDifferentiation()).toBe(true);
    leaveDifferentiation();
  });
});
