import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError, ShapeError, UsageError } from '../src/errors.js';
import {
  checkDifferentiationOptions,
  checkDirection,
  checkFunction,
  checkNumber,
  checkOptions,
  checkPoint,
  describePoint,
  describeValue,
  outputTypeError,
  singleOutputError,
} from '../src/validate.js';
import { PROPERTY_RUNS, TracedNumber } from './helpers.js';

/** The error `run` throws (the test fails if it returns). */
function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

const NOTE = 'this mode does not nest';

/** Values that are not finite numbers, with the words a message uses for each. */
const NOT_NUMBERS: readonly [unknown, string][] = [
  ['1', "the string '1'"],
  [null, 'null'],
  [undefined, 'undefined'],
  [true, 'true'],
  [{}, 'an object'],
  [[1], 'an array of length 1'],
  [10n, '10n'],
];

describe('checkPoint', () => {
  it('copies an array, a Float64Array, another typed array or an array-like object into a new Float64Array', () => {
    const inputs: ArrayLike<number>[] = [
      [1, -2.5, 0],
      Float64Array.of(1, -2.5, 0),
      Float32Array.of(1, -2.5, 0),
      { length: 3, 0: 1, 1: -2.5, 2: 0 },
    ];
    for (const input of inputs) {
      const point = checkPoint('gradient', input);
      expect(point).toBeInstanceOf(Float64Array);
      expect(Array.from(point)).toEqual([1, -2.5, 0]);
      expect(point).not.toBe(input);
    }
    const source = Float64Array.of(1, 2);
    checkPoint('gradient', source)[0] = 99;
    expect(source[0]).toBe(1);
  });

  it('returns every finite point unchanged', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1 }), (x) => {
        expect(Array.from(checkPoint('gradient', x))).toEqual(x);
        expect(Array.from(checkPoint('gradient', Float64Array.from(x)))).toEqual(x);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('refuses a point that is not an array-like with a UsageError naming the call, the argument and the value', () => {
    const cases: [unknown, string][] = [
      [3, '3'],
      ['abc', "the string 'abc'"],
      [null, 'null'],
      [undefined, 'undefined'],
      [{}, 'an object'],
      [{ length: -1 }, 'an object'],
      [{ length: 1.5 }, 'an object'],
      [Math.max, 'a function'],
    ];
    for (const [x, words] of cases) {
      const error = thrown(() => checkPoint('gradient', x));
      expect(error).toBeInstanceOf(UsageError);
      expect(error.message).toBe(`gradient: x must be an array of numbers, got ${words}`);
    }
    expect(thrown(() => checkPoint('hessian', 5, 'point')).message).toBe(
      'hessian: point must be an array of numbers, got 5',
    );
  });

  it('refuses an empty point with a ShapeError', () => {
    for (const x of [[], new Float64Array(0)]) {
      const error = thrown(() => checkPoint('jacobian', x));
      expect(error).toBeInstanceOf(ShapeError);
      expect((error as ShapeError).operation).toBe('jacobian');
      expect(error.message).toBe('jacobian: x is empty; there is nothing to differentiate');
    }
  });

  it('refuses NaN and ±Infinity with a DomainError naming the index and the value, in arrays and Float64Arrays', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      for (const x of [[1, 2, bad], Float64Array.of(1, 2, bad)]) {
        const error = thrown(() => checkPoint('gradient', x));
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).operation).toBe('gradient');
        expect(error.message).toBe(`gradient: x[2] is ${bad}; it must be a finite number`);
      }
    }
  });

  it('names the first bad entry wherever it is', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 20 }),
        fc.nat(),
        fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 'a', null),
        (x, at, bad) => {
          const index = at % (x.length + 1);
          const withBad: unknown[] = [...x.slice(0, index), bad, ...x.slice(index)];
          const error = thrown(() => checkPoint('gradient', withBad));
          expect(error).toBeInstanceOf(typeof bad === 'number' ? DomainError : UsageError);
          expect(error.message.startsWith(`gradient: x[${index}] `)).toBe(true);
        },
      ),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('refuses an entry that is not a number with a UsageError naming the index and what it is', () => {
    for (const [bad, words] of NOT_NUMBERS) {
      const error = thrown(() => checkPoint('gradient', [0, bad]));
      expect(error).toBeInstanceOf(UsageError);
      expect(error.message).toBe(`gradient: x[1] must be a number, got ${words}`);
    }
  });

  it("refuses a Real entry as not a plain number, with the mode's note when it gives one", () => {
    const x = [1, new TracedNumber(2)];
    const plain = thrown(() => checkPoint('jacobian', x));
    expect(plain).toBeInstanceOf(UsageError);
    expect(plain.message).toBe('jacobian: x[1] must be a plain number, got a TracedNumber');
    const noted = thrown(() => checkPoint('jacobian', x, 'x', NOTE));
    expect(noted.message).toBe(`jacobian: x[1] must be a plain number, got a TracedNumber; ${NOTE}`);
  });

  it('uses the given argument name in every message', () => {
    expect(thrown(() => checkPoint('gradcheck', [], 'point')).message).toMatch(/^gradcheck: point is empty/);
    expect(thrown(() => checkPoint('gradcheck', [Number.NaN], 'point')).message).toMatch(
      /^gradcheck: point\[0\] is NaN/,
    );
  });
});

