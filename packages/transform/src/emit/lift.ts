/**
 * `lift`: the function printed back onto core's free functions, so that every overloading mode runs it
 * (Dual, ChunkDual, Var, record/replay, compileGradient, the complex step). What depends on x is computed
 * with `add`, `mul`, `sin`, ...; comparisons on such values become `lt`, `eq`, ... so a recorded tape notes
 * them and a replay that would branch differently refuses; local arrays that hold such values become plain
 * arrays (a Float64Array cannot hold a dual number). Everything else stays the plain JavaScript it was.
 */
import { RULES, type RuleName } from '@dualtape/core';
import type { Activity } from '../activity.js';
import {
  type Expression,
  expressionOperands,
  type FunctionIR,
  forEachStatement,
  type Operand,
  type Origin,
  type Statement,
  statementOperands,
  type Variable,
} from '../ir.js';
import {
  COMPARISON_SYMBOLS,
  CodeWriter,
  emitLoop,
  localsOf,
  messageCode,
  operandCode,
  passiveCode,
} from './writer.js';

/** Generated source of a lifted function and the names its factory binds. */
export interface LiftedSource {
  /** The body of `new Function('$core', '$rules', '$errors', ...boundNames, body)`; it returns the function. */
  readonly body: string;
  /** The function's own text (for `source.lift`). */
  readonly text: string;
  /**
   * Traced: the source statement of each `$here = k` marker, by k. The traced body returns
   * `[fn, () => $here]`: the lifted function, and the marker of the statement it last began (-1 before).
   */
  readonly origins: readonly Origin[];
}

/** Core's functions a lifted body may call, by the name it calls them (`$add`). */
export const LIFT_COMPARISONS = ['lt', 'le', 'gt', 'ge', 'eq', 'ne'] as const;

/**
 * Writes the lifted function; `traced`, it also notes in `$here` which source statement it begins (for
 * locating an anomaly: see compile.ts's `traceLift`).
 */
