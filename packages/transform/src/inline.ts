/**
 * Inlining: the program's helper functions copied into the entry at each call, so every code generator
 * sees one function. A call `t = h(a, b)` becomes a labelled block that copies the arguments into h's
 * parameters (arrays by reference, as JavaScript passes them), runs h's statements with h's variables renamed
 * apart, and turns each `return v` into `t = v; break` (a final `return` needs no break). The program has no
 * recursion (the lowering refuses it), so this terminates; statements keep their origins, so generated code
 * still points at the helper's own lines.
 */
import {
  type Expression,
  type FunctionIR,
  type MessagePart,
  mapExpression,
  type Operand,
  type ProgramIR,
  type Statement,
  type Variable,
} from './ir.js';

/** The entry function with every call inlined. */
export function inlineProgram(program: ProgramIR): FunctionIR {
  const entry = program.functions.get(program.entry)!;
  const variables: Variable[] = [...entry.variables];
  const names = new Set(variables.map((v) => v.name));
  let labels = countLabels(program);

  const fresh = (original: Variable): Variable => {
    if (original.role === 'bound') {
      const existing = variables.find((v) => v.role === 'bound' && v.name === original.name);
      if (existing !== undefined) return existing;
    }
    const base = original.name;
    let name = base;
    for (let k = 2; names.has(name); k++) name = `${base}_${k}`;
    names.add(name);
    const variable: Variable = {
      id: variables.length,
      name,
      sourceName: original.sourceName,
      type: original.type,
      role: original.role === 'bound' ? 'bound' : original.role === 'temporary' ? 'temporary' : 'local',
    };
    variables.push(variable);
    return variable;
  };

  const rewrite = (
    statements: readonly Statement[],
    rename: (v: Variable) => Variable,
    relabel: (label: string) => string,
    onReturn: ((statement: Statement & { kind: 'return' }, last: boolean) => Statement[]) | undefined,
    topLevel: boolean,
  ): Statement[] => {
    const out: Statement[] = [];
    const operand = (o: Operand): Operand =>
      o.kind === 'variable' ? { kind: 'variable', variable: rename(o.variable) } : o;
    const expression = (e: Expression): Expression => mapExpression(e, operand, rename);
    statements.forEach((statement, index) => {
      const last = topLevel && index === statements.length - 1;
      switch (statement.kind) {
        case 'assign': {
          const { expression: e } = statement;
          if (e.kind === 'call') {
            out.push(
              ...expandCall(
                statement.target === undefined ? undefined : rename(statement.target),
                e.callee,
                e.operands.map(operand),
                statement,
              ),
            );
          } else {
            out.push({ ...statement, target: rename(statement.target), expression: expression(e) });
          }
          return;
        }
        case 'store':
          out.push({
            ...statement,
            array: rename(statement.array),
            index: operand(statement.index),
            value: operand(statement.value),
          });
          return;
        case 'push':
          out.push({ ...statement, array: rename(statement.array), value: operand(statement.value) });
          return;
        case 'if':
          out.push({
            ...statement,
            test: operand(statement.test),
            whenTrue: rewrite(statement.whenTrue, rename, relabel, onReturn, false),
            whenFalse: rewrite(statement.whenFalse, rename, relabel, onReturn, false),
          });
          return;
        case 'loop':
          out.push({
            ...statement,
            label: relabel(statement.label),
            body: rewrite(statement.body, rename, relabel, onReturn, false),
            update: rewrite(statement.update, rename, relabel, onReturn, false),
          });
          return;
        case 'block':
          out.push({
            ...statement,
            label: relabel(statement.label),
            body: rewrite(statement.body, rename, relabel, onReturn, false),
          });
          return;
        case 'break':
        case 'continue':
          out.push({ ...statement, label: relabel(statement.label) });
          return;
        case 'return': {
          const renamed = {
            ...statement,
            value: statement.value === undefined ? undefined : operand(statement.value),
          };
          out.push(...(onReturn === undefined ? [renamed] : onReturn(renamed, last)));
          return;
        }
        case 'throw':
          out.push({
            ...statement,
            arguments: statement.arguments.map((parts) =>
              parts.map(
                (part): MessagePart =>
                  part.kind === 'text' ? part : { kind: 'value', operand: operand(part.operand) },
              ),
            ),
          });
          return;
      }
    });
    return out;
  };

  const expandCall = (
    target: Variable | undefined,
    callee: string,
    args: readonly Operand[],
    call: Statement,
  ): Statement[] => {
    const fn = program.functions.get(callee)!;
    const map = new Map<Variable, Variable>();
    const rename = (v: Variable): Variable => {
      let renamed = map.get(v);
      if (renamed === undefined) {
        renamed = fresh(v);
        map.set(v, renamed);
      }
      return renamed;
    };
    const labelMap = new Map<string, string>();
    const relabel = (label: string): string => {
      let renamed = labelMap.get(label);
      if (renamed === undefined) {
        renamed = `L${++labels}`;
        labelMap.set(label, renamed);
      }
      return renamed;
    };
    const exit = `L${++labels}`;
    let needsExit = false;
    const prologue: Statement[] = fn.parameters.map((parameter, i) => ({
      kind: 'assign',
      target: rename(parameter),
      expression: { kind: 'copy', operand: args[i] ?? { kind: 'number', value: Number.NaN } },
      origin: call.origin,
    }));
    const body = rewrite(
      fn.body,
      rename,
      relabel,
      (statement, last) => {
        const result: Statement[] =
          target !== undefined && statement.value !== undefined
            ? [
                {
                  kind: 'assign',
                  target,
                  expression: { kind: 'copy', operand: statement.value },
                  origin: statement.origin,
                },
              ]
            : [];
        if (!last) {
          needsExit = true;
          result.push({ kind: 'break', label: exit, origin: statement.origin });
        }
        return result;
      },
      true,
    );
    const inlined = [...prologue, ...body];
    return needsExit ? [{ kind: 'block', label: exit, body: inlined, origin: call.origin }] : inlined;
  };

  const body = rewrite(
    entry.body,
    (v) => v,
    (label) => label,
    undefined,
    true,
  );
  return { ...entry, body, variables };
}

/** The highest loop/block label number in the program, so inlined labels stay unique. */
function countLabels(program: ProgramIR): number {
  let highest = 0;
  const visit = (statements: readonly Statement[]): void => {
    for (const s of statements) {
      if (s.kind === 'loop' || s.kind === 'block') {
        highest = Math.max(highest, Number(s.label.slice(1)) || 0);
        visit(s.kind === 'loop' ? [...s.body, ...s.update] : s.body);
      } else if (s.kind === 'if') {
        visit(s.whenTrue);
        visit(s.whenFalse);
      }
    }
  };
  for (const fn of program.functions.values()) visit(fn.body);
  return highest;
}
