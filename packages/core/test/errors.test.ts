import { describe, expect, it } from 'vitest';
import {
  ControlFlowError,
  DomainError,
  DualtapeError,
  ParseError,
  PerturbationError,
  ShapeError,
  UsageError,
} from '../src/errors.js';

describe('error classes', () => {
  it('are named DualtapeErrors', () => {
    const errors: [Error, string][] = [
      [new UsageError('u'), 'UsageError'],
      [new ShapeError('gradient', 's'), 'ShapeError'],
      [new DomainError('gradient', 'd'), 'DomainError'],
      [new PerturbationError('p'), 'PerturbationError'],
      [new ParseError('r', 'x', 0), 'ParseError'],
      [new ControlFlowError('c'), 'ControlFlowError'],
    ];
    for (const [error, name] of errors) {
      expect(error).toBeInstanceOf(DualtapeError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(name);
    }
  });

  it('put the operation first in shape and domain messages', () => {
    const shape = new ShapeError('matmul', 'inner dimensions differ');
    expect(shape.message).toBe('matmul: inner dimensions differ');
    expect(shape.operation).toBe('matmul');
    expect(new DomainError('gradient', 'x[2] is NaN').message).toBe('gradient: x[2] is NaN');
  });

  it('draw a caret under the position of a parse error', () => {
    const error = new ParseError("unexpected ')'", 'x + 1)', 5);
    expect(error.reason).toBe("unexpected ')'");
    expect(error.source).toBe('x + 1)');
    expect(error.position).toBe(5);
    expect(error.message).toBe("unexpected ')' at position 5\n  x + 1)\n       ^");
  });
});