export function liftSource(fn: FunctionIR, activity: Activity, traced = false): LiftedSource {
  const out = new CodeWriter(fn.name);
  const origins: Origin[] = [];
  const used = new Set<string>();
  const values = new Set<RuleName>();
  const errors = new Set<string>();
  const varied = (o: Operand) => o.kind === 'variable' && activity.isVaried(o.variable);
  const stopsKeepingType = genericStops(fn, varied);
  const call = (name: string, args: readonly string[]) => {
    used.add(name);
    return `$${name}(${args.join(', ')})`;
  };
  const plainRule = (rule: RuleName, args: readonly string[]) => {
    const row = RULES[rule];
    if (row.operator !== undefined)
      return args.length === 1 ? `${row.operator}${args[0]}` : `${args[0]} ${row.operator} ${args[1]}`;
    values.add(rule);
    return `$v_${rule}(${args.join(', ')})`;
  };

  const expression = (e: Expression): string => {
    switch (e.kind) {
      case 'operation': {
        const args = e.operands.map(operandCode);
        return e.operands.some(varied) ? call(e.rule, args) : plainRule(e.rule, args);
      }
      case 'copy':
        return operandCode(e.operand);
      case 'compare': {
        const [a, b] = [operandCode(e.left), operandCode(e.right)];
        if (varied(e.left) || varied(e.right)) return call(e.comparison, [a, b]);
        return `${a} ${COMPARISON_SYMBOLS[e.comparison]} ${b}`;
      }
      case 'not':
        return `!${operandCode(e.operand)}`;
      case 'truthy': {
        const a = operandCode(e.operand);
        return varied(e.operand) ? `${call('ne', [a, '0'])} && ${call('eq', [a, a])}` : `Boolean(${a})`;
      }
      case 'load':
        return `${e.array.name}[${operandCode(e.index)}]`;
      case 'length':
        return `${e.array.name}.length`;
      case 'passive': {
        const args = e.operands.map(operandCode);
        if (e.operator === 'isNaN' && varied(e.operands[0]!)) return call('ne', [args[0]!, args[0]!]);
        if (e.operator === 'isFinite' && varied(e.operands[0]!)) {
          return `${call('lt', [args[0]!, 'Infinity'])} && ${call('gt', [args[0]!, '-Infinity'])}`;
        }
        return passiveCode(e.operator, args);
      }
      case 'stop':
        if (!varied(e.operand)) return operandCode(e.operand);
        return call(stopsKeepingType.has(currentTarget!) ? 'stopGradient' : 'primal', [
          operandCode(e.operand),
        ]);
      case 'newArray': {
        const [length, fill] = [operandCode(e.length), operandCode(e.fill)];
        if (activity.isVaried(currentTarget!) || e.storage === 'plain')
          return `new Array(${length}).fill(${fill})`;
        return fill === '0' ? `new Float64Array(${length})` : `new Float64Array(${length}).fill(${fill})`;
      }
      case 'arrayOf':
        return `[${e.elements.map(operandCode).join(', ')}]`;
      case 'call':
        throw new Error('lift: calls are inlined before code generation');
    }
  };
  let currentTarget: Parameters<Activity['isVaried']>[0] | undefined;

  const statements = (list: readonly Statement[]): void => {
    for (const s of list) statement(s);
  };
  const statement = (s: Statement): void => {
    out.origin(s.origin);
    if (traced) out.line(`$here = ${origins.push(s.origin) - 1};`);
    switch (s.kind) {
      case 'assign':
        currentTarget = s.target;
        out.line(`${s.target.name} = ${expression(s.expression)};`);
        return;
      case 'store':
        out.line(`${s.array.name}[${operandCode(s.index)}] = ${operandCode(s.value)};`);
        return;
      case 'push':
        out.line(`${s.array.name}.push(${operandCode(s.value)});`);
        return;
      case 'if':
        if (s.whenFalse.length === 0) {
          out.block(`if (${operandCode(s.test)})`, () => statements(s.whenTrue));
        } else {
          out.block(`if (${operandCode(s.test)})`, () => statements(s.whenTrue), '} else {');
          out.indent(1);
          statements(s.whenFalse);
          out.indent(-1);
          out.line('}');
        }
        return;
      case 'loop':
        emitLoop(out, s, statements, false);
        return;
      case 'block':
        out.block(`${s.label}:`, () => statements(s.body));
        return;
      case 'break':
        out.line(`break ${s.label};`);
        return;
      case 'continue':
        out.line(`continue ${s.label};`);
        return;
      case 'return':
        out.line(`return ${s.value === undefined ? 'undefined' : operandCode(s.value)};`);
        return;
      case 'throw':
        errors.add(s.errorClass);
        out.line(`throw new $E_${s.errorClass}(${s.arguments.map(messageCode).join(', ')});`);
        return;
    }
  };

  const parameters = fn.parameters.map((p) => p.name);
  const locals = localsOf(fn.body, fn.variables);
  out.indent(1);
  if (locals.length > 0) out.line(`let ${locals.map((v) => v.name).join(', ')};`);
  statements(fn.body);
  out.indent(-1);
  const text = `function ${fn.name}(${parameters.join(', ')}) {\n${out.toString()}\n}`;
  const prelude = [
    '"use strict";',
    ...[...used].map((name) => `const $${name} = $core.${name};`),
    ...[...values].map((rule) => `const $v_${rule} = $rules.${rule}.value;`),
    ...[...errors].map((name) => `const $E_${name} = $errors.${name};`),
  ];
  if (!traced) return { body: `${prelude.join('\n')}\nreturn ${text};`, text, origins };
  prelude.push('let $here = -1;');
  return { body: `${prelude.join('\n')}\nreturn [${text}, () => $here];`, text, origins };
}

/**
 * The stopped values (`primal(v)`, `stopGradient(v)` of what depends on x) the lift keeps as numbers of the
 * running mode, with `stopGradient`: a recording recomputes them on replay. Those are the ones read only by
 * operations and comparisons that also read something depending on x (printed with core's functions) or
 * returned. A stopped value that plain JavaScript reads (`Math.floor(primal(v))`, an index, a branch, a
 * Float64Array) becomes a plain number with core's `primal` instead; a replay then guards that read.
 */
function genericStops(fn: FunctionIR, varied: (o: Operand) => boolean): Set<Variable> {
  const stopped = new Set<Variable>();
  forEachStatement(fn.body, (s) => {
    if (s.kind === 'assign' && s.expression.kind === 'stop' && varied(s.expression.operand))
      stopped.add(s.target);
  });
  const plainlyRead = new Set<Variable>();
  forEachStatement(fn.body, (s) => {
    const generic =
      s.kind === 'return' ||
      (s.kind === 'assign' &&
        (s.expression.kind === 'operation' || s.expression.kind === 'compare') &&
        expressionOperands(s.expression).some(varied));
    if (generic) return;
    for (const o of statementOperands(s))
      if (o.kind === 'variable' && stopped.has(o.variable)) plainlyRead.add(o.variable);
  });
  return new Set([...stopped].filter((v) => !plainlyRead.has(v)));
}
