/**
 * Tangent code (forward mode by source transformation): the function statement by statement, each active
 * statement followed or preceded by the statement that differentiates it, as Tapenade writes its `_d`
 * routines. An active number `v` gets `k` tangent lanes (`v_d` for one lane, `v_d0 … v_d{k-1}` for more), an
 * active array `a` a tangent array `a_d` of length `k·a.length` (lanes of element i at `i·k + lane`). Each
 * operation's partials come from core's rule table (`plainFormulaSource` of the row's formulas, under the NaN
 * guard) and meet the tangents through the strong-zero product, exactly as the dual numbers combine them; a
 * partial is computed once per operation and shared by the lanes. Plain numbers and typed arrays only: no
 * allocation per operation. Branches and loops are the function's own, so they follow the primal values.
 */
import { type Formula, nanGuarded, plainFormulaSource, RULES, type RuleName } from '@dualtape/core';
import type { Activity } from '../activity.js';
import type { Expression, FunctionIR, Operand, Statement, Variable } from '../ir.js';
import {
  COMPARISON_SYMBOLS,
  CodeWriter,
  emitLoop,
  localsOf,
  messageCode,
  operandCode,
  passiveCode,
} from './writer.js';

/** Generated tangent code. */
export interface TangentSource {
  /**
   * The body of `new Function('$rules', '$errors', '$strongZero', '$badInput', ...boundNames, body)`; it returns
   * `{ run, lanes, arrayTangent }`: `run(x, x_d, ...data)` returns f(x) and leaves the output's tangent
   * lanes in `lanes` (a scalar output) or `arrayTangent()` (an array output; null when it is passive).
   */
  readonly body: string;
  /** The tangent function's own text (for `source.tangent`). */
  readonly text: string;
}

/** The tangent function's name for `f`. */
export function tangentName(name: string, lanes: number): string {
  return lanes === 1 ? `${name}_d` : `${name}_d${lanes}`;
}

/**
 * Writes the tangent code of `fn` carrying `lanes` tangents per pass.
 * Entries of x are checked where f reads them (`$badInput(i)` throws, naming the entry); with
 * `checkDirection` the caller's tangent lanes of those entries too (a jacobian's own seeds need no check).
 *
 * Two flavours come from the same statements. The *exact* one applies every partial under the table's NaN
 * guard and through the strong-zero product, as the dual numbers do. The *fast* one (`exact: false`) multiplies
 * plainly and skips the guard: it gives the same numbers bit for bit whenever no output value or output tangent
 * is NaN (a NaN product or a NaN-valued operation reaches an output as NaN, since plain arithmetic propagates
 * it), so callers run the fast code and rerun the exact code only when an output is NaN.
 */
