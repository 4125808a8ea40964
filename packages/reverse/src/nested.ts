/**
 * The nested tape: reverse mode inside another differentiation call (forward over reverse, reverse over
 * reverse through nesting). The typed-array tape holds plain numbers only; here every value, partial and
 * adjoint is a `Scalar`, so an enclosing call's numbers (a forward-mode dual carrying a tangent, another
 * tape's variable) flow through the recording and the sweep. `jvp(x => gradient(f, x), x, v)` is then a
 * Hessian-vector product: the dual's tangent rides along the values, the partials and the adjoints.
 *
 * Perturbations stay apart by core's nesting levels: a `NestedVar` belongs to the recording that made it;
 * a number of an older call (lower level) is a constant to this recording, a number of a newer call (a
 * derivative taken inside f) owns the operation and treats this variable as its constant. Values and
 * partials come from core's rule table through its generic functions; nothing here knows a formula.
 */
import {
  addTangents,
  type BinaryRule,
  binaryValue,
  type Comparison,
  compareValues,
  enterDifferentiation,
  leaveDifferentiation,
  nestingLevelOf,
  OperatorError,
  PerturbationError,
  type Real,
  type Scalar,
  strongZeroScale,
  type UnaryRule,
  unaryValue,
} from '@dualtape/core';

/** One recording on the nested tape: values, operands and partials as `Scalar`s, in recording order. */
export class NestedRecording {
  /** False once the call that opened it has returned. */
  open = true;
  /** Core's nesting level of this call. */
  readonly level: number;
  /** Each entry's value. */
  readonly values: Scalar[] = [];
  /** Each entry's first operand (an entry index), or -1 for an input. */
  readonly first: number[] = [];
  /** Each entry's second operand, or -1 where the operation had one variable operand. */
  readonly second: number[] = [];
  /** ∂value/∂first operand. */
  readonly firstPartials: Scalar[] = [];
  /** ∂value/∂second operand (0 where there is none). */
  readonly secondPartials: Scalar[] = [];

  /** Opens a recording for `purpose` (the call's name, for messages). Pair with `close`. */
  constructor(readonly purpose: string) {
    this.level = enterDifferentiation();
  }

  /** Ends the recording: its variables refuse to compute from now on. */
  close(): void {
    if (!this.open) return;
    this.open = false;
    leaveDifferentiation();
  }

  /** Records an input holding `value`. */
  input(value: Scalar): NestedVar {
    return this.push(value, -1, 0, -1, 0);
  }

  /** Records one entry and returns its variable. */
  push(value: Scalar, first: number, firstPartial: Scalar, second: number, secondPartial: Scalar): NestedVar {
    const index = this.values.length;
    this.values.push(value);
    this.first.push(first);
    this.second.push(second);
    this.firstPartials.push(firstPartial);
    this.secondPartials.push(secondPartial);
    return new NestedVar(index, this);
  }

  /**
   * The adjoints of the first `inputs` entries after one sweep back from entry `output` (seed 1), in
   * `Scalar` arithmetic: one loop over the entries in reverse, no recursion.
   */
  sweep(output: number, inputs: number): Scalar[] {
    const adjoints: Scalar[] = new Array<Scalar>(Math.max(output + 1, inputs)).fill(0);
    adjoints[output] = 1;
    for (let k = output; k >= 0; k--) {
      const seed = adjoints[k]!;
      if (seed === 0) continue;
      const first = this.first[k]!;
      if (first < 0) continue;
      adjoints[first] = addTangents(adjoints[first]!, strongZeroScale(this.firstPartials[k]!, seed));
      const second = this.second[k]!;
      if (second >= 0) {
        adjoints[second] = addTangents(adjoints[second]!, strongZeroScale(this.secondPartials[k]!, seed));
      }
    }
    return adjoints.slice(0, inputs);
  }
}

/**
 * A variable of the nested tape (see the module comment): created by reverse mode's calls when they run
 * inside another differentiation call, valid while that call runs.
 */
export class NestedVar implements Real {
  declare readonly index: number;
  declare readonly recording: NestedRecording;

  /** Internal: created by reverse mode's nested calls, never by hand. */
  constructor(index: number, recording: NestedRecording) {
    this.index = index;
    this.recording = recording;
  }

  /** Core's nesting level of the call that recorded it. */
  get nestingLevel(): number {
    return this.recording.level;
  }

  /** The value one layer down: a plain number, or an enclosing call's number. */
  get value(): Scalar {
    return this.recording.values[this.index]!;
  }

  /** The plain value underneath every layer. */
  get primal(): number {
    const value = this.checked('primal').value;
    return typeof value === 'number' ? value : value.primal;
  }

  apply1(rule: UnaryRule): this {
    const recording = this.checked(rule.name).recording;
    const x = this.value;
    const y = unaryValue(rule, x);
    return recording.push(y, this.index, rule.d(x, y), -1, 0) as this;
  }

  apply2(rule: BinaryRule, other: Scalar, thisIsSecond: boolean): this {
    const recording = this.checked(rule.name).recording;
    if (other instanceof NestedVar && other.recording === recording) {
      const first = thisIsSecond ? other : this;
      const second = thisIsSecond ? this : other;
      const a = first.value;
      const b = second.value;
      const y = binaryValue(rule, a, b);
      return recording.push(y, first.index, rule.da(a, b, y), second.index, rule.db(a, b, y)) as this;
    }
    if (typeof other !== 'number') {
      if (other instanceof NestedVar && !other.recording.open) throw escapedVariable(rule.name, other);
      // A newer call's number owns the operation and carries this variable as its constant.
      if (nestingLevelOf(other) > recording.level) return other.apply2(rule, this, !thisIsSecond) as this;
    }
    // `other` is a constant for this recording (a number, or an enclosing call's number).
    const x = this.value;
    const a = thisIsSecond ? other : x;
    const b = thisIsSecond ? x : other;
    const y = binaryValue(rule, a, b);
    return recording.push(y, this.index, thisIsSecond ? rule.db(a, b, y) : rule.da(a, b, y), -1, 0) as this;
  }

  compare(comparison: Comparison, other: Scalar, thisIsSecond: boolean): boolean {
    const recording = this.checked(comparison).recording;
    let theirs: Scalar = other;
    if (other instanceof NestedVar && other.recording === recording) theirs = other.value;
    else if (typeof other !== 'number' && nestingLevelOf(other) > recording.level) {
      return other.compare(comparison, this, !thisIsSecond);
    }
    const mine = this.value;
    return thisIsSecond ? compareValues(comparison, theirs, mine) : compareValues(comparison, mine, theirs);
  }

  /** Refuses implicit conversion: a JavaScript operator would drop the derivative. */
  valueOf(): never {
    throw new OperatorError(
      'a reverse-mode variable of a nested call was used with a JavaScript operator (+, -, *, /, <, ...), ' +
        'which would drop its derivative; use core functions (add, mul, lt, ...) instead',
    );
  }

  /** For printing. */
  toString(): string {
    return `NestedVar(${String(this.value)} @${this.index})`;
  }

  private checked(operation: string): this {
    if (!this.recording.open) throw escapedVariable(operation, this);
    return this;
  }
}

function escapedVariable(operation: string, variable: NestedVar): PerturbationError {
  return new PerturbationError(
    `${operation}: a reverse-mode variable of a nested ${variable.recording.purpose} call was used after ` +
      'that call had finished; variables are valid only inside the function being differentiated',
  );
}
