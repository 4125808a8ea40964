/**
 * One optimization before code generation: a load repeated in straight-line code (`x[i] * x[i]` reads x[i]
 * twice, `1 - x[i]` a third time) is read once. Only loads from arrays nothing writes (x, passed-in data,
 * values from scope) into temporaries are merged, and only while neither the index nor the array variable
 * is assigned in between; the later temporary's uses are renamed to the earlier one. Generated code then
 * reads (and checks) each input once, and the adjoint adds into x_b[i] once instead of three times.
 */
import { type FunctionIR, mapExpression, type Operand, type Statement, type Variable } from './ir.js';

/** The function with repeated loads from read-only arrays merged. */
export function mergeRepeatedLoads(fn: FunctionIR): FunctionIR {
  const assignments = new Map<Variable, number>();
  const count = (statements: readonly Statement[]) => {
    for (const s of statements) {
      if (s.kind === 'assign') assignments.set(s.target, (assignments.get(s.target) ?? 0) + 1);
      if (s.kind === 'if') {
        count(s.whenTrue);
        count(s.whenFalse);
      } else if (s.kind === 'loop') {
        count(s.body);
        count(s.update);
      } else if (s.kind === 'block') {
        count(s.body);
      }
    }
  };
  count(fn.body);
  const single = (v: Variable) => v.role === 'temporary' && assignments.get(v) === 1;
  const readOnly = (v: Variable) => v.role === 'input' || v.role === 'data' || v.role === 'bound';
  const replaced = new Map<Variable, Variable>();

  const scan = (statements: readonly Statement[]): Statement[] => {
    const seen = new Map<string, { readonly index: Operand; readonly variable: Variable }>();
    const out: Statement[] = [];
    for (const s of statements) {
      if (s.kind === 'assign') {
        const e = s.expression;
        if (e.kind === 'load' && readOnly(e.array) && single(s.target)) {
          const index = rename(e.index, replaced);
          const key = `${e.array.id}:${operandKey(index)}`;
          const earlier = seen.get(key);
          if (earlier !== undefined) {
            replaced.set(s.target, earlier.variable);
            continue;
          }
          seen.set(key, { index, variable: s.target });
        }
        // An assignment to an index variable makes the loads that used it stale.
        for (const [key, entry] of seen) {
          if (entry.index.kind === 'variable' && entry.index.variable === s.target) seen.delete(key);
        }
        out.push(s);
        continue;
      }
      if (s.kind === 'if') {
        out.push({ ...s, whenTrue: scan(s.whenTrue), whenFalse: scan(s.whenFalse) });
        seen.clear();
      } else if (s.kind === 'loop') {
        out.push({ ...s, body: scan(s.body), update: scan(s.update) });
        seen.clear();
      } else if (s.kind === 'block') {
        out.push({ ...s, body: scan(s.body) });
        seen.clear();
      } else {
        out.push(s);
      }
    }
    return out;
  };
  const scanned = scan(fn.body);
  if (replaced.size === 0) return fn;
  return { ...fn, body: renameAll(scanned, replaced) };
}

function operandKey(o: Operand): string {
  switch (o.kind) {
    case 'variable':
      return `v${o.variable.id}`;
    case 'number':
      return `n${Object.is(o.value, -0) ? '-0' : o.value}`;
    case 'boolean':
      return `b${o.value}`;
  }
}

function rename(o: Operand, map: ReadonlyMap<Variable, Variable>): Operand {
  if (o.kind !== 'variable') return o;
  const to = map.get(o.variable);
  return to === undefined ? o : { kind: 'variable', variable: to };
}

function renameAll(statements: readonly Statement[], map: ReadonlyMap<Variable, Variable>): Statement[] {
  const r = (o: Operand) => rename(o, map);
  const v = (variable: Variable) => map.get(variable) ?? variable;
  return statements.map((s): Statement => {
    switch (s.kind) {
      case 'assign':
        return { ...s, expression: mapExpression(s.expression, r, v) };
      case 'store':
        return { ...s, index: r(s.index), value: r(s.value) };
      case 'push':
        return { ...s, value: r(s.value) };
      case 'if':
        return {
          ...s,
          test: r(s.test),
          whenTrue: renameAll(s.whenTrue, map),
          whenFalse: renameAll(s.whenFalse, map),
        };
      case 'loop':
        return { ...s, body: renameAll(s.body, map), update: renameAll(s.update, map) };
      case 'block':
        return { ...s, body: renameAll(s.body, map) };
      case 'return':
        return { ...s, value: s.value === undefined ? undefined : r(s.value) };
      case 'throw':
        return {
          ...s,
          arguments: s.arguments.map((parts) =>
            parts.map((p) => (p.kind === 'value' ? { kind: 'value', operand: r(p.operand) } : p)),
          ),
        };
      default:
        return s;
    }
  });
}
