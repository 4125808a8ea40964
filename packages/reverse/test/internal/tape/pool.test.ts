import { describe, expect, it } from 'vitest';
import { acquireTape, beginMeter, endMeter, notePeak, releaseTape } from '../../../src/internal/tape/pool.js';
import { BYTES_PER_ENTRY } from '../../../src/tape.js';

describe('tape pool', () => {
  it('hands out the same tape, with the same arrays, call after call', () => {
    const first = acquireTape();
    for (let k = 0; k < 5000; k++) first.push(0, -1, -1, 0, 0, 0);
    const arrays = first.partial0;
    releaseTape(first);
    const second = acquireTape();
    expect(second).toBe(first);
    expect(second.length).toBe(0);
    expect(second.partial0).toBe(arrays);
    releaseTape(second);
  });

  it('hands out a different tape to a nested call', () => {
    const outer = acquireTape();
    const inner = acquireTape();
    expect(inner).not.toBe(outer);
    releaseTape(inner);
    releaseTape(outer);
  });

  it('meters the peak of the tapes in use, nested meters included in the outer one', () => {
    const outer = acquireTape();
    const outerMeter = beginMeter(outer);
    for (let k = 0; k < 10; k++) outer.push(0, -1, -1, 0, 0, 0);
    notePeak();
    const inner = acquireTape();
    const innerMeter = beginMeter(inner);
    for (let k = 0; k < 4; k++) inner.push(0, -1, -1, 0, 0, 0);
    notePeak();
    endMeter(innerMeter);
    releaseTape(inner);
    endMeter(outerMeter);
    releaseTape(outer);
    expect(innerMeter.peak).toBe(4 * BYTES_PER_ENTRY);
    expect(outerMeter.peak).toBe(14 * BYTES_PER_ENTRY);
  });
});
