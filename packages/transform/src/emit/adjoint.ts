/**
 * Adjoint code (reverse mode by source transformation): one generated function runs a forward sweep — the
 * function itself, saving what its reverse needs — and then a reverse sweep that walks back over what ran,
 * accumulating adjoints (`v_b`, `a_b`) from core's rule table, as Tapenade writes its `_b` routines.
 *
 * The unit of reversal is the *segment*: a run of straight-line statements between control statements. The
 * forward sweep pushes the number of every segment it executes that has something to reverse (segments
 * that touch only counters and data push nothing), so the reverse sweep replays exactly the control flow
 * that happened — branches, loops with data-dependent trip counts, break, continue and early return — with
 * one switch over a control stack. Each segment's reverse is self-contained:
 * - the values it reads from before the segment and that may change later (loop counters, accumulators,
 *   reassigned array references) are pushed at its entry and popped back; variables assigned once outside
 *   loops, x and data are read where they are;
 * - values read from local arrays that are written again, lengths of arrays that grow, and fresh arrays are
 *   pushed where they are read or made (so nothing the reverse needs can have been overwritten);
 * - everything else the partials need is recomputed from those, statement by statement (activity and a
 *   backward needs analysis keep only what the partials, indices and arrays actually read; linear
 *   operations need no values at all);
 * - adjoints of variables that live within one segment are locals assigned by their first contribution;
 *   the others are accumulated and zeroed where the variable is overwritten.
 * The stacks are typed arrays (values as float64, segment numbers as int32) reused across calls and grown
 * geometrically; a stack of references holds arrays.
 *
 * Two flavours, as for tangent code: the fast one multiplies plainly; the exact one applies the NaN guard
 * and the strong-zero product, and runs when the fast gradient (or the value) comes out NaN.
 */
import {
  type Formula,
  formulaReads,
  nanGuarded,
  plainFormulaSource,
  RULES,
  type RuleName,
} from '@dualtape/core';
import { type Activity, inputAliases, inputSteersControl } from '../activity.js';
import type { Expression, FunctionIR, Operand, Origin, Statement, Variable } from '../ir.js';
import { expressionOperands, statementOperands } from '../ir.js';
import {
  CodeWriter,
  inputReadCheck,
  localsOf,
  messageCode,
  operandCode,
  plainExpressionCode,
  WARM_FLAG,
  WARM_UP,
} from './writer.js';

/** Generated adjoint code. */
export interface AdjointSource {
  /**
   * The body of `new Function('$rules', '$errors', '$strongZero', '$badInput', ...boundNames, body)`; it
   * returns `{ run, saved, release }`: `run(x, x_b, seed, ...data)` returns f(x) and adds seed·∂f/∂x into
   * `x_b` (for an array output `seed(m)` gives the m cotangents); `saved()` the last call's stack use.
   */
  readonly body: string;
  /** The adjoint function's own text (for `source.adjoint`). */
  readonly text: string;
  /** Segments the reverse sweep can replay. */
  readonly segments: number;
}

/** A straight-line statement of a segment (a `return` becomes `ret`: the value copied out). */
type SegmentStatement =
  | (Statement & { kind: 'assign' | 'store' | 'push' | 'throw' })
  | { readonly kind: 'ret'; readonly value: Operand; readonly origin: Origin };

interface Segment {
  readonly id: number;
  readonly statements: SegmentStatement[];
}

type Item =
  | { readonly kind: 'segment'; readonly segment: Segment }
  | {
      readonly kind: 'if';
      readonly test: Operand;
      readonly whenTrue: Item[];
      readonly whenFalse: Item[];
      readonly origin: Origin;
    }
  | {
      readonly kind: 'loop';
      readonly label: string;
      readonly body: Item[];
      readonly update: Item[];
      readonly origin: Origin;
    }
  | { readonly kind: 'block'; readonly label: string; readonly body: Item[]; readonly origin: Origin }
  | { readonly kind: 'break' | 'continue'; readonly label: string; readonly origin: Origin }
  | { readonly kind: 'exit'; readonly origin: Origin };

/** The segment structure of a statement list. */
function segmentsOf(statements: readonly Statement[], all: Segment[]): Item[] {
  const items: Item[] = [];
  let current: Segment | undefined;
  const open = (): Segment => {
    if (current === undefined) {
      current = { id: all.length + 1, statements: [] };
      all.push(current);
      items.push({ kind: 'segment', segment: current });
    }
    return current;
  };
  const close = () => {
    current = undefined;
  };
  for (const s of statements) {
    switch (s.kind) {
      case 'assign':
      case 'store':
      case 'push':
      case 'throw':
        open().statements.push(s);
        break;
      case 'return':
        open().statements.push({ kind: 'ret', value: s.value!, origin: s.origin });
        close();
        items.push({ kind: 'exit', origin: s.origin });
        break;
      case 'if':
        close();
        items.push({
          kind: 'if',
          test: s.test,
          whenTrue: segmentsOf(s.whenTrue, all),
          whenFalse: segmentsOf(s.whenFalse, all),
          origin: s.origin,
        });
        break;
      case 'loop':
        close();
        items.push({
          kind: 'loop',
          label: s.label,
          body: segmentsOf(s.body, all),
          update: segmentsOf(s.update, all),
          origin: s.origin,
        });
        break;
      case 'block':
        close();
        items.push({ kind: 'block', label: s.label, body: segmentsOf(s.body, all), origin: s.origin });
        break;
      case 'break':
      case 'continue':
        close();
        items.push({ kind: s.kind, label: s.label, origin: s.origin });
        break;
    }
  }
  return items;
}

