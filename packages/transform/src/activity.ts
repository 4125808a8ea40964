/**
 * Activity analysis, as source transformers do it (Tapenade's "varied" and "useful"): a variable is
 * *varied* when its value depends on the input x, *useful* when the output depends on it, and *active* when
 * both — only active variables get tangents and adjoints; everything else is left as the plain code it was
 * (loop counters, data, sizes). The analysis is flow-insensitive per variable (a variable is varied if any
 * assignment makes it so), which is conservative and cheap. Arrays are references: array variables copied
 * into each other share one alias class and its activity.
 *
 * It also refuses what has no derivative: an operation without a rule (`%`, `Math.floor`, ...) applied to a
 * varied value, an index or an array length that depends on x, a write into x or into passed-in data.
 */
import { TransformError } from './errors.js';
import {
  type Expression,
  expressionOperands,
  type FunctionIR,
  forEachStatement,
  type Operand,
  type Origin,
  type Statement,
  type Variable,
} from './ir.js';

/** The analysis of one (inlined) function. */
export interface Activity {
  /** Depends on x (by variable id). */
  readonly varied: Uint8Array;
  /** The output depends on it (by variable id). */
  readonly useful: Uint8Array;
  /** Varied and useful: gets a tangent and an adjoint. */
  isActive(variable: Variable): boolean;
  isVaried(variable: Variable): boolean;
  /** The alias class of an array variable (the id of its representative). */
  aliasOf(variable: Variable): number;
}

/** Analyses `fn` (calls already inlined) and validates what has no derivative. */
export function analyseActivity(fn: FunctionIR): Activity {
  const count = fn.variables.length;
  const parent = Int32Array.from({ length: count }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[ra] = rb;
  };
  const statements: Statement[] = [];
  forEachStatement(fn.body, (s) => statements.push(s));
  for (const s of statements) {
    if (
      s.kind === 'assign' &&
      s.target.type === 'array' &&
      s.expression.kind === 'copy' &&
      s.expression.operand.kind === 'variable'
    ) {
      union(s.target.id, s.expression.operand.variable.id);
    }
  }

  const varied = new Uint8Array(count);
  const isVariedOperand = (o: Operand): boolean => o.kind === 'variable' && varied[find(o.variable.id)] === 1;
  for (const v of fn.variables) if (v.role === 'input') varied[find(v.id)] = 1;
  for (let changed = true; changed; ) {
    changed = false;
    const mark = (v: Variable): void => {
      const root = find(v.id);
      if (varied[root] === 0) {
        varied[root] = 1;
        changed = true;
      }
    };
    for (const s of statements) {
      if (s.kind === 'assign' && expressionIsVaried(s.expression, isVariedOperand)) mark(s.target);
      if ((s.kind === 'store' || s.kind === 'push') && isVariedOperand(s.value)) mark(s.array);
    }
  }
  // Per-variable view (aliases share their class's bit).
  const variedById = new Uint8Array(count);
  for (let i = 0; i < count; i++) variedById[i] = varied[find(i)]!;

  // Useful: backwards from the returned values, through the data dependences of varied values.
  const useful = new Uint8Array(count);
  const usefulOperand = (o: Operand): boolean => o.kind === 'variable' && useful[find(o.variable.id)] === 1;
  for (let changed = true; changed; ) {
    changed = false;
    const mark = (o: Operand | Variable): void => {
      const v = 'kind' in o ? (o.kind === 'variable' ? o.variable : undefined) : o;
      if (v === undefined) return;
      const root = find(v.id);
      if (useful[root] === 0) {
        useful[root] = 1;
        changed = true;
      }
    };
    for (const s of statements) {
      if (s.kind === 'return' && s.value !== undefined) mark(s.value);
      if (s.kind === 'assign' && usefulOperand({ kind: 'variable', variable: s.target })) {
        for (const o of differentiableOperands(s.expression)) mark(o);
      }
      if ((s.kind === 'store' || s.kind === 'push') && usefulOperand({ kind: 'variable', variable: s.array }))
        mark(s.value);
    }
  }
  const usefulById = new Uint8Array(count);
  for (let i = 0; i < count; i++) usefulById[i] = useful[find(i)]!;

  const activity: Activity = {
    varied: variedById,
    useful: usefulById,
    isActive: (v) => variedById[v.id] === 1 && usefulById[v.id] === 1,
    isVaried: (v) => variedById[v.id] === 1,
    aliasOf: (v) => find(v.id),
  };
  validate(fn, statements, activity);
  return activity;
}

/** Whether an assignment of this expression makes its target depend on x. */
function expressionIsVaried(e: Expression, varied: (o: Operand) => boolean): boolean {
  switch (e.kind) {
    case 'operation':
      return e.operands.some(varied);
    case 'copy':
      return varied(e.operand);
    case 'load':
      return varied({ kind: 'variable', variable: e.array }) && e.array.type === 'array';
    case 'newArray':
      return varied(e.fill);
    case 'arrayOf':
      return e.elements.some(varied);
    case 'call':
      return e.operands.some(varied);
    // Booleans, sizes, rule-less operations and stopped values carry no derivative.
    case 'compare':
    case 'not':
    case 'truthy':
    case 'length':
    case 'passive':
    case 'stop':
      return false;
  }
}

/** The operands an assignment's derivative flows from. */
function differentiableOperands(e: Expression): readonly Operand[] {
  switch (e.kind) {
    case 'operation':
    case 'call':
      return e.operands;
    case 'copy':
      return [e.operand];
    case 'load':
      return [{ kind: 'variable', variable: e.array }];
    case 'newArray':
      return [e.fill];
    case 'arrayOf':
      return e.elements;
    default:
      return [];
  }
}

