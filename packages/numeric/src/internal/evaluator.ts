/**
 * Calls the user's function on plain numbers or on `Complex` numbers, checks what it returns (one value
 * for gradient/hessian/derivative, one value or a fixed-length list for jacobian/jvp) and counts the
 * evaluations. Every scheme samples the function only through this class.
 */
import { describeValue, type Scalar, ShapeError, UsageError } from '@dualtape/core';
import { Complex } from '../complex.js';

/** Any write-once function as the schemes call it. */
export type AnyFunction = (x: readonly Scalar[]) => Scalar | readonly Scalar[];

/** Whether the call needs one output ('scalar') or accepts a list ('vector', one value meaning M = 1). */
export type OutputKind = 'scalar' | 'vector';

/** Real and imaginary parts of a function's outputs at a complex point. */
export interface ComplexOutputs {
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/** Evaluates `f` and normalises its outputs to Float64Arrays. */
export class Evaluator {
  /** Number of calls of `f` so far. */
  evaluations = 0;
  /** Number of outputs, known after the first evaluation. */
  private outputSize = -1;

  constructor(
    private readonly call: string,
    private readonly f: AnyFunction,
    private readonly kind: OutputKind,
  ) {}

  /** f at a point of plain numbers. */
  real(point: readonly number[]): Float64Array {
    this.evaluations++;
    const outputs = this.list(this.f(point));
    const values = new Float64Array(outputs.length);
    for (let m = 0; m < outputs.length; m++) {
      const y = outputs[m];
      if (typeof y !== 'number') {
        throw new UsageError(
          `${this.call}: f returned ${describeValue(y)}${this.where(m)} for plain-number inputs; it must compute with the numbers it is given`,
        );
      }
      values[m] = y;
    }
    return values;
  }

  /** f at the complex point re + i·im. Outputs that are plain numbers (constants) have imaginary part 0. */
  complex(re: readonly number[], im: readonly number[]): ComplexOutputs {
    this.evaluations++;
    const point = re.map((r, k) => new Complex(r, im[k]!));
    const outputs = this.list(this.f(point));
    const real = new Float64Array(outputs.length);
    const imaginary = new Float64Array(outputs.length);
    for (let m = 0; m < outputs.length; m++) {
      const y = outputs[m];
      if (typeof y === 'number') {
        real[m] = y;
      } else if (y instanceof Complex) {
        real[m] = y.re;
        imaginary[m] = y.im;
      } else {
        throw new UsageError(
          `${this.call}: f returned ${describeValue(y)}${this.where(m)} for Complex inputs; the complex step needs f to compute with the numbers it is given`,
        );
      }
    }
    return { re: real, im: imaginary };
  }

  private list(y: Scalar | readonly Scalar[]): readonly unknown[] {
    let outputs: readonly unknown[];
    if (Array.isArray(y)) {
      if (this.kind === 'scalar') {
        throw new ShapeError(
          this.call,
          `f returned ${y.length} values; ${this.call} needs a function with one output (use jacobian for vector outputs)`,
        );
      }
      outputs = y;
    } else {
      outputs = [y];
    }
    if (this.outputSize === -1) this.outputSize = outputs.length;
    else if (outputs.length !== this.outputSize) {
      throw new ShapeError(
        this.call,
        `f returned ${this.outputSize} values at one point and ${outputs.length} at another; its output size must be fixed`,
      );
    }
    return outputs;
  }

  private where(m: number): string {
    return this.kind === 'vector' ? ` at output ${m}` : '';
  }
}