/** Facts about the whole function the per-segment analysis reads. */
interface FunctionFacts {
  /** Assigned at most once, outside every loop (or an argument): its value never changes once set. */
  stable(v: Variable): boolean;
  /** An array some statement writes or grows after it is made (reads from it must be saved). */
  mutableArray(v: Variable): boolean;
  /** An array that grows (its length must be saved where it is read). */
  growingArray(v: Variable): boolean;
  /** Referenced by one segment only, written there before any read: its adjoint can be a local. */
  segmentLocal(v: Variable): boolean;
}

function functionFacts(
  fn: FunctionIR,
  segments: readonly Segment[],
  items: readonly Item[],
  activity: Activity,
): FunctionFacts {
  const count = fn.variables.length;
  const assignments = new Int32Array(count);
  const inLoop = new Uint8Array(count);
  const writtenClasses = new Set<number>();
  const grownClasses = new Set<number>();
  const markAssignments = (list: readonly Item[], loopDepth: number) => {
    for (const item of list) {
      if (item.kind === 'segment') {
        for (const s of item.segment.statements) {
          if (s.kind === 'assign') {
            assignments[s.target.id]!++;
            if (loopDepth > 0) inLoop[s.target.id] = 1;
          }
          if (s.kind === 'store') writtenClasses.add(activity.aliasOf(s.array));
          if (s.kind === 'push') {
            writtenClasses.add(activity.aliasOf(s.array));
            grownClasses.add(activity.aliasOf(s.array));
          }
        }
      } else if (item.kind === 'if') {
        markAssignments(item.whenTrue, loopDepth);
        markAssignments(item.whenFalse, loopDepth);
      } else if (item.kind === 'loop') {
        markAssignments(item.body, loopDepth + 1);
        markAssignments(item.update, loopDepth + 1);
      } else if (item.kind === 'block') {
        markAssignments(item.body, loopDepth);
      }
    }
  };
  markAssignments(items, 0);
  // Which segments reference each variable, and whether the first reference in its segment is a write.
  const segmentOf = new Int32Array(count).fill(-1);
  const shared = new Uint8Array(count);
  const readFirst = new Uint8Array(count);
  for (const segment of segments) {
    const seen = new Set<number>();
    const note = (v: Variable, write: boolean) => {
      if (segmentOf[v.id] === -1) segmentOf[v.id] = segment.id;
      else if (segmentOf[v.id] !== segment.id) shared[v.id] = 1;
      if (!seen.has(v.id)) {
        seen.add(v.id);
        if (!write) readFirst[v.id] = 1;
      }
    };
    for (const s of segment.statements) {
      for (const o of statementReads(s)) if (o.kind === 'variable') note(o.variable, false);
      if (s.kind === 'assign') note(s.target, true);
    }
  }
  return {
    stable: (v) =>
      v.role === 'input' ||
      v.role === 'data' ||
      v.role === 'bound' ||
      (assignments[v.id]! <= 1 && inLoop[v.id] === 0),
    mutableArray: (v) => writtenClasses.has(activity.aliasOf(v)),
    growingArray: (v) => grownClasses.has(activity.aliasOf(v)),
    segmentLocal: (v) =>
      v.type === 'number' && shared[v.id] === 0 && readFirst[v.id] === 0 && segmentOf[v.id] !== -1,
  };
}

/** Every operand a statement reads (array references included). */
function statementReads(s: SegmentStatement): Operand[] {
  return s.kind === 'ret' ? [s.value] : statementOperands(s);
}

const asVariable = (variable: Variable): Operand => ({ kind: 'variable', variable });

