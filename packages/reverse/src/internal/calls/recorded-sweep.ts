/**
 * The recorded sweep behind reverse-over-reverse (`hessian`, `hvp`): the backward sweep performed with
 * `Var` arithmetic on the open session's tape, so the gradient's components become tape entries that
 * ordinary sweeps can differentiate again. The partials are re-evaluated on `Var`s from the rule table
 * (the table's partials are generic for this reason); nothing here knows a derivative formula.
 */
import { add, type Scalar, strongZeroScale } from '@dualtape/core';
import { operationOfOpcode, type Tape } from '../../tape.js';
import { Var } from '../../var.js';
import type { Session } from '../tape/session.js';

/**
 * The backward sweep from `output`, performed with `Var` arithmetic on the open session's tape: returns
 * the gradient's components as `Var`s (or plain numbers where a component is constant).
 */
export function recordedSweep(tape: Tape, session: Session, inputCount: number, output: number): Scalar[] {
  // f's entries as Vars again (their values are still on the tape), made once each.
  const variables: (Var | undefined)[] = new Array(output + 1);
  const variableAt = (index: number): Var => (variables[index] ??= new Var(index, session));
  // At least one slot per input: the output may itself be an early input (f(x) = x0 with N = 2).
  const adjoints: Scalar[] = new Array<Scalar>(Math.max(output + 1, inputCount)).fill(0);
  adjoints[output] = 1;
  const accumulate = (index: number, contribution: Scalar): void => {
    if (contribution === 0) return;
    const sum = adjoints[index]!;
    adjoints[index] = sum === 0 ? contribution : add(sum, contribution);
  };

  for (let k = output; k >= 0; k--) {
    const seed = adjoints[k]!;
    if (seed === 0) continue;
    // Inputs, comparisons and guards are no operation: nothing flows further.
    const operation = operationOfOpcode(tape.opcodes[k]!);
    if (operation === undefined) continue;
    const { rule, layout } = operation;
    const first = tape.arg0[k]!;
    const result = variableAt(k);
    if (rule.arity === 1) {
      accumulate(first, strongZeroScale(rule.d(variableAt(first), result), seed));
    } else if (layout === 'variables') {
      const second = tape.arg1[k]!;
      const a = variableAt(first);
      const b = variableAt(second);
      accumulate(first, strongZeroScale(rule.da(a, b, result), seed));
      accumulate(second, strongZeroScale(rule.db(a, b, result), seed));
    } else if (layout === 'constantSecond') {
      accumulate(first, strongZeroScale(rule.da(variableAt(first), tape.partial1[k]!, result), seed));
    } else {
      accumulate(first, strongZeroScale(rule.db(tape.partial1[k]!, variableAt(first), result), seed));
    }
  }
  return adjoints.slice(0, inputCount);
}
