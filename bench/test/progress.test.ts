import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from '../src/progress.js';

function collector(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

describe('createProgress', () => {
  it('prints short lines off a terminal: the stage, and the last point with its detail', () => {
    const out = collector();
    const progress = createProgress('lines', out.stream);
    progress.begin('gradient', 3);
    progress.advance('reverse at 2^4');
    progress.advance('reverse at 2^5');
    progress.advance('reverse at 2^6');
    progress.end();
    progress.log('a note');
    const lines = out.text().trim().split('\n');
    expect(lines[0]).toBe('[gradient] 3 points');
    expect(lines.some((line) => line.startsWith('[gradient] 3/3 reverse at 2^6'))).toBe(true);
    expect(lines.at(-1)).toBe('a note');
  });

  it('prints only logged messages when progress is off', () => {
    const out = collector();
    const progress = createProgress('none', out.stream);
    progress.begin('gradient', 2);
    progress.advance('x');
    progress.end();
    progress.log('only this');
    expect(out.text()).toBe('only this\n');
  });
});
