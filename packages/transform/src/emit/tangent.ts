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
import {
  type Formula,
  formulaReads,
  nanGuarded,
  plainFormulaSource,
  RULES,
  type RuleName,
} from '@dualtape/core';
import { type Activity, inputAliases, inputSteersControl } from '../activity.js';
import {
  type Expression,
  expressionOperands,
  type FunctionIR,
  type Operand,
  type Statement,
  type Variable,
} from '../ir.js';
import {
  COMPARISON_SYMBOLS,
  CodeWriter,
  emitLoop,
  inputReadCheck,
  localsOf,
  messageCode,
  operandCode,
  passiveCode,
  plainExpressionCode,
  WARM_FLAG,
  WARM_UP,
} from './writer.js';

/** Generated tangent code. */
export interface TangentSource {
  /**
   * The body of `new Function('$rules', '$errors', '$strongZero', '$badInput', ...boundNames, body)`; it returns
   * `{ run, lanes, arrayTangent, inputSum }`: `run(x, x_d, ...data)` returns f(x) and leaves the output's
   * tangent lanes in `lanes` (a scalar output) or `arrayTangent()` (an array output; null when it is
   * passive); `inputSum()` is NaN when a read of x (or v) was not finite and its test was deferred.
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
 * Entries of x are checked where f reads them (`$badInput(i)` throws, naming the entry), and in a jvp's
 * one-lane code the caller's direction at those entries too: a test fused into the loop that reads the entry
 * costs less than a pass over x (and v) before the call, which at N = 10^6 doubled a JVP's time. Where x's
 * references can be mixed up with other arrays, the caller checks x and v whole instead.
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
  block = false,
): TangentSource {
  // Block seeds (jacobian passes): lane j of input i is 1 where i = first + j, else 0, and most tangents in a
  // pass are zero. Each active number then carries a flag `v_z` (all its lanes are exactly 0), so operations on
  // zero tangents skip their lanes (what the chunked duals get by leaving unseeded inputs plain numbers).
  // The arrays that are x itself: their reads are checked where f reads them (when x's references cannot be
  // mixed up with other arrays; otherwise compile checks all of x before the call).
  const aliases = inputAliases(fn, activity);
  const sparse = block && !exact && aliases !== undefined;
  const readsInput = (array: Variable) => aliases?.has(array) ?? false;
  const checkDirection = lanes === 1 && !block;
  // As in the adjoint code: where no value read from x decides the path, the fast code sums `v - v` over
  // its reads of x (and of v) and the caller reruns the exact code, which tests each read, when it is NaN.
  const deferredChecks = !exact && aliases !== undefined && !inputSteersControl(fn, activity, aliases);
  const readCheck = (names: readonly string[], index: string): string =>
    inputReadCheck(names, index, deferredChecks ? '$xl' : undefined);
  /** In a split sparse run: the value of an index variable at its read, when the run assigns it later. */
  const capturedIndex = new Map<Expression, string>();
  const out = new CodeWriter(fn.name);
  const values = new Set<RuleName>();
  const errors = new Set<string>();
  const helpers = new Set<string>();
  const scratch = new Set<string>();
  const active = (v: Variable) => activity.isActive(v);
  const activeOperand = (o: Operand): o is Operand & { kind: 'variable' } =>
    o.kind === 'variable' && active(o.variable);
  const laneIndexes = Array.from({ length: lanes }, (_, j) => j);
  /** In sparse code, the flag saying all of a number's tangent lanes are 0. */
  const flag = (v: Variable) => `${v.name}_z`;
  /** Tangent lane `j` of an active number. */
  const lane = (v: Variable, j: number) => (lanes === 1 ? `${v.name}_d` : `${v.name}_d${j}`);
  /**
   * Tangent lane `j` of an operand (0 for constants and passive values). In sparse code the lanes of a
   * flagged (zero) tangent hold 0.
   */
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
  /** In sparse code: the target's lanes become 0, written only when they were not 0 already. */
  const zeroTarget = (target: Variable) => {
    out.line(
      `if (!${flag(target)}) { ${laneIndexes.map((j) => `${lane(target, j)} = $Z;`).join(' ')} ${flag(target)} = true; }`,
    );
  };
  const setLanes = (target: Variable, codes: readonly string[]) => {
    if (sparse && flagged.has(target)) {
      if (codes.every((c) => c === '0')) {
        zeroTarget(target);
        return;
      }
      out.line(`${flag(target)} = false;`);
    }
    if (lanes === 1) out.line(`${lane(target, 0)} = ${codes[0]};`);
    else out.line(laneIndexes.map((j) => `${lane(target, j)} = ${codes[j]};`).join(' '));
  };