describe('checkDirection', () => {
  it('copies a direction of the expected length, also an empty one where nothing is expected', () => {
    const direction = [1, 0, -3];
    const copy = checkDirection('jvp', direction, 3);
    expect(Array.from(copy)).toEqual(direction);
    expect(copy).toBeInstanceOf(Float64Array);
    expect(Array.from(checkDirection('vjp pullback', Float64Array.of(2), 1, 'u'))).toEqual([2]);
    expect(checkDirection('vjp pullback', [], 0, 'u')).toHaveLength(0);
  });

  it('refuses a direction of another length with a ShapeError naming both lengths', () => {
    const error = thrown(() => checkDirection('jvp', [1], 2));
    expect(error).toBeInstanceOf(ShapeError);
    expect((error as ShapeError).operation).toBe('jvp');
    expect(error.message).toBe('jvp: v has length 1 but x has length 2; they must match');
    expect(thrown(() => checkDirection('vjp pullback', [1, 2, 3], 2, 'u', "f's output")).message).toBe(
      "vjp pullback: u has length 3 but f's output has length 2; they must match",
    );
  });

  it('refuses a direction that is not an array-like with a UsageError', () => {
    const error = thrown(() => checkDirection('jvp', 'ab', 2));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe("jvp: v must be an array of numbers, got the string 'ab'");
  });

  it('refuses non-finite and non-number entries naming the index', () => {
    const infinite = thrown(() => checkDirection('jvp', [1, Number.NEGATIVE_INFINITY], 2));
    expect(infinite).toBeInstanceOf(DomainError);
    expect(infinite.message).toBe('jvp: v[1] is -Infinity; it must be a finite number');
    const typed = thrown(() => checkDirection('jvp', Float64Array.of(Number.NaN, 1), 2));
    expect(typed.message).toBe('jvp: v[0] is NaN; it must be a finite number');
    const word = thrown(() => checkDirection('jvp', ['1', 1], 2));
    expect(word).toBeInstanceOf(UsageError);
    expect(word.message).toBe("jvp: v[0] must be a number, got the string '1'");
    const real = thrown(() => checkDirection('jvp', [0, new TracedNumber(1)], 2, 'v', 'x', NOTE));
    expect(real.message).toBe(`jvp: v[1] must be a plain number, got a TracedNumber; ${NOTE}`);
  });
});

describe('checkNumber', () => {
  it('returns a finite number unchanged', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        expect(checkNumber('derivative', value, 'x')).toBe(value);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('refuses NaN and ±Infinity with a DomainError naming the argument', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const error = thrown(() => checkNumber('derivative', bad, 'x'));
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).operation).toBe('derivative');
      expect(error.message).toBe(`derivative: x is ${bad}; it must be a finite number`);
    }
  });

  it('refuses anything but a number with a UsageError saying what it got', () => {
    for (const [bad, words] of NOT_NUMBERS) {
      const error = thrown(() => checkNumber('derivative', bad, 'x'));
      expect(error).toBeInstanceOf(UsageError);
      expect(error.message).toBe(`derivative: x must be a number, got ${words}`);
    }
  });

  it("refuses a Real as not a plain number, with the mode's note when it gives one", () => {
    const real = new TracedNumber(0.5);
    expect(thrown(() => checkNumber('derivative', real, 'x')).message).toBe(
      'derivative: x must be a plain number, got a TracedNumber',
    );
    const noted = thrown(() => checkNumber('derivative', real, 'x', NOTE));
    expect(noted).toBeInstanceOf(UsageError);
    expect(noted.message).toBe(`derivative: x must be a plain number, got a TracedNumber; ${NOTE}`);
  });
});

describe('checkFunction and the output errors', () => {
  it('returns a function and refuses anything else, naming what it got', () => {
    const f = (x: number) => x;
    expect(checkFunction('gradient', f)).toBe(f);
    expect(thrown(() => checkFunction('gradient', 'x^2'))).toEqual(
      new UsageError("gradient: f must be a function, got the string 'x^2'"),
    );
    expect(thrown(() => checkFunction('checkpoint', null, 'segment')).message).toBe(
      'checkpoint: segment must be a function, got null',
    );
  });

  it('says what f returned and what the call needed', () => {
    const several = singleOutputError('gradient', 'an array of length 3');
    expect(several).toBeInstanceOf(ShapeError);
    expect(several.message).toBe(
      'gradient: f returned an array of length 3; gradient needs a function with one output (use jacobian or vjp for a vector function)',
    );
    expect(outputTypeError('jacobian', 'x', 2)).toEqual(
      new UsageError("jacobian: f's output [2] is the string 'x', not a number"),
    );
    expect(outputTypeError('vjp', {}, undefined, 'a number or an array of numbers').message).toBe(
      'vjp: f returned an object, not a number or an array of numbers',
    );
  });
});

