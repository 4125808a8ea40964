/**
 * `Var`: reverse mode's number type. It implements core's `Real` by recording each operation on the
 * tape of the session that created it: the rule's value and its partials, evaluated on plain numbers at
 * record time (core's rule table; no derivative formula lives here). A `Var` is its value and its entry
 * index; everything else is on the tape.
 */
import {
  type BinaryRule,
  type Comparison,
  comparePrimals,
  OperatorError,
  PerturbationError,
  type Real,
  RULES,
  type Scalar,
  type UnaryRule,
} from '@dualtape/core';
import { currentSession, type Session } from './internal/tape/session.js';
import {
  COMPARISON,
  COMPARISON_KINDS,
  CONSTANT_FIRST,
  CONSTANT_SECOND,
  PRIMAL_READ,
  type Tape,
} from './tape.js';

const COMPARISON_CODE: Readonly<Record<Comparison, number>> = Object.fromEntries(
  COMPARISON_KINDS.map((kind, index) => [kind, index]),
) as Record<Comparison, number>;

/**
 * A reverse-mode variable: a value recorded on a tape. Created by reverse mode's differentiation calls
 * (never by hand) and valid only while that call runs: using it afterwards, or mixing it with another
 * call's variables, throws `PerturbationError`. JavaScript's own operators do not work on it (they would
 * drop the derivative): compute with core's free functions (`add`, `mul`, `lt`, ...).
 */
export class Var implements Real {
  // `declare`d, not plain class fields: those would be emitted as definitions to undefined before the
  // constructor's assignments, extra work on every operation. The value is not a field either: it is on
  // the tape (a double field would cost a boxed number per operation in V8).
  /** The tape entry that computed it. */
  declare readonly index: number;
  /** The recording it belongs to. */
  declare readonly session: Session;

  /** Internal: `Var`s are created by reverse mode's calls, never by hand. */
  constructor(index: number, session: Session) {
    this.index = index;
    this.session = session;
  }

  /** Core's nesting level of the call that recorded it. */
  get nestingLevel(): number {
    return this.session.level;
  }

  /**
   * The value, as a JavaScript number: a constant for the derivative (as `stopGradient`, but the number no
   * longer knows where it came from). Readable while the call that created the variable runs. While
   * `record` or `compileGradient` records, each read leaves a guard on the tape, so a replay where the
   * value read differs throws `ControlFlowError` instead of reusing a stale number.
   * @throws PerturbationError after that call has finished (its tape has been reused).
   */
  get primal(): number {
    const session = this.session;
    if (!session.open) throw foreignVariable('primal', this);
    const tape = session.tape!;
    const value = tape.values[this.index]!;
    if (session.replayable) tape.push(PRIMAL_READ, this.index, -1, 0, value, 0);
    return value;
  }

  /** Records a one-argument operation of the rule table. */
  apply1(rule: UnaryRule): this {
    const session = this.session;
    if (session !== currentSession) throw foreignVariable(rule.name, this);
    const tape = session.tape!;
    // The hottest rules get call sites of their own (see `recordUnary`).
    if (rule === SQUARE) return recordUnary(SQUARE, this, tape, session) as this;
    return recordUnary(rule, this, tape, session) as this;
  }

  /** Records a two-argument operation of the rule table; a plain-number operand is kept on the tape. */
  apply2(rule: BinaryRule, other: Scalar, thisIsSecond: boolean): this {
    const session = this.session;
    if (session !== currentSession) throw foreignVariable(rule.name, this);
    const tape = session.tape!;
    if (typeof other === 'number') {
      if (rule === MUL) return recordWithConstant(MUL, this, other, thisIsSecond, tape, session) as this;
      if (rule === SUB) return recordWithConstant(SUB, this, other, thisIsSecond, tape, session) as this;
      if (rule === ADD) return recordWithConstant(ADD, this, other, thisIsSecond, tape, session) as this;
      return recordWithConstant(rule, this, other, thisIsSecond, tape, session) as this;
    }
    // Another kind of number (a Dual of a derivative taken inside f) is the newer, outer structure: it
    // owns the operation and treats this Var as its constant, whichever side of the operation it is on.
    if (!(other instanceof Var)) return other.apply2(rule, this, !thisIsSecond) as unknown as this;
    const that = checkedOperand(rule.name, other, session);
    const first = thisIsSecond ? that : this;
    const second = thisIsSecond ? this : that;
    if (rule === ADD) return recordBinary(ADD, first, second, tape, session) as this;
    if (rule === MUL) return recordBinary(MUL, first, second, tape, session) as this;
    if (rule === SUB) return recordBinary(SUB, first, second, tape, session) as this;
    return recordBinary(rule, first, second, tape, session) as this;
  }

