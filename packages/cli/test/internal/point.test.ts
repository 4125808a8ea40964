/** Reading `--at`: named points, vector points, and the messages that name what is wrong. */
import { UsageError } from '@dualtape/core';
import { pointForVariables } from '@dualtape/expression';
import { describe, expect, it } from 'vitest';
import {
  parseNamedPoint,
  parseUserNumber,
  parseVectorPoint,
  pointFromRecord,
} from '../../src/internal/point.js';

describe('parseUserNumber', () => {
  it('reads decimal literals and pi/e', () => {
    expect(['2', '-0.5', '1e-3', '.5', '+3', '  7 '].map((text) => parseUserNumber(text, 'v'))).toEqual([
      2, -0.5, 0.001, 0.5, 3, 7,
    ]);
    expect(parseUserNumber('-pi', 'v')).toBe(-Math.PI);
    expect(parseUserNumber('e', 'v')).toBe(Math.E);
  });

  it('names what is not a finite number', () => {
    expect(() => parseUserNumber('abc', '--at x=abc')).toThrow("--at x=abc: 'abc' is not a number");
    expect(() => parseUserNumber('1.2.3', 'v')).toThrow(/not a number/);
    expect(() => parseUserNumber('', '--at x=')).toThrow(/empty/);
    expect(() => parseUserNumber('Infinity', 'v')).toThrow(/not a finite number/);
    expect(() => parseUserNumber('NaN', 'v')).toThrow(UsageError);
  });
});

describe('parseNamedPoint and pointForVariables', () => {
  it('orders the values by the expression variables', () => {
    const point = parseNamedPoint(' y = 3 , x=4 ');
    expect(Array.from(pointForVariables(point, ['x', 'y']))).toEqual([4, 3]);
  });

  it('names a missing variable, an extra one, a repeated one, and a malformed pair', () => {
    expect(() => pointForVariables(parseNamedPoint('x=1'), ['x', 'y'])).toThrow(
      "--at is missing a value for variable 'y' (it uses x, y)",
    );
    expect(() => pointForVariables(parseNamedPoint('x=1,z=2'), ['x'])).toThrow("--at gives 'z'");
    expect(() => parseNamedPoint('x=1,x=2')).toThrow("--at gives 'x' twice");
    expect(() => parseNamedPoint('x')).toThrow(/expected name=value/);
    expect(() => parseNamedPoint('2x=1')).toThrow(/'2x' is not a variable name/);
  });
});

describe('parseVectorPoint and pointFromRecord', () => {
  it('reads a JSON array of numbers and a record of finite numbers', () => {
    expect(Array.from(parseVectorPoint('[1, 2.5, -3]'))).toEqual([1, 2.5, -3]);
    expect([...pointFromRecord({ x: 1, y: 2 }, 'line 1')]).toEqual([
      ['x', 1],
      ['y', 2],
    ]);
  });

  it('names the bad element', () => {
    expect(() => parseVectorPoint('[1, "a"]')).toThrow('--at: element 1 is "a", not a number');
    expect(() => parseVectorPoint('1, 2')).toThrow(/JSON array/);
    expect(() => pointFromRecord({ x: 'a' }, 'line 3')).toThrow('line 3: "at"."x" is "a", not a number');
    expect(() => pointFromRecord([1], 'line 3')).toThrow(/must be an object/);
  });
});