describe('describePoint', () => {
  it('shows a short point whole and a long one cut after six entries with its length', () => {
    expect(describePoint([1, -0.5])).toBe('[1, -0.5]');
    expect(describePoint(Float64Array.from([1, 2, 3, 4, 5, 6]))).toBe('[1, 2, 3, 4, 5, 6]');
    expect(describePoint(Float64Array.from({ length: 10 }, (_, i) => i))).toBe(
      '[0, 1, 2, 3, 4, 5, … (10 values)]',
    );
  });
});

describe('describeValue', () => {
  it('says what a value is in a few words', () => {
    class Widget {}
    const cases: [unknown, string][] = [
      [1.5, '1.5'],
      [Number.NaN, 'NaN'],
      [false, 'false'],
      [undefined, 'undefined'],
      [null, 'null'],
      [12n, '12n'],
      [Symbol('tag'), 'Symbol(tag)'],
      ['abc', "the string 'abc'"],
      [() => 1, 'a function'],
      [[1, 2, 3], 'an array of length 3'],
      [new Float64Array(2), 'a Float64Array of length 2'],
      [new Int8Array(1), 'an Int8Array of length 1'],
      [new Uint8Array(4), 'a Uint8Array of length 4'],
      [new DataView(new ArrayBuffer(8)), 'a DataView'],
      [{ a: 1 }, 'an object'],
      [Object.create(null), 'an object'],
      [new Widget(), 'a Widget'],
      [new Error('e'), 'an Error'],
      [new TracedNumber(1), 'a TracedNumber'],
    ];
    for (const [value, words] of cases) expect(describeValue(value)).toBe(words);
  });

  it('cuts a long string', () => {
    expect(describeValue('x'.repeat(100))).toBe(`the string '${'x'.repeat(40)}…'`);
  });

  it('never throws, not even for an object whose properties throw', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('no access');
        },
      },
    );
    expect(describeValue(hostile)).toBe('an object');
  });
});

describe('checkOptions and checkDifferentiationOptions', () => {
  const known = ['chunkSize', 'counters', 'detectAnomaly', 'maxLoopPeriod'];
  it('accept undefined and known options, and an unknown one is a UsageError naming it', () => {
    expect(() => checkOptions('gradient', undefined, known)).not.toThrow();
    expect(() => checkOptions('gradient', { chunkSize: 2, counters: undefined }, known)).not.toThrow();
    expect(() => checkOptions('gradient', { mode: 'reverse' }, known)).toThrow(UsageError);
    expect(() => checkOptions('gradient', { mode: 'reverse' }, known)).toThrow(
      "gradient: unknown option 'mode'; it takes chunkSize, counters, detectAnomaly, maxLoopPeriod",
    );
    expect(() => checkOptions('zoo', { x: 1 }, [])).toThrow("zoo: unknown option 'x'; it takes no options");
  });
  it('suggest the option meant for a typo or a prefix, not for a merely similar word', () => {
    expect(() => checkOptions('gradient', { chunksize: 2 }, known)).toThrow(/did you mean 'chunkSize'\?/);
    expect(() => checkOptions('gradient', { countres: 2 }, known)).toThrow(/did you mean 'counters'\?/);
    expect(() => checkOptions('gradient', { maxLoop: 2 }, known)).toThrow(/did you mean 'maxLoopPeriod'\?/);
    expect(() => checkOptions('gradient', { chunk: 2 }, known)).toThrow(/did you mean 'chunkSize'\?/);
    expect(() => checkOptions('gradient', { scheme: 'central' }, known)).toThrow(
      /unknown option 'scheme'; it/,
    );
  });
  it('refuse options that are not an object', () => {
    expect(() => checkOptions('gradient', 3, known)).toThrow('gradient: options must be an object, got 3');
    expect(() => checkOptions('gradient', null, known)).toThrow(/got null/);
    expect(() => checkOptions('gradient', [1], known)).toThrow(/got an array of length 1/);
  });
  it('with core options: say whether anomalies are watched, and check that flag', () => {
    expect(checkDifferentiationOptions('gradient', undefined)).toBe(false);
    expect(checkDifferentiationOptions('gradient', { detectAnomaly: true })).toBe(true);
    expect(checkDifferentiationOptions('gradient', { chunkSize: 2 } as never, ['chunkSize'])).toBe(false);
    expect(() => checkDifferentiationOptions('gradient', { detectAnomaly: 'yes' } as never)).toThrow(
      "gradient: detectAnomaly must be true or false, got the string 'yes'",
    );
  });
});