export function tangentSource(
  fn: FunctionIR,
  activity: Activity,
  lanes: number,
  exact = true,
  checkDirection = lanes === 1,
): TangentSource {
  const out = new CodeWriter(fn.name);
  const values = new Set<RuleName>();
  const errors = new Set<string>();
  const helpers = new Set<string>();
  const scratch = new Set<string>();
  const active = (v: Variable) => activity.isActive(v);
  const activeOperand = (o: Operand): o is Operand & { kind: 'variable' } =>
    o.kind === 'variable' && active(o.variable);
  const laneIndexes = Array.from({ length: lanes }, (_, j) => j);
  /** Tangent lane `j` of an active number. */
  const lane = (v: Variable, j: number) => (lanes === 1 ? `${v.name}_d` : `${v.name}_d${j}`);
  /** Tangent lane `j` of an operand (0 for constants and passive values). */
  const operandLane = (o: Operand, j: number) => (activeOperand(o) ? lane(o.variable, j) : '0');
  const valueName = (rule: { name: string }) => {
    values.add(rule.name as RuleName);
    return `$v_${rule.name}`;
  };
  const valueCode = (rule: RuleName, args: readonly string[]) => {
    const row = RULES[rule];
    if (row.operator !== undefined)
      return args.length === 1 ? `${row.operator}${args[0]}` : `${args[0]} ${row.operator} ${args[1]}`;
    return `${valueName(row)}(${args.join(', ')})`;
  };
  const strongZero = (partial: string, tangent: string) => {
    helpers.add('sz');
    return `$sz(${partial}, ${tangent})`;
  };
  /** `array_d[index·k + j]` for each lane. */
  const arrayLanes = (array: Variable, index: Operand): string[] => {
    if (lanes === 1) return [`${array.name}_d[${operandCode(index)}]`];
    if (index.kind === 'number') return laneIndexes.map((j) => `${array.name}_d[${index.value * lanes + j}]`);
    scratch.add('$k');
    out.line(`$k = ${operandCode(index)} * ${lanes};`);
    return laneIndexes.map((j) => `${array.name}_d[$k${j === 0 ? '' : ` + ${j}`}]`);
  };
  const setLanes = (target: Variable, codes: readonly string[]) => {
    if (lanes === 1) out.line(`${lane(target, 0)} = ${codes[0]};`);
    else out.line(laneIndexes.map((j) => `${lane(target, j)} = ${codes[j]};`).join(' '));
  };
  const zeroLanes = () => laneIndexes.map(() => '0');

  const operation = (target: Variable, e: Expression & { kind: 'operation' }) => {
    const args = e.operands.map(operandCode);
    const value = valueCode(e.rule, args);
    if (!active(target)) {
      out.line(`${target.name} = ${value};`);
      return;
    }
    const rule = RULES[e.rule];
    const differentiated = e.operands.map((o, i) => ({ o, i })).filter(({ o }) => activeOperand(o));
    const overwritesOperand = e.operands.some((o) => o.kind === 'variable' && o.variable === target);
    const result = overwritesOperand ? '$r' : target.name;
    if (overwritesOperand) scratch.add('$r');
    out.line(`${result} = ${value};`);
    if (differentiated.length === 0) {
      setLanes(target, zeroLanes());
    } else if (exact) {
      const partials = differentiated.map(({ i }) =>
        plainFormulaSource(nanGuarded(rule.partials[i]!), args, result, valueName),
      );
      if (lanes === 1) {
        const terms = differentiated.map(({ o }, n) => strongZero(partials[n]!, operandLane(o, 0)));
        setLanes(target, [terms.join(' + ')]);
      } else {
        const names = partials.map((partial, n) => {
          const name = `$p${n}`;
          scratch.add(name);
          out.line(`${name} = ${partial};`);
          return name;
        });
        setLanes(
          target,
          laneIndexes.map((j) =>
            differentiated.map(({ o }, n) => strongZero(names[n]!, operandLane(o, j))).join(' + '),
          ),
        );
      }
    } else {
      const formulas = differentiated.map(({ i }) => rule.partials[i]!);
      // A partial read by several lanes is computed once, unless it is a name or a literal already.
      const partials = formulas.map((formula, n) => {
        const code = plainFormulaSource(formula, args, result, valueName);
        if (lanes === 1 || (formula.kind !== 'apply' && formula.kind !== 'select')) return code;
        const name = `$p${n}`;
        scratch.add(name);
        out.line(`${name} = ${code};`);
        return name;
      });
      setLanes(
        target,
        laneIndexes.map((j) =>
          sumOfProducts(
            formulas,
            partials,
            differentiated.map(({ o }) => operandLane(o, j)),
          ),
        ),
      );
    }
    if (overwritesOperand) out.line(`${target.name} = $r;`);
  };

  const assign = (target: Variable, e: Expression) => {
    switch (e.kind) {
      case 'operation':
        operation(target, e);
        return;
      case 'copy':
        if (target.type === 'array') {
          out.line(`${target.name} = ${operandCode(e.operand)};`);
          if (active(target))
            out.line(
              `${target.name}_d = ${activeOperand(e.operand) ? `${e.operand.variable.name}_d` : 'null'};`,
            );
          return;
        }
        out.line(`${target.name} = ${operandCode(e.operand)};`);
        if (active(target))
          setLanes(
            target,
            laneIndexes.map((j) => operandLane(e.operand, j)),
          );
        return;
      case 'load': {
        out.line(`${target.name} = ${e.array.name}[${operandCode(e.index)}];`);
        const fromInput = e.array.role === 'input';
        if (!active(target)) {
          if (fromInput)
            out.line(`if (${target.name} - ${target.name} !== 0) $badInput(${operandCode(e.index)});`);
          return;
        }
        const laneCodes = active(e.array) ? arrayLanes(e.array, e.index) : zeroLanes();
        setLanes(target, laneCodes);
        if (fromInput) {
          // The entries of x (and of a caller's direction) f reads are checked where it reads them: finite
          // numbers, inside x. One test per read instead of a pass over all of x before the call.
          const checked = [target.name, ...(checkDirection ? laneIndexes.map((j) => lane(target, j)) : [])];
          out.line(
            `if (${checked.map((c) => `${c} - ${c} !== 0`).join(' || ')}) $badInput(${operandCode(e.index)});`,
          );
        }
        return;
      }
      case 'newArray': {
        const [length, fill] = [operandCode(e.length), operandCode(e.fill)];
        const create =
          e.storage === 'plain'
            ? `new Array(${length}).fill(${fill})`
            : fill === '0'
              ? `new Float64Array(${length})`
              : `new Float64Array(${length}).fill(${fill})`;
        out.line(`${target.name} = ${create};`);
        if (!active(target)) return;
        const size = lanes === 1 ? length : `${length} * ${lanes}`;
        out.line(
          `${target.name}_d = ${e.storage === 'plain' ? `new Array(${size}).fill(0)` : `new Float64Array(${size})`};`,
        );
        if (activeOperand(e.fill)) {
          scratch.add('$j');
          out.block(`for ($j = 0; $j < ${length}; $j++)`, () => {
            for (const j of laneIndexes) {
              out.line(
                `${target.name}_d[$j${lanes === 1 ? '' : ` * ${lanes} + ${j}`}] = ${operandLane(e.fill, j)};`,
              );
            }
          });
        }
        return;
      }
      case 'arrayOf':
        out.line(`${target.name} = [${e.elements.map(operandCode).join(', ')}];`);
        if (active(target)) {
          out.line(
            `${target.name}_d = [${e.elements.flatMap((o) => laneIndexes.map((j) => operandLane(o, j))).join(', ')}];`,
          );
        }
        return;
      case 'compare':
        out.line(
          `${target.name} = ${operandCode(e.left)} ${COMPARISON_SYMBOLS[e.comparison]} ${operandCode(e.right)};`,
        );
        return;
      case 'not':
        out.line(`${target.name} = !${operandCode(e.operand)};`);
        return;
      case 'truthy':
        out.line(`${target.name} = Boolean(${operandCode(e.operand)});`);
        return;
      case 'length':
        out.line(`${target.name} = ${e.array.name}.length;`);
        if (active(target)) setLanes(target, zeroLanes());
        return;
      case 'passive':
        out.line(`${target.name} = ${passiveCode(e.operator, e.operands.map(operandCode))};`);
        if (active(target)) setLanes(target, zeroLanes());
        return;
      case 'stop':
        out.line(`${target.name} = ${operandCode(e.operand)};`);
        if (active(target)) setLanes(target, zeroLanes());
        return;
      case 'call':
        throw new Error('tangent: calls are inlined before code generation');
    }
  };

  const statements = (list: readonly Statement[]): void => {
    for (const s of list) statement(s);
  };
  const statement = (s: Statement): void => {
    out.origin(s.origin);
    switch (s.kind) {
      case 'assign':
        assign(s.target, s.expression);
        return;
      case 'store': {
        out.line(`${s.array.name}[${operandCode(s.index)}] = ${operandCode(s.value)};`);
        if (!active(s.array)) return;
        const targets = arrayLanes(s.array, s.index);
        out.line(targets.map((t, j) => `${t} = ${operandLane(s.value, j)};`).join(' '));
        return;
      }
      case 'push':
        out.line(`${s.array.name}.push(${operandCode(s.value)});`);
        if (active(s.array))
          out.line(`${s.array.name}_d.push(${laneIndexes.map((j) => operandLane(s.value, j)).join(', ')});`);
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
        emitLoop(out, s, statements);
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
      case 'return': {
        const value = s.value!;
        if (fn.returns === 'array') {
          out.line(`$arrayTangent = ${activeOperand(value) ? `${value.variable.name}_d` : 'null'};`);
        } else {
          out.line(laneIndexes.map((j) => `$lanes[${j}] = ${operandLane(value, j)};`).join(' '));
        }
        out.line(`return ${operandCode(value)};`);
        return;
      }
      case 'throw':
        errors.add(s.errorClass);
        out.line(`throw new $E_${s.errorClass}(${s.arguments.map(messageCode).join(', ')});`);
        return;
    }
  };

  const name = tangentName(fn.name, lanes);
  const input = fn.parameters[0];
  const parameters = fn.parameters.flatMap((p) => (p === input ? [p.name, `${p.name}_d`] : [p.name]));
  const locals = localsOf(fn.body, fn.variables);
  out.indent(1);
  statements(fn.body);
  out.indent(-1);
  const declared = [
    ...locals.map((v) => v.name),
    ...locals
      .filter(active)
      .flatMap((v) => (v.type === 'array' ? [`${v.name}_d`] : laneIndexes.map((j) => lane(v, j)))),
    ...scratch,
  ];
  const declaration = declared.length > 0 ? `  let ${declared.join(', ')};\n` : '';
  const text = `function ${name}(${parameters.join(', ')}) {\n${declaration}${out.toString()}\n}`;
  const prelude = [
    '"use strict";',
    ...(helpers.has('sz') ? ['const $sz = $strongZero;'] : []),
    ...[...values].map((rule) => `const $v_${rule} = $rules.${rule}.value;`),
    ...[...errors].map((e) => `const $E_${e} = $errors.${e};`),
    `const $lanes = new Float64Array(${lanes});`,
    'let $arrayTangent = null;',
  ];
  return {
    body: `${prelude.join('\n')}\n${text}\nreturn { run: ${name}, lanes: $lanes, arrayTangent: () => $arrayTangent };`,
    text,
  };
}

/**
 * Σ partialᵢ · tangentᵢ in plain arithmetic, written as people write it: a partial that is the constant 1
 * adds its tangent, -1 subtracts it (both exact), other constants and expressions multiply.
 */
function sumOfProducts(
  formulas: readonly Formula[],
  partials: readonly string[],
  tangents: readonly string[],
): string {
  let code = '';
  formulas.forEach((formula, n) => {
    const tangent = tangents[n]!;
    const constant = formula.kind === 'constant' ? formula.value : undefined;
    if (constant === 1) code = code === '' ? tangent : `${code} + ${tangent}`;
    else if (constant === -1) code = code === '' ? `-${tangent}` : `${code} - ${tangent}`;
    else {
      const term = `${partials[n]} * ${tangent}`;
      code = code === '' ? term : `${code} + ${term}`;
    }
  });
  return code;
}