/** Writes the adjoint code of `fn` (calls inlined, continues normalized). */
export function adjointSource(fn: FunctionIR, activity: Activity, exact: boolean): AdjointSource {
  const segments: Segment[] = [];
  const items = segmentsOf(fn.body, segments);
  const facts = functionFacts(fn, segments, items, activity);
  const returnsArray = fn.returns === 'array';
  const active = (v: Variable) => activity.isActive(v);
  const activeOperand = (o: Operand): o is Operand & { kind: 'variable' } =>
    o.kind === 'variable' && active(o.variable);
  // Reads of x (and of references to it) are checked where f reads them; compile checks x whole instead
  // when its references can be mixed up with other arrays.
  const aliases = inputAliases(fn, activity);
  const readsInput = (array: Variable) => aliases?.has(array) ?? false;
  // Where no value read from x decides the path through the code, the fast code sums `v - v` over its reads
  // of x instead of testing each (NaN exactly when one was not finite): the sum joins the checksum, and the
  // exact code that then runs stops at the first bad read with the DomainError (about 10% of a Rosenbrock
  // gradient). Where x steers, a NaN could change the path (or never leave a loop), so each read is tested.
  const deferredChecks = !exact && aliases !== undefined && !inputSteersControl(fn, activity, aliases);
  const values = new Set<RuleName>();
  const errors = new Set<string>();
  const declared = new Set<string>();
  const scratch = new Set<string>();
  const valueName = (rule: RuleName) => {
    values.add(rule);
    return `$v_${rule}`;
  };
  const formulaValueName = (rule: { name: string }) => valueName(rule.name as RuleName);

  /** What the forward sweep saves inside a segment, and where. */
  type Save = { readonly index: number; readonly kind: 'value' | 'pointer' | 'pushIndex' };

  /** The per-segment plan: what is saved at entry and inside, what is recomputed, the names of values. */
  interface Plan {
    readonly recorded: boolean;
    readonly entryValues: Variable[];
    readonly entryPointers: Variable[];
    readonly saves: Save[];
    /** The save of each statement that has one, by its index in the segment. */
    readonly saveAt: ReadonlyMap<number, Save>;
    readonly recompute: boolean[];
    /** Operand codes of each statement in the reverse sweep (versioned names). */
    readonly operandNames: ((o: Operand) => string)[];
    readonly arrayNames: ((v: Variable) => string)[];
    /** The name of each statement's result in the reverse sweep. */
    readonly resultNames: (string | undefined)[];
  }

  /** Whether a statement has an adjoint (changes some adjoint in the reverse sweep). */
  const hasAdjoint = (s: SegmentStatement): boolean => {
    switch (s.kind) {
      case 'assign':
        return active(s.target);
      case 'store':
      case 'push':
        return active(s.array);
      case 'ret':
        return activeOperand(s.value);
      case 'throw':
        return false;
    }
  };

  const hasAdjointSegment = (segment: Segment) => segment.statements.some(hasAdjoint);

  /** Whether the forward sweep saves this statement's result instead of the reverse recomputing it. */
  const savedResult = (s: SegmentStatement): 'value' | 'pointer' | undefined => {
    if (s.kind !== 'assign') return undefined;
    const e = s.expression;
    if (e.kind === 'load' && e.array.type === 'array' && facts.mutableArray(e.array)) return 'value';
    if (e.kind === 'length' && facts.growingArray(e.array)) return 'value';
    if (e.kind === 'newArray' || e.kind === 'arrayOf') return 'pointer';
    return undefined;
  };

  /** Values the adjoint of a statement reads (before it runs), and whether it reads its own result. */
  const adjointReads = (s: SegmentStatement): { operands: Operand[]; result: boolean } => {
    if (!hasAdjoint(s)) return { operands: [], result: false };
    if (s.kind === 'store') return { operands: [s.index, asVariable(s.array)], result: false };
    if (s.kind === 'push') return { operands: [asVariable(s.array)], result: false };
    if (s.kind !== 'assign') return { operands: [], result: false };
    const e = s.expression;
    switch (e.kind) {
      case 'operation': {
        const rule = RULES[e.rule];
        const operands: Operand[] = [];
        let result = false;
        e.operands.forEach((o, i) => {
          if (!activeOperand(o)) return;
          const reads = formulaReads(exact ? nanGuarded(rule.partials[i]!) : rule.partials[i]!);
          for (const j of reads.arguments) operands.push(e.operands[j]!);
          if (reads.result) result = true;
        });
        return { operands, result };
      }
      case 'load':
        return active(e.array)
          ? { operands: [e.index, asVariable(e.array)], result: false }
          : { operands: [], result: false };
      case 'newArray':
        return activeOperand(e.fill)
          ? { operands: [e.length], result: true }
          : { operands: [], result: false };
      case 'arrayOf':
        return e.elements.some(activeOperand)
          ? { operands: [], result: true }
          : { operands: [], result: false };
      default:
        return { operands: [], result: false };
    }
  };

  const compactLoops = exact
    ? new Map<Item, CompactLoop>()
    : findCompactLoops(items, hasAdjointSegment, segments.length);
  /** Variables the enclosing compact loop restores itself (its counters), by segment id. */
  const restoredBy = new Map<number, ReadonlySet<Variable>>();
  for (const loop of compactLoops.values())
    for (const id of loop.segmentIds) restoredBy.set(id, new Set(loop.induction.map((i) => i.variable)));

  const plans = new Map<number, Plan>();
  for (const segment of segments) {
    const statements = segment.statements;
    const recorded = statements.some(hasAdjoint);
    const recompute = statements.map(() => false);
    const wanted = new Set<Variable>();
    const want = (o: Operand) => {
      if (o.kind === 'variable') wanted.add(o.variable);
    };
    for (let k = statements.length - 1; k >= 0 && recorded; k--) {
      const s = statements[k]!;
      const reads = adjointReads(s);
      if (s.kind === 'assign') {
        const needed = wanted.has(s.target) || reads.result;
        wanted.delete(s.target);
        if (needed) {
          recompute[k] = true;
          if (savedResult(s) === undefined) for (const o of expressionOperands(s.expression)) want(o);
        }
      }
      if (s.kind === 'push' && hasAdjoint(s)) recompute[k] = true;
      for (const o of reads.operands) want(o);
    }
    const restored = restoredBy.get(segment.id);
    const exposed = [...wanted].filter((v) => !facts.stable(v) && !restored?.has(v));
    const entryValues = exposed.filter((v) => v.type === 'number' || v.type === 'boolean');
    const entryPointers = exposed.filter((v) => v.type === 'array' || v.type === 'data');
    const saves: Save[] = [];
    statements.forEach((s, k) => {
      if (!recompute[k]) return;
      const kind = s.kind === 'push' ? 'pushIndex' : savedResult(s);
      if (kind !== undefined) saves.push({ index: k, kind });
    });
    // Names in the reverse sweep: each redefinition of a variable inside the segment gets its own version.
    // A variable's versions are kept with the statement that defines each, and looked up by position.
    const versions = new Map<Variable, { at: number[]; names: string[] }>();
    const nameAt = (v: Variable, k: number): string => {
      const history = versions.get(v);
      if (history === undefined) return v.name;
      let [lo, hi] = [0, history.at.length];
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (history.at[mid]! < k) lo = mid + 1;
        else hi = mid;
      }
      return lo === 0 ? v.name : history.names[lo - 1]!;
    };
    const operandNames: ((o: Operand) => string)[] = [];
    const arrayNames: ((v: Variable) => string)[] = [];
    const resultNames: (string | undefined)[] = [];
    statements.forEach((s, k) => {
      operandNames.push((o) => (o.kind === 'variable' ? nameAt(o.variable, k) : operandCode(o)));
      arrayNames.push((v) => nameAt(v, k));
      if (s.kind === 'assign' && recompute[k]) {
        let history = versions.get(s.target);
        if (history === undefined) versions.set(s.target, (history = { at: [], names: [] }));
        const j = history.at.length + 1;
        const name = j === 1 && !wanted.has(s.target) ? s.target.name : `${s.target.name}$${j}`;
        history.at.push(k);
        history.names.push(name);
        resultNames.push(name);
        if (name !== s.target.name) {
          declared.add(name);
          if (s.target.type === 'array' && active(s.target)) declared.add(`${name}_b`);
        }
      } else {
        resultNames.push(undefined);
      }
    });
    plans.set(segment.id, {
      recorded,
      entryValues,
      entryPointers,
      saves,
      saveAt: new Map(saves.map((save) => [save.index, save])),
      recompute,
      operandNames,
      arrayNames,
      resultNames,
    });
  }

  // ---------------------------------------------------------------------------------------------------
  // The forward sweep.

  const out = new CodeWriter(fn.name);

  /** The adjoint array of an array created by `e` (same length; a plain array where it can grow). */
  const adjointArray = (e: Expression & { kind: 'newArray' | 'arrayOf' }, length: string) =>
    e.kind === 'arrayOf' || e.storage === 'plain'
      ? `new Array(${length}).fill(0)`
      : `new Float64Array(${length})`;

  const forwardStatement = (s: SegmentStatement, plan: Plan, k: number): void => {
    out.origin(s.origin);
    const save = plan.saveAt.get(k);
    switch (s.kind) {
      case 'assign': {
        const e = s.expression;
        const target = s.target.name;
        if (e.kind === 'newArray') {
          const [length, fill] = [operandCode(e.length), operandCode(e.fill)];
          const create =
            e.storage === 'plain'
              ? `new Array(${length}).fill(${fill})`
              : fill === '0'
                ? `new Float64Array(${length})`
                : `new Float64Array(${length}).fill(${fill})`;
          out.line(`${target} = ${create};`);
          if (active(s.target)) out.line(`${target}_b = ${adjointArray(e, length)};`);
        } else if (e.kind === 'arrayOf') {
          out.line(`${target} = [${e.elements.map(operandCode).join(', ')}];`);
          if (active(s.target)) out.line(`${target}_b = ${adjointArray(e, String(e.elements.length))};`);
        } else {
          out.line(`${target} = ${plainExpressionCode(e, valueName)};`);
          if (e.kind === 'copy' && s.target.type === 'array' && active(s.target)) {
            out.line(`${target}_b = ${activeOperand(e.operand) ? `${e.operand.variable.name}_b` : 'null'};`);
          }
          if (e.kind === 'load' && readsInput(e.array)) {
            out.line(inputReadCheck([target], operandCode(e.index), deferredChecks ? '$xc' : undefined));
          }
        }
        if (save?.kind === 'value') {
          out.line(`$V[$vsp++] = ${target};`);
        } else if (save?.kind === 'pointer') {
          out.line(`$O[$osp++] = ${target};${active(s.target) ? ` $O[$osp++] = ${target}_b;` : ''}`);
        }
        return;
      }
      case 'store':
        out.line(`${s.array.name}[${operandCode(s.index)}] = ${operandCode(s.value)};`);
        return;
      case 'push':
        if (save?.kind === 'pushIndex') {
          out.line(`$V[$vsp++] = ${s.array.name}.length;`);
        }
        out.line(`${s.array.name}.push(${operandCode(s.value)});`);
        if (active(s.array)) out.line(`${s.array.name}_b.push(0);`);
        return;
      case 'throw':
        errors.add(s.errorClass);
        out.line(`throw new $E_${s.errorClass}(${s.arguments.map(messageCode).join(', ')});`);
        return;
      case 'ret':
        out.line(`$ret = ${operandCode(s.value)};`);
        if (returnsArray)
          out.line(`$ret_b = ${activeOperand(s.value) ? `${s.value.variable.name}_b` : 'null'};`);
        return;
    }
  };

  /** The compact loop a segment belongs to, if any. */
  const loopOf = new Map<number, CompactLoop>();
  for (const loop of compactLoops.values()) for (const id of loop.segmentIds) loopOf.set(id, loop);

  const forwardSegment = (segment: Segment): void => {
    const plan = plans.get(segment.id)!;
    if (plan.recorded) {
      const valueSaves = plan.entryValues.length + plan.saves.filter((s) => s.kind !== 'pointer').length;
      out.origin(segment.statements[0]!.origin);
      const loop = loopOf.get(segment.id);
      if (loop === undefined) {
        out.line('if ($csp === $C.length) $C = $ctl = $grow($C, $csp + 1);');
        out.line(`$C[$csp++] = ${segment.id};`);
      } else if (loop.segmentIds[0] === segment.id) {
        out.line(`${loop.counter}++;`);
      }
      if (valueSaves > 0) {
        out.line(`if ($vsp + ${valueSaves} > $V.length) $V = $vals = $grow($V, $vsp + ${valueSaves});`);
        for (const v of plan.entryValues) out.line(`$V[$vsp++] = ${v.name};`);
      }
      for (const v of plan.entryPointers) {
        out.line(`$O[$osp++] = ${v.name};${active(v) ? ` $O[$osp++] = ${v.name}_b;` : ''}`);
      }
    }
    for (const [k, s] of segment.statements.entries()) forwardStatement(s, plan, k);
  };

  const forwardItems = (list: readonly Item[]): void => {
    for (const item of list) {
      switch (item.kind) {
        case 'segment':
          forwardSegment(item.segment);
          break;
        case 'if':
          out.origin(item.origin);
          if (item.whenFalse.length === 0) {
            out.block(`if (${operandCode(item.test)})`, () => forwardItems(item.whenTrue));
          } else {
            out.block(`if (${operandCode(item.test)})`, () => forwardItems(item.whenTrue), '} else {');
            out.indent(1);
            forwardItems(item.whenFalse);
            out.indent(-1);
            out.line('}');
          }
          break;
        case 'loop': {
          out.origin(item.origin);
          const compact = compactLoops.get(item);
          if (compact !== undefined) {
            scratch.add(compact.counter);
            out.line(`${compact.counter} = 0;`);
            for (const { variable } of compact.induction) {
              out.line(`if (!Number.isInteger(${variable.name})) $inexact = true;`);
            }
          }
          out.block(`${item.label}: for (;;)`, () => {
            forwardItems(item.body);
            forwardItems(item.update);
            out.line(`if ($w) break ${item.label};`);
          });
          if (compact !== undefined) {
            // Per run of the loop, on the control stack: its counters' final values and its iteration count
            // (int32s, so that the reverse loop steps small integers: a counter read back from the float64
            // stack sent V8's optimized code back to the interpreter), and its control entry. A value int32
            // cannot hold sends the caller to the exact code.
            const entries = compact.induction.length + 2;
            out.line(`if ($csp + ${entries} > $C.length) $C = $ctl = $grow($C, $csp + ${entries});`);
            for (const value of [...compact.induction.map(({ variable }) => variable.name), compact.counter])
              out.line(`$C[$csp] = ${value}; if ($C[$csp++] !== ${value}) $inexact = true;`);
            out.line(`$C[$csp++] = ${compact.id};`);
          }
          break;
        }
        case 'block':
          out.origin(item.origin);
          out.block(`${item.label}:`, () => forwardItems(item.body));
          break;
        case 'break':
        case 'continue':
          out.line(`${item.kind} ${item.label};`);
          break;
        case 'exit':
          out.line('break $forward;');
          break;
      }
    }
  };

  // ---------------------------------------------------------------------------------------------------
  // The reverse sweep: one case per recorded segment.

  const reverseSegment = (segment: Segment): void => {
    out.block(`case ${segment.id}:`, () => {
      reverseSegmentBody(segment);
      out.line('break;');
    });
  };

  /** The reverse of one run of a compact loop: its iterations backwards, counters stepped back by hand. */
  const reverseLoop = (loop: CompactLoop): void => {
    out.block(`case ${loop.id}:`, () => {
      out.origin(loop.origin);
      out.line(`${loop.counter} = $C[--$csp];`);
      for (let n = loop.induction.length - 1; n >= 0; n--)
        out.line(`${loop.induction[n]!.variable.name} = $C[--$csp];`);
      out.block(`for (; ${loop.counter} > 0; ${loop.counter}--)`, () => {
        for (const { variable, step } of loop.induction)
          out.line(`${variable.name} = ${variable.name} - ${numberCode(step)};`);
        for (let n = loop.segmentIds.length - 1; n >= 0; n--)
          reverseSegmentBody(segments[loop.segmentIds[n]! - 1]!);
      });
      out.line('break;');
    });
  };

  const reverseSegmentBody = (segment: Segment): void => {
    const plan = plans.get(segment.id)!;
    const statements = segment.statements;
    {
      // What the forward sweep pushed inside the segment, last first, then what it pushed at the entry.
      for (let n = plan.saves.length - 1; n >= 0; n--) {
        const { index, kind } = plan.saves[n]!;
        const s = statements[index]!;
        if (kind === 'pushIndex') {
          const name = `$i${index}`;
          scratch.add(name);
          out.line(`${name} = $V[--$vsp];`);
        } else if (kind === 'value') {
          out.line(`${plan.resultNames[index]} = $V[--$vsp];`);
        } else if (s.kind === 'assign') {
          const name = plan.resultNames[index]!;
          if (active(s.target)) out.line(`${name}_b = $O[--$osp]; $O[$osp] = undefined;`);
          out.line(`${name} = $O[--$osp]; $O[$osp] = undefined;`);
        }
      }
      for (let n = plan.entryPointers.length - 1; n >= 0; n--) {
        const v = plan.entryPointers[n]!;
        if (active(v)) out.line(`${v.name}_b = $O[--$osp]; $O[$osp] = undefined;`);
        out.line(`${v.name} = $O[--$osp]; $O[$osp] = undefined;`);
      }
      for (let n = plan.entryValues.length - 1; n >= 0; n--)
        out.line(`${plan.entryValues[n]!.name} = $V[--$vsp];`);
      // Recompute what the partials read.
      statements.forEach((s, k) => {
        if (!plan.recompute[k] || s.kind !== 'assign' || savedResult(s) !== undefined) return;
        const name = plan.resultNames[k]!;
        out.line(
          `${name} = ${plainExpressionCode(s.expression, valueName, plan.operandNames[k]!, plan.arrayNames[k]!)};`,
        );
        if (s.expression.kind === 'copy' && s.target.type === 'array' && active(s.target)) {
          const source = s.expression.operand;
          out.line(`${name}_b = ${activeOperand(source) ? `${plan.operandNames[k]!(source)}_b` : 'null'};`);
        }
      });
      // Adjoints, statement by statement backwards.
      const initialised = new Set<Variable>();
      const contribute = (v: Variable, code: string) => {
        if (facts.segmentLocal(v)) {
          if (initialised.has(v)) out.line(`${v.name}_b += ${code};`);
          else {
            out.line(`${v.name}_b = ${code};`);
            initialised.add(v);
          }
        } else {
          out.line(`${v.name}_b += ${code};`);
        }
      };
      for (let k = statements.length - 1; k >= 0; k--) {
        const s = statements[k]!;
        if (!hasAdjoint(s)) continue;
        out.origin(s.origin);
        reverseStatement(s, k, plan, contribute, initialised);
      }
    }
  };

  /** Σ contributions of one operation's result adjoint `bar` to its active operands. */
  const operationAdjoint = (
    s: SegmentStatement & { kind: 'assign' },
    e: Expression & { kind: 'operation' },
    k: number,
    plan: Plan,
    contribute: (v: Variable, code: string) => void,
    initialised: Set<Variable>,
  ) => {
    const target = s.target;
    const rule = RULES[e.rule];
    const names = plan.operandNames[k]!;
    const args = e.operands.map(names);
    const result = plan.resultNames[k] ?? target.name;
    const local = facts.segmentLocal(target);
    const readsTarget = e.operands.some((o) => o.kind === 'variable' && o.variable === target);
    const partials = e.operands.map((o, i) =>
      activeOperand(o) ? (exact ? nanGuarded(rule.partials[i]!) : rule.partials[i]!) : undefined,
    );
    // total = total + t: the adjoint of `total` passes through unchanged; only t's is added.
    const selfIndex = e.operands.findIndex((o) => o.kind === 'variable' && o.variable === target);
    const passesThrough =
      !exact &&
      !local &&
      selfIndex >= 0 &&
      e.operands.filter((o) => o.kind === 'variable' && o.variable === target).length === 1 &&
      partials[selfIndex]?.kind === 'constant' &&
      partials[selfIndex].value === 1;
    let bar: string;
    if (local) {
      if (!initialised.has(target)) return; // nothing reaches this value: its adjoint is 0
      initialised.delete(target);
      if (readsTarget) {
        scratch.add('$a');
        out.line(`$a = ${target.name}_b;`);
        bar = '$a';
      } else {
        bar = `${target.name}_b`;
      }
    } else if (passesThrough) {
      bar = `${target.name}_b`;
    } else if (readsTarget) {
      scratch.add('$a');
      out.line(`$a = ${target.name}_b; ${target.name}_b = 0;`);
      bar = '$a';
    } else {
      bar = `${target.name}_b`;
    }
    e.operands.forEach((o, i) => {
      const partial = partials[i];
      if (partial === undefined || o.kind !== 'variable' || (passesThrough && i === selfIndex)) return;
      contribute(o.variable, term(partial, plainFormulaSource(partial, args, result, formulaValueName), bar));
    });
    if (!local && !passesThrough && !readsTarget) out.line(`${target.name}_b = 0;`);
  };

  const term = (partial: Formula, code: string, bar: string): string => {
    if (exact) return `$sz(${code}, ${bar})`;
    if (partial.kind === 'constant' && partial.value === 1) return bar;
    if (partial.kind === 'constant' && partial.value === -1) return `-${bar}`;
    return `${code} * ${bar}`;
  };

  const reverseStatement = (
    s: SegmentStatement,
    k: number,
    plan: Plan,
    contribute: (v: Variable, code: string) => void,
    initialised: Set<Variable>,
  ): void => {
    const names = plan.operandNames[k]!;
    const arrays = plan.arrayNames[k]!;
    switch (s.kind) {
      case 'ret':
        if (s.value.kind === 'variable' && s.value.variable.type === 'number')
          contribute(s.value.variable, '$ret_b');
        return;
      case 'store': {
        const a = arrays(s.array);
        const slot = `${a}_b[${names(s.index)}]`;
        if (activeOperand(s.value)) {
          scratch.add('$a');
          out.line(`$a = ${slot}; ${slot} = 0;`);
          contribute(s.value.variable, '$a');
        } else {
          out.line(`${slot} = 0;`);
        }
        return;
      }
      case 'push': {
        const a = arrays(s.array);
        const slot = `${a}_b[$i${k}]`;
        if (activeOperand(s.value)) contribute(s.value.variable, slot);
        out.line(`${slot} = 0;`);
        return;
      }
      case 'throw':
        return;
      case 'assign':
        break;
    }
    const target = s.target;
    const e = s.expression;
    if (target.type === 'array') {
      // Arrays share their adjoint arrays by reference; a fresh array hands its elements' adjoints to its parts.
      const a = plan.resultNames[k] ?? target.name;
      if (e.kind === 'newArray' && activeOperand(e.fill)) {
        // Every element started as the fill value: its adjoint is the sum of theirs.
        scratch.add('$j');
        scratch.add('$a');
        out.line('$a = 0;');
        out.line(`for ($j = 0; $j < ${names(e.length)}; $j++) $a += ${a}_b[$j];`);
        contribute(e.fill.variable, '$a');
      } else if (e.kind === 'arrayOf') {
        e.elements.forEach((o, j) => {
          if (activeOperand(o)) contribute(o.variable, `${a}_b[${j}]`);
        });
      }
      return;
    }
    const local = facts.segmentLocal(target);
    const consume = (): string | undefined => {
      if (local) {
        if (!initialised.has(target)) return undefined;
        initialised.delete(target);
        return `${target.name}_b`;
      }
      return `${target.name}_b`;
    };
    switch (e.kind) {
      case 'operation':
        operationAdjoint(s, e, k, plan, contribute, initialised);
        return;
      case 'copy': {
        // `a = a` (also `a = +a`, `Math.min(a)`): the adjoint stays where it is.
        if (activeOperand(e.operand) && e.operand.variable === target) return;
        const bar = consume();
        if (bar === undefined) return;
        if (activeOperand(e.operand)) contribute(e.operand.variable, bar);
        if (!local) out.line(`${target.name}_b = 0;`);
        return;
      }
      case 'load': {
        const bar = consume();
        if (bar === undefined) return;
        if (active(e.array)) {
          // What reaches x_b is also summed into $check: a NaN there shows in one number, not a scan of x_b.
          const intoInput = activity.aliasOf(e.array) === activity.aliasOf(fn.parameters[0]!);
          out.line(
            `${arrays(e.array)}_b[${names(e.index)}] += ${bar};${intoInput ? ` $check += ${bar};` : ''}`,
          );
        }
        if (!local) out.line(`${target.name}_b = 0;`);
        return;
      }
      default: {
        // No derivative (a stopped value, a size, a rule-less operation): the old value's adjoint dies here.
        if (local) initialised.delete(target);
        else out.line(`${target.name}_b = 0;`);
      }
    }
  };

  // ---------------------------------------------------------------------------------------------------

  out.indent(1);
  out.line(WARM_FLAG);
  out.line(
    `let $V = $vals, $C = $ctl, $O = $objs, $vsp = 0, $csp = 0, $osp = 0, $check = 0${deferredChecks ? ', $xc = 0' : ''};`,
  );
  out.line('$inexact = false;');
  out.block('$forward:', () => forwardItems(items));
  out.line('$saved = 8 * $vsp + 4 * $csp + 8 * $osp;');
  if (compactLoops.size > 0)
    out.line('if ($inexact) return $ret; // a counter was not an integer: the caller reruns the exact code');
  if (returnsArray) {
    out.line('if ($ret_b !== null) {');
    out.line('  const $u = $seed($ret.length);');
    out.line('  for (let $m = 0; $m < $ret.length; $m++) $ret_b[$m] += $u[$m];');
    out.line('}');
  } else {
    out.line('$ret_b = $seed;');
  }
  out.block('while ($csp > 0)', () => {
    out.block('switch ($C[--$csp])', () => {
      for (const segment of segments)
        if (plans.get(segment.id)!.recorded && !loopOf.has(segment.id)) reverseSegment(segment);
      for (const loop of compactLoops.values()) reverseLoop(loop);
    });
  });
  out.line(deferredChecks ? '$checksum = $check + $xc;' : '$checksum = $check;');
  out.line('return $ret;');
  out.indent(-1);

  const input = fn.parameters[0]!;
  const parameters = fn.parameters.flatMap((p) =>
    p === input ? [p.name, `${p.name}_b`, '$seed'] : [p.name],
  );
  const locals = localsOf(fn.body, fn.variables);
  const adjoints = locals
    .filter(active)
    .map((v) => `${v.name}_b${v.type === 'number' && !facts.segmentLocal(v) ? ' = 0' : ''}`);
  const declarations = [
    ...locals.map((v) => v.name),
    ...adjoints,
    ...declared,
    '$ret',
    returnsArray ? '$ret_b = null' : '$ret_b = 0',
    ...scratch,
  ];
  const name = `${fn.name}_b`;
  const text = `function ${name}(${parameters.join(', ')}) {\n  let ${declarations.join(', ')};\n${out.toString()}\n}`;
  const prelude = [
    '"use strict";',
    ...(exact ? ['const $sz = $strongZero;'] : []),
    ...[...values].map((rule) => `const $v_${rule} = $rules.${rule}.value;`),
    ...[...errors].map((e) => `const $E_${e} = $errors.${e};`),
    'let $vals = new Float64Array(1024), $ctl = new Int32Array(1024), $objs = [], $saved = 0, $inexact = false, $checksum = 0;',
    WARM_UP,
    'function $grow(stack, least) { let n = stack.length * 2; while (n < least) n *= 2; const grown = new stack.constructor(n); grown.set(stack); return grown; }',
  ];
  const api =
    'return { run: ' +
    name +
    ', warm: (on) => { $warm = on; }, saved: () => $saved, inexact: () => $inexact, checksum: () => $checksum, capacity: () => 8 * $vals.length + 4 * $ctl.length + 8 * $objs.length,' +
    ' release: () => { $vals = new Float64Array(1024); $ctl = new Int32Array(1024); $objs = []; } };';
  return {
    body: `${prelude.join('\n')}\n${text}\n${api}`,
    text,
    segments: [...plans.values()].filter((p) => p.recorded).length,
  };
}