  const zeroLanes = () => laneIndexes.map(() => '0');
  /** In a sparse run's tangent branch the primal statements have run already: only tangents are written. */
  let tangentPhase = false;
  const primal = (code: string) => {
    if (!tangentPhase) out.line(code);
  };

  /** The fast (plain-arithmetic) tangent lanes of an operation's target. */
  const fastLanes = (
    target: Variable,
    rule: (typeof RULES)[RuleName],
    differentiated: readonly { o: Operand; i: number }[],
    args: readonly string[],
    result: string,
  ) => {
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
  };

  const operation = (target: Variable, e: Expression & { kind: 'operation' }) => {
    const args = e.operands.map(operandCode);
    const value = valueCode(e.rule, args);
    if (!active(target)) {
      primal(`${target.name} = ${value};`);
      return;
    }
    const rule = RULES[e.rule];
    const differentiated = e.operands.map((o, i) => ({ o, i })).filter(({ o }) => activeOperand(o));
    const overwritesOperand =
      !tangentPhase && e.operands.some((o) => o.kind === 'variable' && o.variable === target);
    const result = overwritesOperand ? '$r' : target.name;
    if (overwritesOperand) scratch.add('$r');
    primal(`${result} = ${value};`);
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
      fastLanes(target, rule, differentiated, args, result);
    }
    if (overwritesOperand) primal(`${target.name} = $r;`);
  };

  const assign = (target: Variable, e: Expression) => {
    switch (e.kind) {
      case 'operation':
        operation(target, e);
        return;
      case 'copy':
        if (target.type === 'array') {
          primal(`${target.name} = ${operandCode(e.operand)};`);
          // A reference to x in block-seeded code: its lanes come from the block, there is no x_d.
          if (active(target) && !(sparse && readsInput(target)))
            out.line(
              `${target.name}_d = ${activeOperand(e.operand) ? `${e.operand.variable.name}_d` : 'null'};`,
            );
          return;
        }
        primal(`${target.name} = ${operandCode(e.operand)};`);
        if (active(target))
          setLanes(
            target,
            laneIndexes.map((j) => operandLane(e.operand, j)),
          );
        return;
      case 'load': {
        primal(`${target.name} = ${e.array.name}[${operandCode(e.index)}];`);
        const fromInput = readsInput(e.array);
        const index = capturedIndex.get(e) ?? operandCode(e.index);
        if (!active(target)) {
          if (readsInput(e.array)) primal(readCheck([target.name], operandCode(e.index)));
          return;
        }
        if (sparse && fromInput) {
          // Block seeds: x[i] carries lane i - first (a one-hot lane vector) when i is in this pass's block.
          primal(readCheck([target.name], operandCode(e.index)));
          scratch.add('$z');
          out.line(`$z = (${index} - $first) >>> 0;`);
          if (flagged.has(target)) out.line(`${flag(target)} = $z >= ${lanes};`);
          out.line(laneIndexes.map((j) => `${lane(target, j)} = $z === ${j} ? $O : $Z;`).join(' '));
          return;
        }
        const laneCodes = active(e.array) ? arrayLanes(e.array, e.index) : zeroLanes();
        setLanes(target, laneCodes);
        if (readsInput(e.array)) {
          const checked = [target.name, ...(checkDirection ? [lane(target, 0)] : [])];
          out.line(readCheck(checked, operandCode(e.index)));
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
        primal(`${target.name} = ${create};`);
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
        primal(`${target.name} = [${e.elements.map(operandCode).join(', ')}];`);
        if (active(target)) {
          out.line(
            `${target.name}_d = [${e.elements.flatMap((o) => laneIndexes.map((j) => operandLane(o, j))).join(', ')}];`,
          );
        }
        return;
      case 'compare':
        primal(
          `${target.name} = ${operandCode(e.left)} ${COMPARISON_SYMBOLS[e.comparison]} ${operandCode(e.right)};`,
        );
        return;
      case 'not':
        primal(`${target.name} = !${operandCode(e.operand)};`);
        return;
      case 'truthy':
        primal(`${target.name} = Boolean(${operandCode(e.operand)});`);
        return;
      case 'length':
        primal(`${target.name} = ${e.array.name}.length;`);
        if (active(target)) setLanes(target, zeroLanes());
        return;
      case 'passive':
        primal(`${target.name} = ${passiveCode(e.operator, e.operands.map(operandCode))};`);
        if (active(target)) setLanes(target, zeroLanes());
        return;
      case 'stop':
        primal(`${target.name} = ${operandCode(e.operand)};`);
        if (active(target)) setLanes(target, zeroLanes());
        return;
      case 'call':
        throw new Error('tangent: calls are inlined before code generation');
    }
  };

  const flagged = sparse ? crossRunVariables(fn, activity) : new Set<Variable>();

  const statements = (list: readonly Statement[]): void => {
    if (!sparse) {
      for (const s of list) statement(s);
      return;
    }
    // Sparse code works on runs of straight-line statements.
    let run: Statement[] = [];
    const flush = () => {
      if (run.length > 0) sparseRun(run);
      run = [];
    };
    for (const s of list) {
      if (s.kind === 'assign' || s.kind === 'store' || s.kind === 'push' || s.kind === 'throw') run.push(s);
      else {
        flush();
        statement(s);
      }
    }
    flush();
  };

  /**
   * A run of straight-line statements in block-seeded code. Where the run can be split (every value its
   * partials read is final at its end), its primal statements run first, then one test: if every x[i] it reads
   * is outside this pass's block and every tangent it reads from outside is zero, its tangents are zero (an
   * accumulator `v = v + w` keeps its own) and the tangent statements are skipped; else they run densely.
   * Far from the block — most of a pass — the run costs its primal statements and the test.
   */
  const sparseRun = (run: readonly Statement[]) => {
    const activeStatements = run.filter((s) =>
      s.kind === 'assign'
        ? active(s.target)
        : s.kind === 'store' || s.kind === 'push'
          ? active(s.array)
          : false,
    );
    const plan = activeStatements.length === 0 ? undefined : splitPlan(run);
    if (plan === undefined) {
      for (const s of run) statement(s);
      return;
    }
    for (const s of run) statement(s, true);
    const nonzero = [
      ...plan.inputReads.map((index) => `(${index} - $first) >>> 0 < ${lanes}`),
      ...plan.exposed.map((v) => `!${flag(v)}`),
    ];
    const dense = () => {
      tangentPhase = true;
      for (const s of run) statement(s);
      tangentPhase = false;
    };
    const skip = () => {
      for (const v of plan.killed) zeroTarget(v);
    };
    if (nonzero.length === 0) {
      skip();
    } else if (plan.killed.length === 0) {
      out.block(`if (${nonzero.join(' || ')})`, dense);
    } else {
      out.block(`if (${nonzero.join(' || ')})`, dense, '} else {');
      out.indent(1);
      skip();
      out.indent(-1);
      out.line('}');
    }
  };

  /** Whether a run of block-seeded code can be split into primal statements, a test and tangent statements. */
  const splitPlan = (run: readonly Statement[]) => {
    const inputReads: string[] = [];
    const exposed = new Set<Variable>();
    const killed = new Set<Variable>();
    const written = new Set<Variable>();
    const assignedAt = new Map<Variable, number[]>();
    run.forEach((s, k) => {
      if (s.kind === 'assign') assignedAt.set(s.target, [...(assignedAt.get(s.target) ?? []), k]);
    });
    const laterAssigned = (v: Variable, k: number, inclusive: boolean) =>
      (assignedAt.get(v) ?? []).some((m) => (inclusive ? m >= k : m > k));
    for (const [k, s] of run.entries()) {
      if (s.kind === 'store' || s.kind === 'push') {
        if (active(s.array)) return undefined;
        continue;
      }
      if (s.kind !== 'assign') continue;
      const e = s.expression;
      if (!active(s.target)) {
        written.add(s.target);
        continue;
      }
      if (e.kind === 'newArray' || e.kind === 'arrayOf' || s.target.type === 'array') return undefined;
      if (e.kind === 'load') {
        const fromInput = readsInput(e.array);
        if (!fromInput && active(e.array)) return undefined;
        if (fromInput) {
          // The index as it is at this read: a run that steps its index (`s += x[i] * x[i]; i++`) has it
          // captured where it reads x, for the test and the tangent statements after the primal ones.
          const index = e.index;
          if (index.kind === 'variable' && laterAssigned(index.variable, k, true)) {
            const name = `$i${capturedIndex.size}`;
            scratch.add(name);
            capturedIndex.set(e, name);
            inputReads.push(name);
          } else {
            inputReads.push(operandCode(index));
          }
        }
      }
      const reads: Variable[] = [];
      if (e.kind === 'operation') {
        const rule = RULES[e.rule];
        let final = true;
        e.operands.forEach((o, i) => {
          if (!activeOperand(o)) return;
          reads.push(o.variable);
          // The values this partial reads must still hold at the end of the run.
          const formulaRead = formulaReads(rule.partials[i]!);
          for (const j of formulaRead.arguments) {
            const operand = e.operands[j]!;
            if (operand.kind === 'variable' && laterAssigned(operand.variable, k, true)) final = false;
          }
          if (formulaRead.result && laterAssigned(s.target, k, false)) final = false;
        });
        if (!final) return undefined;
      } else if (e.kind === 'copy' && activeOperand(e.operand)) {
        reads.push(e.operand.variable);
      }
      // An accumulator `v = v + w` (or w + v, v - w): skipped, it keeps its tangent.
      const accumulator =
        e.kind === 'operation' &&
        (e.rule === 'add' || e.rule === 'sub') &&
        flagged.has(s.target) &&
        (assignedAt.get(s.target)?.length ?? 0) === 1 &&
        !run.some((other, m) => m !== k && readsVariable(other, s.target)) &&
        e.operands.filter((o) => o.kind === 'variable' && o.variable === s.target).length === 1 &&
        (e.operands[0]!.kind === 'variable' && e.operands[0]!.variable === s.target
          ? true
          : e.rule === 'add');
      for (const v of reads) {
        if (accumulator && v === s.target) continue;
        if (!written.has(v) && flagged.has(v)) exposed.add(v);
      }
      written.add(s.target);
      if (flagged.has(s.target) && !accumulator) killed.add(s.target);
    }
    return { inputReads, exposed: [...exposed], killed: [...killed] };
  };
  const statement = (s: Statement, primalOnly = false): void => {
    out.origin(s.origin);
    if (primalOnly) {
      // The primal statement alone (what `assign` writes before tangents), for a split sparse run.
      if (s.kind === 'assign' && s.expression.kind !== 'newArray' && s.expression.kind !== 'arrayOf') {
        const e = s.expression;
        const captured = capturedIndex.get(e);
        if (captured !== undefined)
          out.line(`${captured} = ${operandCode((e as { index: Operand }).index)};`);
        out.line(`${s.target.name} = ${plainExpressionCode(e, (rule: RuleName) => valueName(RULES[rule]))};`);
        if (e.kind === 'load' && readsInput(e.array)) {
          out.line(readCheck([s.target.name], operandCode(e.index)));
        }
        return;
      }
      if (s.kind !== 'throw') {
        statement(s);
        return;
      }
    }
    switch (s.kind) {
      case 'assign':
        assign(s.target, s.expression);
        return;
      case 'store': {
        primal(`${s.array.name}[${operandCode(s.index)}] = ${operandCode(s.value)};`);
        if (!active(s.array)) return;
        const targets = arrayLanes(s.array, s.index);
        out.line(targets.map((t, j) => `${t} = ${operandLane(s.value, j)};`).join(' '));
        return;
      }
      case 'push':
        primal(`${s.array.name}.push(${operandCode(s.value)});`);
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
          // x itself (or a reference to it) in block-seeded code: its tangent is the pass's block of seeds.
          const tangentCode = !activeOperand(value)
            ? 'null'
            : sparse && readsInput(value.variable)
              ? `$seedBlock(${value.variable.name}.length, $first)`
              : `${value.variable.name}_d`;
          out.line(`$arrayTangent = ${tangentCode};`);
        } else {
          out.line(laneIndexes.map((j) => `$lanes[${j}] = ${operandLane(value, j)};`).join(' '));
        }
        if (deferredChecks) out.line('$inputSum = $xl;');
        out.line(`return ${operandCode(value)};`);
        return;
      }
      case 'throw':
        errors.add(s.errorClass);
        primal(`throw new $E_${s.errorClass}(${s.arguments.map(messageCode).join(', ')});`);
        return;
    }
  };

  const name = `${tangentName(fn.name, lanes)}${sparse ? '_block' : ''}`;
  const input = fn.parameters[0];
  const parameters = fn.parameters.flatMap((p) =>
    p === input ? [p.name, sparse ? '$first' : `${p.name}_d`] : [p.name],
  );
  const locals = localsOf(fn.body, fn.variables);
  out.indent(1);
  statements(fn.body);
  out.indent(-1);
  const declared = [
    ...locals.map((v) => v.name),
    ...locals
      .filter(active)
      .flatMap((v) =>
        v.type === 'array'
          ? [`${v.name}_d`]
          : sparse && flagged.has(v)
            ? [...laneIndexes.map((j) => `${lane(v, j)} = $Z`), `${flag(v)} = true`]
            : laneIndexes.map((j) => lane(v, j)),
      ),
    ...scratch,
    ...(deferredChecks ? ['$xl = 0'] : []),
  ];
  const declaration = declared.length > 0 ? `  let ${declared.join(', ')};\n` : '';
  // A run that ends without a return (it cannot, for a function compile accepted) must not look clean.
  const start = deferredChecks ? '  $inputSum = NaN;\n' : '';
  const text = `function ${name}(${parameters.join(', ')}) {\n  ${WARM_FLAG}\n${declaration}${start}${out.toString()}\n}`;
  const prelude = [
    '"use strict";',
    ...(helpers.has('sz') ? ['const $sz = $strongZero;'] : []),
    ...[...values].map((rule) => `const $v_${rule} = $rules.${rule}.value;`),
    ...[...errors].map((e) => `const $E_${e} = $errors.${e};`),
    `const $lanes = new Float64Array(${lanes});`,
    ...(sparse
      ? [
          'const $Z = new Float64Array([0, 1])[0], $O = new Float64Array([0, 1])[1];',
          `const $seedBlock = (n, first) => { const t = new Float64Array(n * ${lanes}); for (let j = 0; j < ${lanes} && first + j < n; j++) t[(first + j) * ${lanes} + j] = 1; return t; };`,
        ]
      : []),
    'let $arrayTangent = null, $inputSum = 0;',
    WARM_UP,
  ];
  return {
    body: `${prelude.join('\n')}\n${text}\nreturn { run: ${name}, lanes: $lanes, arrayTangent: () => $arrayTangent, inputSum: () => $inputSum, warm: (on) => { $warm = on; } };`,
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

function readsVariable(s: Statement, v: Variable): boolean {
  switch (s.kind) {
    case 'assign':
      return expressionOperands(s.expression).some((o) => o.kind === 'variable' && o.variable === v);
    case 'store':
      return [s.index, s.value].some((o) => o.kind === 'variable' && o.variable === v);
    case 'push':
      return s.value.kind === 'variable' && s.value.variable === v;
    default:
      return false;
  }
}

/**
 * Active numbers whose tangent crosses from one run of straight-line statements to another (or is read before
 * it is written in its run): in block-seeded code they carry a zero flag; the others live within one run.
 */
function crossRunVariables(fn: FunctionIR, activity: Activity): Set<Variable> {
  const runOf = new Map<Variable, number>();
  const crossing = new Set<Variable>();
  let runs = 0;
  const visit = (list: readonly Statement[]) => {
    let current = -1;
    for (const s of list) {
      const simple = s.kind === 'assign' || s.kind === 'store' || s.kind === 'push' || s.kind === 'throw';
      if (!simple) current = -1;
      else if (current === -1) current = runs++;
      const note = (v: Variable, write: boolean) => {
        if (v.type !== 'number' || !activity.isActive(v)) return;
        const run = simple ? current : -2 - runs++;
        const seen = runOf.get(v);
        if (seen === undefined) {
          runOf.set(v, run);
          if (!write) crossing.add(v);
        } else if (seen !== run) {
          crossing.add(v);
        }
      };
      const operand = (o: Operand) => {
        if (o.kind === 'variable') note(o.variable, false);
      };
      switch (s.kind) {
        case 'assign':
          expressionOperands(s.expression).forEach(operand);
          note(s.target, true);
          break;
        case 'store':
          operand(s.index);
          operand(s.value);
          break;
        case 'push':
          operand(s.value);
          break;
        case 'if':
          operand(s.test);
          visit(s.whenTrue);
          visit(s.whenFalse);
          break;
        case 'loop':
          visit(s.body);
          visit(s.update);
          break;
        case 'block':
          visit(s.body);
          break;
        case 'return':
          if (s.value) operand(s.value);
          break;
        default:
          break;
      }
    }
  };
  visit(fn.body);
  return crossing;
}
