/**
 * Calls the user's function on plain numbers or on `Complex` numbers, checks what it returns (one value
 * for gradient/hessian/derivative, one value or a fixed-length list for jacobian/jvp) and counts the
 * evaluations. Every scheme samples the function only through this class.
 */
import {
  AnomalyError,
  type AnomalyFields,
  anomaly,
  describePoint,
  describeValue,
  nonFinite,
  outputTypeError,
  type Scalar,
  ShapeError,
  singleOutputError,
} from '@dualtape/core';
import { Complex, watchingComplex } from '../complex.js';

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
    /** Whether the first evaluation with a non-finite output throws `AnomalyError` (`detectAnomaly`). */
    private readonly detect = false,
  ) {}

  /** f at a point of plain numbers. */
  real(point: readonly number[]): Float64Array {
    this.evaluations++;
    const outputs = this.list(this.f(point));
    const values = new Float64Array(outputs.length);
    for (let m = 0; m < outputs.length; m++) {
      const y = outputs[m];
      if (typeof y !== 'number') {
        throw outputTypeError(
          this.call,
          y,
          this.index(m),
          'a number (given plain numbers, f must compute with the numbers it is given)',
        );
      }
      values[m] = y;
    }
    if (this.detect && values.some(nonFinite)) {
      // Run again on Complex numbers with a zero imaginary part: the same values, operation by operation.
      const where = `evaluation #${this.evaluations} of f at ${describePoint(point)}`;
      const zero = point.map(() => 0);
      try {
        this.watched(where, () => this.f(point.map((r, k) => new Complex(r, zero[k]!))));
      } catch (error) {
        // A function that cannot run on Complex numbers is reported without its operation.
        if (error instanceof AnomalyError) throw error;
      }
      this.fail(point, values.find(nonFinite)!, where);
    }
    return values;
  }

  /** f at the complex point re + i·im. Outputs that are plain numbers (constants) have imaginary part 0. */
  complex(re: readonly number[], im: readonly number[]): ComplexOutputs {
    this.evaluations++;
    if (!this.detect) return this.complexOutputs(re, im);
    const where = `evaluation #${this.evaluations} of f at ${describePoint(re)} + i·${describePoint(im)} (complex step)`;
    const outputs = this.watched(where, () => this.complexOutputs(re, im));
    const bad = [...outputs.re, ...outputs.im].find(nonFinite);
    if (bad !== undefined) this.fail(re, bad, where);
    return outputs;
  }

  private complexOutputs(re: readonly number[], im: readonly number[]): ComplexOutputs {
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
        throw outputTypeError(
          this.call,
          y,
          this.index(m),
          'a number or a Complex (the complex step needs f to compute with the numbers it is given)',
        );
      }
    }
    return { re: real, im: imaginary };
  }

  /**
   * Runs `body` (an evaluation of f on Complex numbers) with every Complex operation watched, and throws
   * `AnomalyError` at the first whose real part (a value) or imaginary part (the complex step's tangent)
   * is not finite from finite arguments; `where` names the evaluation.
   */
  private watched<T>(where: string, body: () => T): T {
    let step = 0;
    const observe = (rule: { readonly name: string }, args: readonly Complex[], result: Complex) => {
      const index = step++;
      const found: Omit<AnomalyFields, 'quantity' | 'result'> = {
        operation: rule.name,
        arguments: args.map((z) => z.re),
        value: result.re,
        partials: [],
        mode: 'numeric',
        step: index,
        where: `${where}, operation #${index}`,
      };
      if (nonFinite(result.re) && !args.some((z) => nonFinite(z.re))) {
        throw new AnomalyError(anomaly({ ...found, quantity: 'value', result: result.re }), this.call);
      }
      if (nonFinite(result.im) && !args.some((z) => nonFinite(z.im))) {
        throw new AnomalyError(anomaly({ ...found, quantity: 'tangent', result: result.im }), this.call);
      }
    };
    return watchingComplex(observe, body);
  }

  /** The anomaly of an evaluation no watched operation explains (a constant NaN, or f refused Complex). */
  private fail(point: readonly number[], y: number, where: string): never {
    const report = anomaly({
      quantity: 'value',
      operation: 'f',
      arguments: [...point],
      value: y,
      partials: [],
      result: y,
      mode: 'numeric',
      step: this.evaluations - 1,
      where,
    });
    throw new AnomalyError(report, this.call);
  }

  private list(y: Scalar | readonly Scalar[]): readonly unknown[] {
    let outputs: readonly unknown[];
    if (Array.isArray(y)) {
      if (this.kind === 'scalar') {
        throw singleOutputError(this.call, describeValue(y));
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

  /** Output `m`'s index for messages: only a vector function's outputs are numbered. */
  private index(m: number): number | undefined {
    return this.kind === 'vector' ? m : undefined;
  }
}