const PASSIVE_LABELS: Readonly<Record<string, string>> = {
  mod: 'the % operator',
  floor: 'Math.floor',
  ceil: 'Math.ceil',
  round: 'Math.round',
  trunc: 'Math.trunc',
  sign: 'Math.sign',
  fround: 'Math.fround',
  isInteger: 'Number.isInteger',
};

function fail(reason: string, origin: Origin): never {
  throw new TransformError(reason, origin.position, origin.source, origin.functionName);
}

function validate(fn: FunctionIR, statements: readonly Statement[], activity: Activity): void {
  const varied = (o: Operand): boolean => o.kind === 'variable' && activity.isVaried(o.variable);
  const readOnlyClasses = new Set<number>();
  for (const v of fn.variables) {
    if (v.role === 'input' || v.role === 'data' || v.role === 'bound')
      readOnlyClasses.add(activity.aliasOf(v));
  }
  for (const s of statements) {
    if (s.kind === 'assign') {
      const e = s.expression;
      if (
        e.kind === 'passive' &&
        e.operator !== 'isNaN' &&
        e.operator !== 'isFinite' &&
        e.operands.some(varied)
      ) {
        const what = PASSIVE_LABELS[e.operator] ?? e.operator;
        fail(
          `${what} of a value that depends on x has no derivative rule in dualtape's table (it is piecewise constant, or jumps); ` +
            'apply it to values that do not depend on x (loop counters, data), or wrap the argument in primal(...) if a zero derivative is meant',
          s.origin,
        );
      }
      if (e.kind === 'load' && varied(e.index)) {
        fail(
          'an array index that depends on x has no derivative; indices must come from counters and data',
          s.origin,
        );
      }
      if (e.kind === 'newArray' && varied(e.length)) {
        fail(
          'an array length that depends on x is not supported; sizes must come from counters and data',
          s.origin,
        );
      }
    }
    if ((s.kind === 'store' || s.kind === 'push') && readOnlyClasses.has(activity.aliasOf(s.array))) {
      fail(
        'this writes into the input x or into passed-in data: the transform does not write into its arguments; copy into a local array first',
        s.origin,
      );
    }
    if (s.kind === 'store' && varied(s.index)) {
      fail(
        'an array index that depends on x has no derivative; indices must come from counters and data',
        s.origin,
      );
    }
  }
}

/**
 * The array variables that are x itself (x, and references copied from it), or undefined when some variable
 * sharing x's alias class can also hold another array: block-seeded code reads x's lanes from the block, which
 * is right only for reads of x.
 */
export function inputAliases(fn: FunctionIR, activity: Activity): Set<Variable> | undefined {
  const input = fn.parameters[0]!;
  const inputClass = activity.aliasOf(input);
  const members = new Set(
    fn.variables.filter((v) => v.type === 'array' && activity.aliasOf(v) === inputClass),
  );
  let pure = true;
  forEachStatement(fn.body, (s) => {
    if (s.kind !== 'assign' || !members.has(s.target)) return;
    const e = s.expression;
    if (e.kind !== 'copy' || e.operand.kind !== 'variable' || !members.has(e.operand.variable)) pure = false;
  });
  return pure ? members : undefined;
}

/**
 * Whether a value read from x (through any operation, stopped or not, and through local arrays) can decide
 * which statements run or which element is read or written: an `if` test (loop tests are ifs), an index, a
 * new array's length; a function with a `throw` statement counts as steered too. Where none can, a non-finite entry of x changes numbers only, never the path through
 * the code, so the fast tangent and adjoint code may note bad reads of x in a sum and leave the DomainError
 * to the exact code it then reruns, whose checks stop at the first bad read (emit/adjoint.ts, emit/tangent.ts).
 */
export function inputSteersControl(
  fn: FunctionIR,
  activity: Activity,
  aliases: ReadonlySet<Variable>,
): boolean {
  // A throw the source makes would pre-empt the exact code's DomainError: count it as steering.
  let throws = false;
  forEachStatement(fn.body, (s) => {
    if (s.kind === 'throw') throws = true;
  });
  if (throws) return true;
  // Arrays are tainted by alias class (a store through one reference taints every reference to it).
  const tainted = new Set<Variable | number>();
  const key = (v: Variable) => (v.type === 'array' ? activity.aliasOf(v) : v);
  const reads = (o: Operand) => o.kind === 'variable' && tainted.has(key(o.variable));
  const taint = (v: Variable): boolean => {
    if (tainted.has(key(v))) return false;
    tainted.add(key(v));
    return true;
  };
  for (let changed = true; changed; ) {
    changed = false;
    forEachStatement(fn.body, (s) => {
      if (s.kind === 'assign') {
        const e = s.expression;
        const fromInput = e.kind === 'load' && aliases.has(e.array);
        if ((fromInput || expressionOperands(e).some(reads)) && taint(s.target)) changed = true;
      } else if ((s.kind === 'store' || s.kind === 'push') && reads(s.value) && taint(s.array)) {
        changed = true;
      }
    });
  }
  let steers = false;
  forEachStatement(fn.body, (s) => {
    if (s.kind === 'if' && reads(s.test)) steers = true;
    if (s.kind === 'store' && reads(s.index)) steers = true;
    if (s.kind !== 'assign') return;
    const e = s.expression;
    if (e.kind === 'load' && reads(e.index)) steers = true;
    if (e.kind === 'newArray' && reads(e.length)) steers = true;
  });
  return steers;
}