  /** Compares values and records the comparison, so a replay can tell when it would branch differently. */
  compare(comparison: Comparison, other: Scalar, thisIsSecond: boolean): boolean {
    const session = this.session;
    if (session !== currentSession) throw foreignVariable(comparison, this);
    let a: number;
    let b: number;
    let firstIndex: number;
    let secondIndex: number;
    const values = session.tape!.values;
    if (typeof other === 'number') {
      const value = values[this.index]!;
      a = thisIsSecond ? other : value;
      b = thisIsSecond ? value : other;
      firstIndex = thisIsSecond ? -1 : this.index;
      secondIndex = thisIsSecond ? this.index : -1;
    } else if (!(other instanceof Var)) {
      return other.compare(comparison, this, !thisIsSecond);
    } else {
      const that = checkedOperand(comparison, other, session);
      const first = thisIsSecond ? that : this;
      const second = thisIsSecond ? this : that;
      a = values[first.index]!;
      b = values[second.index]!;
      firstIndex = first.index;
      secondIndex = second.index;
    }
    const outcome = comparePrimals(comparison, a, b);
    const opcode = COMPARISON + 2 * COMPARISON_CODE[comparison] + (outcome ? 1 : 0);
    session.tape!.push(opcode, firstIndex, secondIndex, a, b, 0);
    return outcome;
  }

  /** Refuses implicit conversion: `x + y`, `x < y` on `Var`s would silently lose the derivative. */
  valueOf(): never {
    throw new OperatorError(
      `a reverse-mode ${describeVariable(this)} was used with a JavaScript operator (+, -, *, /, <, ...), ` +
        'which would drop its derivative; use core functions (add, mul, lt, ...) instead',
    );
  }

  /** For printing: the value (while its call runs) and the tape entry. */
  toString(): string {
    // Printing is no read: the value comes from the tape directly, leaving no guard.
    const { session, index } = this;
    return session.open ? `Var(${session.tape!.values[index]} @${index})` : `Var(@${index}, call finished)`;
  }
}

/**
 * The rules most operations of typical code use. A call site shared by every rule is megamorphic, so V8
 * calls a rule's value and partials without inlining them; passing one of these constant rules to the
 * small recorders below gives it call sites of its own (about 14% less time per operation, measured on
 * Rosenbrock). They are still the table's rules: nothing here knows a formula.
 */
const { add: ADD, sub: SUB, mul: MUL, square: SQUARE } = RULES;

function recordUnary(rule: UnaryRule, operand: Var, tape: Tape, session: Session): Var {
  const x = tape.values[operand.index]!;
  const y = rule.value(x);
  return new Var(tape.push(rule.code, operand.index, -1, rule.d(x, y) as number, 0, y), session);
}

function recordBinary(rule: BinaryRule, first: Var, second: Var, tape: Tape, session: Session): Var {
  const values = tape.values;
  const a = values[first.index]!;
  const b = values[second.index]!;
  const y = rule.value(a, b);
  const partialA = rule.da(a, b, y) as number;
  const partialB = rule.db(a, b, y) as number;
  return new Var(tape.push(rule.code, first.index, second.index, partialA, partialB, y), session);
}

/** A binary operation with one plain-number operand: only the variable's partial is evaluated. */
function recordWithConstant(
  rule: BinaryRule,
  variable: Var,
  constant: number,
  constantFirst: boolean,
  tape: Tape,
  session: Session,
): Var {
  const x = tape.values[variable.index]!;
  if (constantFirst) {
    const y = rule.value(constant, x);
    const partial = rule.db(constant, x, y) as number;
    return new Var(tape.push(CONSTANT_FIRST + rule.code, variable.index, -1, partial, constant, y), session);
  }
  const y = rule.value(x, constant);
  const partial = rule.da(x, constant, y) as number;
  return new Var(tape.push(CONSTANT_SECOND + rule.code, variable.index, -1, partial, constant, y), session);
}

function checkedOperand(operation: string, other: Var, session: Session): Var {
  if (other.session !== session) throw foreignVariable(operation, other);
  return other;
}

/** "Var (value v)" while its call runs, "Var #k" afterwards (its tape has been reused). */
function describeVariable(variable: Var): string {
  const { session } = variable;
  return session.open
    ? `Var (value ${session.tape!.values[variable.index]})`
    : `Var (entry #${variable.index})`;
}

/** The error for a `Var` used outside the recording it belongs to. */
export function foreignVariable(operation: string, variable: Var): PerturbationError {
  const { session } = variable;
  const what = `${operation}: a reverse-mode ${describeVariable(variable)}`;
  if (!session.open) {
    return new PerturbationError(
      `${what} was used after the ${session.purpose} call that created it had finished; ` +
        'Vars are valid only inside the function being differentiated',
    );
  }
  if (currentSession !== null && currentSession.tape === null) {
    return new PerturbationError(
      `${what} was used inside a ${currentSession.purpose} that must compute only from its own arguments; ` +
        'pass the variable in its state',
    );
  }
  return new PerturbationError(
    `${what} of an enclosing ${session.purpose} call was mixed with the variables of ` +
      `${currentSession === null ? 'no call' : `a ${currentSession.purpose} call`}; ` +
      'each call differentiates only its own inputs',
  );
}