/** A loop whose every counted iteration runs the same recorded segments once, in order. */
interface CompactLoop {
  /** Its number on the control stack (after the segments' numbers). */
  readonly id: number;
  /** Its recorded segments, in order. */
  readonly segmentIds: readonly number[];
  /** Its counters: stepped by an integer constant in the update only, so the reverse steps them back exactly. */
  readonly induction: readonly { readonly variable: Variable; readonly step: number }[];
  /** The local counting its iterations. */
  readonly counter: string;
  readonly origin: Origin;
}

/**
 * Finds the loops whose reverse needs no control entry per iteration: every recorded segment sits at the top
 * of the body, after every way out of the loop (the lowered test `if (!test) break`), none in the update, and
 * nothing leaves the loop or skips to its next iteration after the first of them. Their forward sweep counts
 * iterations; their reverse replays the count with the segments in reverse order. Counters stepped by a
 * constant integer in the update (`i++`, `k -= 2`) are not saved per iteration: they are stepped back.
 */
function findCompactLoops(
  items: readonly Item[],
  recorded: (segment: Segment) => boolean,
  segmentCount: number,
): Map<Item, CompactLoop> {
  const found = new Map<Item, CompactLoop>();
  let nextId = segmentCount + 1;
  const nestedRecorded = (list: readonly Item[]): boolean =>
    list.some((item) => {
      switch (item.kind) {
        case 'segment':
          return recorded(item.segment);
        case 'if':
          return nestedRecorded(item.whenTrue) || nestedRecorded(item.whenFalse);
        case 'loop':
          return nestedRecorded(item.body) || nestedRecorded(item.update);
        case 'block':
          return nestedRecorded(item.body);
        default:
          return false;
      }
    });
  /** Jumps in `list` that leave it (labels not defined inside), and whether any is an exit. */
  const escapes = (
    list: readonly Item[],
    inner: Set<string>,
    onJump: (kind: string, label: string | undefined) => void,
  ): void => {
    for (const item of list) {
      switch (item.kind) {
        case 'break':
        case 'continue':
          if (!inner.has(item.label)) onJump(item.kind, item.label);
          break;
        case 'exit':
          onJump('exit', undefined);
          break;
        case 'if':
          escapes(item.whenTrue, inner, onJump);
          escapes(item.whenFalse, inner, onJump);
          break;
        case 'loop':
        case 'block': {
          const deeper = new Set(inner).add(item.label);
          escapes(item.kind === 'loop' ? [...item.body, ...item.update] : item.body, deeper, onJump);
          break;
        }
        default:
          break;
      }
    }
  };
  const assignedIn = (list: readonly Item[], into: Map<Variable, number>): void => {
    for (const item of list) {
      if (item.kind === 'segment') {
        for (const s of item.segment.statements)
          if (s.kind === 'assign') into.set(s.target, (into.get(s.target) ?? 0) + 1);
      } else if (item.kind === 'if') {
        assignedIn(item.whenTrue, into);
        assignedIn(item.whenFalse, into);
      } else if (item.kind === 'loop') {
        assignedIn(item.body, into);
        assignedIn(item.update, into);
      } else if (item.kind === 'block') {
        assignedIn(item.body, into);
      }
    }
  };
  const visit = (list: readonly Item[]): void => {
    for (const item of list) {
      if (item.kind === 'if') {
        visit(item.whenTrue);
        visit(item.whenFalse);
      } else if (item.kind === 'block') {
        visit(item.body);
      } else if (item.kind === 'loop') {
        visit(item.body);
        visit(item.update);
        const first = item.body.findIndex((i) => i.kind === 'segment' && recorded(i.segment));
        if (first < 0) continue;
        const top = item.body.slice(first);
        const deeper = [...item.body.slice(0, first), ...top.filter((i) => i.kind !== 'segment')];
        if (nestedRecorded(deeper) || nestedRecorded(item.update)) continue;
        let ok = true;
        escapes(item.body.slice(0, first), new Set(), (kind, label) => {
          if (kind !== 'break' || label !== item.label) ok = false;
        });
        escapes([...top, ...item.update], new Set(), () => {
          ok = false;
        });
        if (!ok) continue;
        // Counters: assigned once in the loop, in the update, as v = v ± integer.
        const counts = new Map<Variable, number>();
        assignedIn([...item.body, ...item.update], counts);
        const induction: { variable: Variable; step: number }[] = [];
        for (const u of item.update) {
          if (u.kind !== 'segment') continue;
          for (const s of u.segment.statements) {
            if (s.kind !== 'assign' || counts.get(s.target) !== 1 || s.target.type !== 'number') continue;
            const e = s.expression;
            if (e.kind !== 'operation' || (e.rule !== 'add' && e.rule !== 'sub')) continue;
            const [a, b] = e.operands;
            const self = (o: Operand | undefined) => o?.kind === 'variable' && o.variable === s.target;
            const constant = (o: Operand | undefined) =>
              o?.kind === 'number' && Number.isInteger(o.value) ? o.value : undefined;
            let step: number | undefined;
            if (self(a) && constant(b) !== undefined) step = e.rule === 'add' ? constant(b) : -constant(b)!;
            else if (e.rule === 'add' && self(b) && constant(a) !== undefined) step = constant(a);
            if (step !== undefined) induction.push({ variable: s.target, step });
          }
        }
        const segmentIds = top.flatMap((i) =>
          i.kind === 'segment' && recorded(i.segment) ? [i.segment.id] : [],
        );
        found.set(item, { id: nextId, segmentIds, induction, counter: `$n${nextId}`, origin: item.origin });
        nextId++;
      }
    }
  };
  visit(items);
  return found;
}

/** A number as code, parenthesized when negative. */
function numberCode(value: number): string {
  return value < 0 ? `(${value})` : String(value);
}
