/**
 * The lowering: JavaScript syntax trees (acorn's ESTree) into the IR of ir.ts. Expressions become
 * three-address statements on fresh temporaries (`t1 = x[i] * x[i]`), `&&`, `||` and `?:` become `if`s,
 * `for`/`while`/`do…while`/`for…of` become IR loops with their test lowered into the body, compound
 * assignments and `++`/`--` become loads, operations and stores. Names are resolved once (block scopes,
 * shadowing renamed apart, free names through resolve.ts); types are fixed by first assignment. Calls of other
 * functions lower those functions too (specialised per argument types); recursion is refused.
 *
 * Every construct outside the supported language is a `TransformError` naming it at its position, with
 * what to do instead.
 */

import type { Comparison, RuleName } from '@dualtape/core';
import type {
  ArrayPattern,
  AssignmentExpression,
  BinaryExpression,
  BlockStatement,
  CallExpression,
  ConditionalExpression,
  Expression,
  ForOfStatement,
  ForStatement,
  Function as FunctionNode,
  Identifier,
  IfStatement,
  LogicalExpression,
  MemberExpression,
  NewExpression,
  Node,
  Pattern,
  PrivateIdentifier,
  SpreadElement,
  Statement as StatementNode,
  Super,
  TemplateLiteral,
  UnaryExpression,
  UpdateExpression,
  VariableDeclaration,
} from 'acorn';
import { TransformError } from './errors.js';
import type {
  BoundValue,
  Expression as ExpressionIR,
  FunctionIR,
  MessagePart,
  Operand,
  Origin,
  PassiveOperator,
  ProgramIR,
  Statement,
  ValueType,
  Variable,
  VariableRole,
} from './ir.js';
import {
  errorClassNameOf,
  isDualtapeModule,
  isErrorClassName,
  isRewrittenImportNamespace,
  type KnownFunction,
  knownFunctionNamed,
  knownFunctionOf,
  MATH_CONSTANTS,
  MATH_PASSIVE,
  MATH_RULES,
  NUMBER_CONSTANTS,
} from './resolve.js';
import { type FunctionSource, functionSource, type ModuleScope, positionOf } from './source.js';

/** What a name outside the function's own variables means. */
export type Resolution =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  /** A passive value the generated code reads: an array of numbers, nested arrays. */
  | { readonly kind: 'data'; readonly value: unknown }
  /** Another function to transform. */
  | { readonly kind: 'function'; readonly source: FunctionSource; readonly resolver: Resolver }
  | { readonly kind: 'known'; readonly fn: KnownFunction }
  /** An object whose members resolve by name (a module namespace). */
  | {
      readonly kind: 'namespace';
      readonly label: string;
      readonly member: (name: string) => Resolution | undefined;
    }
  | { readonly kind: 'global'; readonly name: string }
  | { readonly kind: 'errorClass'; readonly name: string };

/** Resolves a free name; throws a TransformError through `fail` for names that must not be used. */
export type Resolver = (
  name: string,
  node: Node,
  fail: (reason: string, at: Node) => never,
) => Resolution | undefined;

const GLOBALS = new Set(['Math', 'Number', 'Float64Array', 'Float32Array', 'Array', 'isNaN', 'isFinite']);

/** Names JavaScript reserves, and prefixes the code generators use for their own names. */
const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally ' +
    'for function if import in instanceof new null return super switch this throw true try typeof var void ' +
    'while with yield let static implements interface package private protected public await arguments eval ' +
    'undefined NaN Infinity Math Number Boolean Float64Array Float32Array Int32Array Array Object Error ' +
    'String Symbol globalThis'
  ).split(' '),
);

/** Options of the lowering. */
export interface LowerOptions {
  /** Values of free identifiers (numbers, arrays, functions, namespaces). @default {} */
  readonly scope?: Readonly<Record<string, unknown>>;
}

/**
 * The resolver of a function object's or module's free names: the module's declarations, then `scope`, then
 * globals and dualtape's functions by name.
 */
export function rootResolver(source: FunctionSource, scope: Readonly<Record<string, unknown>>): Resolver {
  const fromScope = (name: string): Resolution | undefined => {
    if (!Object.hasOwn(scope, name)) return undefined;
    return resolveValue(scope[name], name, scope);
  };
  const module = source.module;
  return (name, node, fail) => {
    if (module !== undefined) {
      const resolved = resolveInModule(module, source.text, name, node, fail, scope);
      if (resolved !== undefined) return resolved;
    }
    return fromScope(name) ?? resolveGlobal(name);
  };
}

/** Globals, dualtape's functions by name and rewritten import namespaces; undefined for anything else. */
function resolveGlobal(name: string): Resolution | undefined {
  if (name === 'Infinity') return { kind: 'number', value: Number.POSITIVE_INFINITY };
  if (name === 'NaN') return { kind: 'number', value: Number.NaN };
  if (GLOBALS.has(name)) return { kind: 'global', name };
  const known = knownFunctionNamed(name);
  if (known !== undefined) return { kind: 'known', fn: known };
  if (isErrorClassName(name)) return { kind: 'errorClass', name };
  if (isRewrittenImportNamespace(name)) return dualtapeNamespace(name);
  return undefined;
}

function dualtapeNamespace(label: string): Resolution {
  return {
    kind: 'namespace',
    label,
    member: (member) => {
      const known = knownFunctionNamed(member);
      if (known !== undefined) return { kind: 'known', fn: known };
      if (isErrorClassName(member)) return { kind: 'errorClass', name: member };
      return undefined;
    },
  };
}

/** A value from `scope` (or a namespace member) as a resolution. */
function resolveValue(
  value: unknown,
  name: string,
  scope: Readonly<Record<string, unknown>>,
): Resolution | undefined {
  if (typeof value === 'number') return { kind: 'number', value };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (typeof value === 'function') {
    const known = knownFunctionOf(value);
    if (known !== undefined) return { kind: 'known', fn: known };
    const errorClass = errorClassNameOf(value);
    if (errorClass !== undefined) return { kind: 'errorClass', name: errorClass };
    const source = functionSource(value as (...args: never[]) => unknown);
    return { kind: 'function', source, resolver: rootResolver(source, scope) };
  }
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return { kind: 'data', value };
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    return {
      kind: 'namespace',
      label: name,
      member: (member) =>
        Object.hasOwn(object, member) ? resolveValue(object[member], member, scope) : undefined,
    };
  }
  return undefined;
}

function resolveInModule(
  module: ModuleScope,
  text: string,
  name: string,
  node: Node,
  fail: (reason: string, at: Node) => never,
  scope: Readonly<Record<string, unknown>>,
): Resolution | undefined {
  const fn = module.functions.get(name);
  if (fn !== undefined) {
    const source: FunctionSource = { node: fn, name, text, module };
    return { kind: 'function', source, resolver: rootResolver(source, scope) };
  }
  const imported = module.imports.get(name);
  if (imported !== undefined) {
    if (!isDualtapeModule(imported.from)) {
      fail(
        `'${name}' is imported from '${imported.from}': the transform reads only this module's text and dualtape's functions; pass its value in options.scope`,
        node,
      );
    }
    if (imported.name === '*') return dualtapeNamespace(name);
    const known = knownFunctionNamed(imported.name);
    if (known !== undefined) return { kind: 'known', fn: known };
    if (isErrorClassName(imported.name)) return { kind: 'errorClass', name: imported.name };
    fail(
      `'${imported.name}' from '${imported.from}' is not one of dualtape's functions the transform knows`,
      node,
    );
  }
  if (module.mutable.has(name)) {
    fail(
      `'${name}' is a module-level let/var: a function that reads mutable outer state cannot be transformed; make it a const or pass it as an argument`,
      node,
    );
  }
  const constant = module.constants.get(name);
  if (constant !== undefined) {
    const value = evaluateConstant(
      constant,
      (inner, at) => {
        if (inner === name) fail(`the module constant '${name}' refers to itself`, at);
        return resolveInModule(module, text, inner, at, fail, scope) ?? resolveGlobal(inner);
      },
      fail,
    );
    if (typeof value === 'number') return { kind: 'number', value };
    if (typeof value === 'boolean') return { kind: 'boolean', value };
    return { kind: 'data', value };
  }
  return undefined;
}

/** Evaluates a module-level constant's initializer at transform time: numbers, arithmetic, arrays of them. */
function evaluateConstant(
  node: Expression,
  resolve: (name: string, at: Node) => Resolution | undefined,
  fail: (reason: string, at: Node) => never,
): unknown {
  const evaluate = (expression: Expression | SpreadElement | null): unknown => {
    if (expression === null) return fail('an array constant has a hole', node);
    switch (expression.type) {
      case 'Literal':
        if (typeof expression.value === 'number' || typeof expression.value === 'boolean')
          return expression.value;
        break;
      case 'Identifier': {
        const resolved = resolve(expression.name, expression);
        if (resolved?.kind === 'number' || resolved?.kind === 'boolean' || resolved?.kind === 'data') {
          return resolved.value;
        }
        break;
      }
      case 'UnaryExpression': {
        const value = evaluate(expression.argument);
        if (typeof value === 'number' && expression.operator === '-') return -value;
        if (typeof value === 'number' && expression.operator === '+') return value;
        break;
      }
      case 'BinaryExpression': {
        const a = evaluate(expression.left as Expression);
        const b = evaluate(expression.right);
        if (typeof a === 'number' && typeof b === 'number') {
          switch (expression.operator) {
            case '+':
              return a + b;
            case '-':
              return a - b;
            case '*':
              return a * b;
            case '/':
              return a / b;
            case '**':
              return a ** b;
            case '%':
              return a % b;
          }
        }
        break;
      }
      case 'MemberExpression':
        if (
          !expression.computed &&
          expression.object.type === 'Identifier' &&
          expression.property.type === 'Identifier'
        ) {
          const table =
            expression.object.name === 'Math'
              ? MATH_CONSTANTS
              : expression.object.name === 'Number'
                ? NUMBER_CONSTANTS
                : undefined;
          const value = table?.get(expression.property.name);
          if (value !== undefined) return value;
        }
        break;
      case 'ArrayExpression':
        return expression.elements.map((element) => evaluate(element as Expression | null));
      default:
        break;
    }
    return fail(
      'a module-level constant must be a number or an array of numbers known when transforming (literals, arithmetic, Math constants)',
      expression,
    );
  };
  return evaluate(node);
}

// ---------------------------------------------------------------------------------------------------

/** A name bound inside the function being lowered. */
type Binding =
  | { readonly kind: 'variable'; readonly variable: Variable; readonly constant: boolean }
  | { readonly kind: 'function'; readonly source: FunctionSource; readonly resolver: Resolver };

/** Where `break` and `continue` go. */
interface JumpTarget {
  readonly label: string;
  readonly userLabels: readonly string[];
  readonly kind: 'loop' | 'block';
}

/** A lowered value: its operand and static type. */
interface Value {
  readonly operand: Operand;
  readonly type: ValueType;
}

const NUMBER = (value: number): Value => ({ operand: { kind: 'number', value }, type: 'number' });
const BOOLEAN = (value: boolean): Value => ({ operand: { kind: 'boolean', value }, type: 'boolean' });

/** The program being built: functions by id, specialisations, bound values. */
class ProgramBuilder {
  readonly functions = new Map<string, FunctionIR>();
  private readonly specialisations = new Map<FunctionNode, Map<string, string>>();
  private readonly inProgress = new Set<FunctionNode>();
  private readonly ids = new Set<string>();
  readonly bound: BoundValue[] = [];
  private readonly boundNames = new Map<unknown, string>();

  /** The id of `source` lowered for these parameter types, lowering it on first use. */
  lower(
    source: FunctionSource,
    resolver: Resolver,
    parameterTypes: readonly ValueType[] | 'entry',
    at: () => never,
  ): string {
    const key = parameterTypes === 'entry' ? 'entry' : parameterTypes.join(',');
    if (this.inProgress.has(source.node)) at();
    const byTypes = this.specialisations.get(source.node) ?? new Map<string, string>();
    this.specialisations.set(source.node, byTypes);
    const existing = byTypes.get(key);
    if (existing !== undefined) return existing;
    const base = sanitize(source.name ?? 'f');
    let id = base;
    for (let k = 2; this.ids.has(id) || RESERVED.has(id); k++) id = `${base}_${k}`;
    this.ids.add(id);
    byTypes.set(key, id);
    this.inProgress.add(source.node);
    try {
      const lowering = new FunctionLowering(this, source, resolver, id);
      this.functions.set(id, lowering.run(parameterTypes));
    } finally {
      this.inProgress.delete(source.node);
    }
    return id;
  }

  /** The name generated code reads a bound value by. */
  bind(value: unknown, hint: string): string {
    const existing = this.boundNames.get(value);
    if (existing !== undefined) return existing;
    const base = `$${sanitize(hint)}`;
    let name = base;
    for (let k = 2; this.bound.some((b) => b.name === name); k++) name = `${base}_${k}`;
    this.bound.push({ name, value });
    this.boundNames.set(value, name);
    return name;
  }
}

/** An identifier safe to use in generated code (generator suffixes `_d`, `_b` and `$` kept free). */
function sanitize(name: string): string {
  let clean = name.replace(/[^A-Za-z0-9_]/g, '_');
  if (/^[0-9]/.test(clean) || clean === '') clean = `v${clean}`;
  // Generated names add _d (tangent lanes), _b (adjoints) and _z (zero flags) to a source name.
  if (/_[dbz][0-9]*$/.test(clean)) clean = `${clean}_`;
  return clean;
}

/** Lowers one function (entry or helper) into the IR. */
class FunctionLowering {
  private readonly variables: Variable[] = [];
  private readonly names = new Set<string>();
  private readonly scopes: Map<string, Binding>[] = [new Map()];
  private readonly blocks: Statement[][] = [[]];
  private readonly targets: JumpTarget[] = [];
  private origin: Origin;
  private returns: ValueType | undefined;
  private labels = 0;
  private temporaries = 0;
  private readonly name: string;

  constructor(
    private readonly program: ProgramBuilder,
    private readonly source: FunctionSource,
    private readonly resolver: Resolver,
    private readonly id: string,
  ) {
    this.name = source.name ?? 'f';
    this.origin = this.originOf(source.node);
  }

  private fail(reason: string, at: Node): never {
    throw new TransformError(reason, positionOf(at), this.source.text, this.name);
  }

  private originOf(node: Node): Origin {
    const text = this.source.text.slice(node.start, node.end).split(/\r\n|\r|\n/)[0] ?? '';
    return {
      position: positionOf(node),
      text: text.trim(),
      source: this.source.text,
      functionName: this.name,
    };
  }

  run(parameterTypes: readonly ValueType[] | 'entry'): FunctionIR {
    const node = this.source.node;
    this.entry = parameterTypes === 'entry';
    if (node.generator) this.fail('a generator function cannot be transformed; write a plain function', node);
    if (node.async) this.fail('an async function cannot be transformed; write a plain function', node);
    if (this.entry && node.params.length === 0) {
      this.fail(
        'the function takes no parameters: its first parameter is the input vector x, e.g. (x) => x[0] * x[0]',
        node,
      );
    }
    const parameters: Variable[] = [];
    const destructured: [ArrayPattern, Variable][] = [];
    node.params.forEach((param, index) => {
      const role: VariableRole = parameterTypes === 'entry' ? (index === 0 ? 'input' : 'data') : 'parameter';
      const type: ValueType =
        parameterTypes === 'entry' ? (index === 0 ? 'array' : 'data') : (parameterTypes[index] ?? 'data');
      if (param.type === 'Identifier') {
        const variable = this.newVariable(param.name, type, role);
        this.bindName(param.name, { kind: 'variable', variable, constant: false }, param);
        parameters.push(variable);
      } else if (param.type === 'ArrayPattern') {
        if (type !== 'array' && type !== 'data') this.fail('an array pattern needs an array argument', param);
        const variable = this.newVariable(index === 0 ? 'x' : `arg${index}`, type, role);
        parameters.push(variable);
        destructured.push([param, variable]);
      } else {
        this.fail(
          `${describeNode(param)} as a parameter is not supported; use plain names (and array patterns like [a, b])`,
          param,
        );
      }
    });
    if (parameterTypes !== 'entry' && parameterTypes.length > node.params.length) {
      this.fail(
        `'${this.name}' is called with ${parameterTypes.length} arguments but takes ${node.params.length}`,
        node,
      );
    }
    for (const [pattern, variable] of destructured) {
      this.destructure(pattern, { operand: { kind: 'variable', variable }, type: variable.type }, 'let');
    }
    if (node.body.type === 'BlockStatement') {
      this.hoistVars(node.body);
      if (!this.entry) for (const variable of this.vars) this.undefinedNow(variable);
      this.hoistFunctions(node.body.body);
      for (const statement of node.body.body) this.statement(statement);
      // A helper that can run off its end returns undefined there: NaN in the caller's arithmetic.
      if (!this.entry && this.returns === 'number' && !alwaysReturns(this.blocks[0]!)) {
        this.origin = this.originOf(node);
        this.emit({ kind: 'return', value: { kind: 'number', value: Number.NaN }, origin: this.origin });
      }
    } else {
      this.origin = this.originOf(node.body);
      const value = this.expression(node.body);
      this.returnValue(value, node.body);
    }
    return {
      id: this.id,
      name: this.name,
      parameters,
      body: this.blocks[0]!,
      variables: this.variables,
      returns: this.returns,
      origin: this.originOf(node),
    };
  }

  // -- variables and scopes -------------------------------------------------------------------------

  private newVariable(sourceName: string | undefined, type: ValueType, role: VariableRole): Variable {
    const base = sourceName === undefined ? 't' : sanitize(sourceName);
    let name = sourceName === undefined ? `t${++this.temporaries}` : base;
    for (let k = 2; this.names.has(name) || RESERVED.has(name) || this.program.functions.has(name); k++) {
      name = sourceName === undefined ? `t${++this.temporaries}` : `${base}_${k}`;
    }
    this.names.add(name);
    const variable: Variable = { id: this.variables.length, name, sourceName, type, role };
    this.variables.push(variable);
    return variable;
  }

  private temporary(type: ValueType): Variable {
    return this.newVariable(undefined, type, 'temporary');
  }

  private bindName(name: string, binding: Binding, at: Node): void {
    const scope = this.scopes[this.scopes.length - 1]!;
    if (scope.has(name)) this.fail(`'${name}' is declared twice in the same scope`, at);
    scope.set(name, binding);
  }

  private lookup(name: string): Binding | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const binding = this.scopes[i]!.get(name);
      if (binding !== undefined) return binding;
    }
    return undefined;
  }

  private withScope<T>(body: () => T): T {
    this.scopes.push(new Map());
    try {
      return body();
    } finally {
      this.scopes.pop();
    }
  }

  /**
   * `var` names are the function's, wherever they are declared (hoisting): one variable each, bound in the
   * function's scope, typed by its first assignment; a `var` naming a parameter is the parameter.
   */
  private hoistVars(body: Node): void {
    const scope = this.scopes[0]!;
    const visit = (node: unknown): void => {
      if (node === null || typeof node !== 'object') return;
      if (Array.isArray(node)) {
        for (const child of node) visit(child);
        return;
      }
      const n = node as Node & Record<string, unknown>;
      if (typeof n.type !== 'string') return;
      if (
        n.type === 'FunctionDeclaration' ||
        n.type === 'FunctionExpression' ||
        n.type === 'ArrowFunctionExpression'
      )
        return;
      if (n.type === 'VariableDeclaration' && (n as unknown as VariableDeclaration).kind === 'var') {
        for (const declarator of (n as unknown as VariableDeclaration).declarations) {
          if (declarator.id.type !== 'Identifier' || scope.has(declarator.id.name)) continue;
          const variable = this.newVariable(declarator.id.name, 'number', 'local');
          this.unassigned.add(variable);
          this.vars.add(variable);
          scope.set(declarator.id.name, { kind: 'variable', variable, constant: false });
        }
      }
      for (const key of Object.keys(n)) {
        if (key !== 'type' && key !== 'loc' && key !== 'start' && key !== 'end') visit(n[key]);
      }
    };
    visit(body);
  }

  /** The function's `var` variables (see {@link hoistVars}). */
  private readonly vars = new Set<Variable>();

  /** Function declarations of a block are visible in all of it (hoisting). */
  private hoistFunctions(statements: readonly (StatementNode | Node)[]): void {
    for (const statement of statements) {
      if (statement.type !== 'FunctionDeclaration') continue;
      const declaration = statement as FunctionNode & { id: Identifier };
      this.bindName(declaration.id.name, this.nestedFunction(declaration, declaration.id.name), statement);
    }
  }

  /** A function defined inside this one: it may call its siblings but must not read this one's variables. */
  private nestedFunction(node: FunctionNode, name: string): Binding {
    const visible = [...this.scopes];
    const outer = this.resolver;
    const resolver: Resolver = (inner, at, fail) => {
      for (let i = visible.length - 1; i >= 0; i--) {
        const binding = visible[i]!.get(inner);
        if (binding === undefined) continue;
        if (binding.kind === 'function')
          return { kind: 'function', source: binding.source, resolver: binding.resolver };
        fail(
          `the helper '${name}' reads '${inner}' of the function around it: closures over variables are not supported; pass it as an argument`,
          at,
        );
      }
      return outer(inner, at, fail);
    };
    const source: FunctionSource = { node, name, text: this.source.text, module: this.source.module };
    return { kind: 'function', source, resolver };
  }

  private resolve(name: string, at: Node): Binding | Resolution {
    const binding = this.lookup(name);
    if (binding !== undefined) return binding;
    const resolved = this.resolver(name, at, (reason, node) => this.fail(reason, node));
    if (resolved !== undefined) return resolved;
    if (name === 'undefined')
      this.fail("'undefined' is not a number: the transform computes with numbers only", at);
    return this.fail(
      `'${name}' is not defined here: it is neither a variable of the function, nor in options.scope, nor one of dualtape's or Math's functions; pass its value in options.scope (numbers, arrays, functions)`,
      at,
    );
  }

  // -- emitting -------------------------------------------------------------------------------------

  private emit(statement: Statement): void {
    this.blocks[this.blocks.length - 1]!.push(statement);
  }

  private block(body: () => void): Statement[] {
    this.blocks.push([]);
    body();
    return this.blocks.pop()!;
  }

  private assign(target: Variable, expression: ExpressionIR): void {
    this.emit({ kind: 'assign', target, expression, origin: this.origin });
    this.lastWrite.set(target, ++this.writes);
  }

  /** Assignments emitted so far, and when each variable was last assigned (for {@link pin}). */
  private writes = 0;
  private readonly lastWrite = new Map<Variable, number>();

  /**
   * JavaScript reads a variable operand when it evaluates it, before the operands to its right: when what is
   * lowered after `value` assigns its variable (`a * a++`, `s += (s = y)`, `g(k, k = 1)`), the operand
   * becomes a copy taken where it was read. Call the returned function once the operands to its right are
   * lowered; resolve several pins newest first.
   */
  private pin(value: Value): () => Value {
    const operand = value.operand;
    if (operand.kind !== 'variable' || operand.variable.role === 'temporary') return () => value;
    const block = this.blocks[this.blocks.length - 1]!;
    const position = block.length;
    const since = this.writes;
    const origin = this.origin;
    return () => {
      if ((this.lastWrite.get(operand.variable) ?? 0) <= since) return value;
      const copy = this.temporary(value.type);
      block.splice(position, 0, {
        kind: 'assign',
        target: copy,
        expression: { kind: 'copy', operand },
        origin,
      });
      return { operand: { kind: 'variable', variable: copy }, type: value.type };
    };
  }

  /** Lowers expressions left to right, each operand as JavaScript reads it (see {@link pin}). */
  private inOrder(nodes: readonly (Expression | Node)[]): Value[] {
    const pins = nodes.map((node) => this.pin(this.expression(node)));
    return pins
      .reverse()
      .map((resolve) => resolve())
      .reverse();
  }

  /** A temporary holding `expression`. */
  private compute(expression: ExpressionIR, type: ValueType): Value {
    const target = this.temporary(type);
    this.assign(target, expression);
    return { operand: { kind: 'variable', variable: target }, type };
  }

  /** Assigns `value` to `variable`: retargets the statement that just computed it into a fresh temporary. */
  private store(variable: Variable, value: Value, at: Node): void {
    this.checkAssignable(variable, value.type, at);
    const current = this.blocks[this.blocks.length - 1]!;
    const last = current[current.length - 1];
    if (
      value.operand.kind === 'variable' &&
      value.operand.variable.role === 'temporary' &&
      last?.kind === 'assign' &&
      last.target === value.operand.variable &&
      !this.readsInExpression(last.expression, value.operand.variable)
    ) {
      current[current.length - 1] = { ...last, target: variable };
      this.lastWrite.set(variable, ++this.writes);
      this.dropTemporary(value.operand.variable);
      return;
    }
    this.assign(variable, { kind: 'copy', operand: value.operand });
  }

  private readsInExpression(expression: ExpressionIR, variable: Variable): boolean {
    if (expression.kind === 'load' || expression.kind === 'length') return expression.array === variable;
    const operands =
      expression.kind === 'compare'
        ? [expression.left, expression.right]
        : expression.kind === 'newArray'
          ? [expression.length, expression.fill]
          : expression.kind === 'arrayOf'
            ? expression.elements
            : 'operands' in expression
              ? expression.operands
              : [expression.operand];
    return operands.some((o) => o.kind === 'variable' && o.variable === variable);
  }

  /**
   * Forgets a temporary no statement refers to any more, when it is the newest variable (ids stay dense; an
   * older one just stays unused, and code generators declare only the variables statements use).
   */
  private dropTemporary(variable: Variable): void {
    if (this.variables[this.variables.length - 1] !== variable) return;
    this.variables.pop();
    this.names.delete(variable.name);
    this.temporaries--;
  }

  private checkAssignable(variable: Variable, type: ValueType, at: Node): void {
    if (this.unassigned.delete(variable)) {
      // The first assignment of a local declared without a value gives it its type.
      variable.type = type;
      const reset = this.undefinedAgain.get(variable);
      if (reset !== undefined && type === 'array') reset[0].splice(reset[0].indexOf(reset[1]), 1);
      return;
    }
    const current = variable.type;
    if (current === type) return;
    const numeric = (t: ValueType) => t === 'number' || t === 'data';
    if (numeric(current) && numeric(type)) {
      if (current === 'data' && type === 'number') variable.type = 'number';
      return;
    }
    this.fail(
      `'${variable.sourceName ?? variable.name}' holds ${describeType(current)} and is assigned ${describeType(type)} here: a variable keeps one type`,
      at,
    );
  }

  /** Locals declared without an initializer: their type comes from the first assignment. */
  private readonly unassigned = new Set<Variable>();
  /** `let m;` in a loop: the statement setting it to NaN (undefined) on each iteration, in its block. */
  private readonly undefinedAgain = new Map<Variable, [Statement[], Statement]>();

  /**
   * A local declared without a value is undefined (NaN in arithmetic) where it is declared: in a loop on each
   * iteration, in a helper (inlined, perhaps into a loop) on each call — not what a previous one left.
   */
  private undefinedNow(variable: Variable): void {
    this.assign(variable, { kind: 'copy', operand: { kind: 'number', value: Number.NaN } });
    const block = this.blocks[this.blocks.length - 1]!;
    this.undefinedAgain.set(variable, [block, block[block.length - 1]!]);
  }

  /** Whether this is the entry function (helpers are inlined into it, perhaps into its loops). */
  private entry = false;

  private newLabel(): string {
    return `L${++this.labels}`;
  }

  // -- statements -----------------------------------------------------------------------------------

  private statement(node: StatementNode | Node): void {
    this.origin = this.originOf(node);
    switch (node.type) {
      case 'VariableDeclaration':
        this.declaration(node as VariableDeclaration);
        return;
      case 'ExpressionStatement': {
        const expression = (node as import('acorn').ExpressionStatement).expression;
        if (expression.type === 'Literal' && typeof expression.value === 'string') return; // 'use strict'
        this.expression(expression, false);
        return;
      }
      case 'BlockStatement':
        this.withScope(() => {
          const body = (node as BlockStatement).body;
          this.hoistFunctions(body);
          for (const statement of body) this.statement(statement);
        });
        return;
      case 'EmptyStatement':
        return;
      case 'IfStatement':
        this.ifStatement(node as IfStatement);
        return;
      case 'ForStatement':
        this.forStatement(node as ForStatement, []);
        return;
      case 'WhileStatement':
      case 'DoWhileStatement':
        this.whileStatement(node as import('acorn').WhileStatement | import('acorn').DoWhileStatement, []);
        return;
      case 'ForOfStatement':
        this.forOfStatement(node as ForOfStatement, []);
        return;
      case 'LabeledStatement':
        this.labeled(node as import('acorn').LabeledStatement);
        return;
      case 'BreakStatement':
      case 'ContinueStatement':
        this.jump(node as import('acorn').BreakStatement | import('acorn').ContinueStatement);
        return;
      case 'ReturnStatement': {
        const argument = (node as import('acorn').ReturnStatement).argument;
        if (!argument)
          this.fail('a return without a value: the function must return a number or an array', node);
        this.returnValue(this.expression(argument), node);
        return;
      }
      case 'FunctionDeclaration':
        return; // hoisted
      case 'ThrowStatement':
        this.throwStatement(node as import('acorn').ThrowStatement);
        return;
      case 'ForInStatement':
        this.fail('for…in loops over object keys; use an index loop or for…of over an array', node);
        return;
      case 'SwitchStatement':
        this.fail('switch is not supported; write it as if/else', node);
        return;
      case 'TryStatement':
        this.fail('try/catch is not supported: the transform differentiates straight numeric code', node);
        return;
      case 'ClassDeclaration':
        this.fail(
          'classes are not supported; use the overloading modes (mode: forward or reverse) instead',
          node,
        );
        return;
      case 'WithStatement':
        this.fail('with is not supported', node);
        return;
      case 'DebuggerStatement':
        return;
      default:
        this.fail(`${describeNode(node)} is not supported`, node);
        return;
    }
  }

  private declaration(node: VariableDeclaration): void {
    const kind = node.kind;
    if (kind === 'using' || kind === 'await using')
      this.fail(`'${kind}' declarations are not supported`, node);
    for (const declarator of node.declarations) {
      const init = declarator.init;
      if (declarator.id.type === 'Identifier') {
        const name = declarator.id.name;
        if (init && (init.type === 'ArrowFunctionExpression' || init.type === 'FunctionExpression')) {
          if (kind === 'var')
            this.fail(`var '${name}' holding a function is not supported; use const`, declarator);
          this.bindName(name, this.nestedFunction(init, name), declarator);
          continue;
        }
        if (kind === 'var') {
          // The hoisted variable: `var s = v` assigns it, `var s;` again leaves it as it is.
          const binding = this.scopes[0]!.get(name);
          if (binding?.kind !== 'variable') this.fail(`var '${name}' is not supported here`, declarator);
          if (init) this.store(binding.variable, this.expression(init), declarator);
          continue;
        }
        if (!init) {
          if (kind === 'const') this.fail(`const '${name}' needs a value`, declarator);
          const variable = this.newVariable(name, 'number', 'local');
          this.unassigned.add(variable);
          this.bindName(name, { kind: 'variable', variable, constant: false }, declarator);
          // In a loop, `let m;` is undefined again on each iteration (NaN in arithmetic), not last
          // iteration's value; a first assignment of an array drops this statement.
          if (!this.entry || this.targets.some((t) => t.kind === 'loop')) this.undefinedNow(variable);
          continue;
        }
        const value = this.expression(init);
        const variable = this.newVariable(name, value.type, 'local');
        this.store(variable, value, declarator);
        this.bindName(name, { kind: 'variable', variable, constant: kind === 'const' }, declarator);
      } else if (declarator.id.type === 'ArrayPattern') {
        if (!init) this.fail('an array pattern needs a value', declarator);
        this.destructure(declarator.id, this.expression(init), kind === 'const' ? 'const' : 'let');
      } else {
        this.fail(
          `${describeNode(declarator.id)} in a declaration is not supported; use names or [a, b] patterns`,
          declarator.id,
        );
      }
    }
  }

  /** `[a, b] = array`: one load per element (holes skipped). */
  private destructure(pattern: ArrayPattern, array: Value, kind: 'let' | 'const'): void {
    if (array.type !== 'array' && array.type !== 'data') {
      this.fail(`an array pattern needs an array, not ${describeType(array.type)}`, pattern);
    }
    const arrayVariable = this.asVariable(array);
    pattern.elements.forEach((element, index) => {
      if (element === null) return;
      if (element.type !== 'Identifier') {
        this.fail(
          `${describeNode(element)} inside an array pattern is not supported; use plain names`,
          element,
        );
      }
      const type: ValueType = array.type === 'array' ? 'number' : 'data';
      const variable = this.newVariable(element.name, type, 'local');
      this.assign(variable, { kind: 'load', array: arrayVariable, index: { kind: 'number', value: index } });
      this.bindName(element.name, { kind: 'variable', variable, constant: kind === 'const' }, element);
    });
  }

  private asVariable(value: Value): Variable {
    if (value.operand.kind === 'variable') return value.operand.variable;
    const target = this.temporary(value.type);
    this.assign(target, { kind: 'copy', operand: value.operand });
    return target;
  }

  private ifStatement(node: IfStatement): void {
    const test = this.condition(node.test);
    const origin = this.origin;
    const whenTrue = this.block(() => this.withScope(() => this.nested(node.consequent)));
    const whenFalse = node.alternate
      ? this.block(() => this.withScope(() => this.nested(node.alternate!)))
      : [];
    this.emit({ kind: 'if', test: test.operand, whenTrue, whenFalse, origin });
  }

  /** A statement in a position of its own (an if branch, a loop body). */
  private nested(node: StatementNode): void {
    if (node.type === 'BlockStatement') {
      this.hoistFunctions(node.body);
      for (const statement of node.body) this.statement(statement);
    } else {
      this.statement(node);
    }
  }

  /** Lowers a loop test into the current block as `if (!test) break label`. */
  private breakUnless(test: Expression, label: string): void {
    const value = this.condition(test);
    if (value.operand.kind === 'boolean') {
      if (!value.operand.value) this.emit({ kind: 'break', label, origin: this.origin });
      return;
    }
    const origin = this.origin;
    const negated = this.compute({ kind: 'not', operand: value.operand }, 'boolean');
    this.emit({
      kind: 'if',
      test: negated.operand,
      whenTrue: [{ kind: 'break', label, origin }],
      whenFalse: [],
      origin,
    });
  }

  private forStatement(node: ForStatement, userLabels: readonly string[]): void {
    this.withScope(() => {
      if (node.init) {
        if (node.init.type === 'VariableDeclaration') this.declaration(node.init);
        else this.expression(node.init, false);
      }
      const origin = this.originOf(node);
      const label = this.newLabel();
      this.targets.push({ label, userLabels, kind: 'loop' });
      try {
        const body = this.block(() => {
          if (node.test) {
            this.origin = origin;
            this.breakUnless(node.test, label);
          }
          this.withScope(() => this.nested(node.body));
        });
        const update = this.block(() => {
          if (node.update) {
            this.origin = origin;
            this.expression(node.update, false);
          }
        });
        this.emit({ kind: 'loop', label, body, update, origin });
      } finally {
        this.targets.pop();
      }
    });
  }

  private whileStatement(
    node: import('acorn').WhileStatement | import('acorn').DoWhileStatement,
    userLabels: readonly string[],
  ): void {
    const origin = this.originOf(node);
    const label = this.newLabel();
    this.targets.push({ label, userLabels, kind: 'loop' });
    try {
      if (node.type === 'WhileStatement') {
        const body = this.block(() => {
          this.breakUnless(node.test, label);
          this.withScope(() => this.nested(node.body));
        });
        this.emit({ kind: 'loop', label, body, update: [], origin });
      } else {
        const body = this.block(() => this.withScope(() => this.nested(node.body)));
        const update = this.block(() => {
          this.origin = this.originOf(node.test);
          this.breakUnless(node.test, label);
        });
        this.emit({ kind: 'loop', label, body, update, origin });
      }
    } finally {
      this.targets.pop();
    }
  }

  private forOfStatement(node: ForOfStatement, userLabels: readonly string[]): void {
    if (node.await) this.fail('for await is not supported', node);
    this.withScope(() => {
      const array = this.expression(node.right);
      if (array.type !== 'array' && array.type !== 'data') {
        this.fail(`for…of needs an array, not ${describeType(array.type)}`, node.right);
      }
      const arrayVariable = this.asVariable(array);
      const origin = this.originOf(node);
      const counter = this.newVariable('k', 'number', 'local');
      this.assign(counter, { kind: 'copy', operand: { kind: 'number', value: 0 } });
      const label = this.newLabel();
      this.targets.push({ label, userLabels, kind: 'loop' });
      try {
        const body = this.block(() => {
          const length = this.compute({ kind: 'length', array: arrayVariable }, 'number');
          const more = this.compute(
            {
              kind: 'compare',
              comparison: 'lt',
              left: { kind: 'variable', variable: counter },
              right: length.operand,
            },
            'boolean',
          );
          const done = this.compute({ kind: 'not', operand: more.operand }, 'boolean');
          this.emit({
            kind: 'if',
            test: done.operand,
            whenTrue: [{ kind: 'break', label, origin }],
            whenFalse: [],
            origin,
          });
          this.withScope(() => {
            const element = this.elementType(array.type);
            const left = node.left;
            let target: Variable;
            if (left.type === 'VariableDeclaration') {
              const id = left.declarations[0]?.id;
              if (left.declarations.length !== 1 || id?.type !== 'Identifier') {
                this.fail('for…of must declare one plain name', left);
              }
              target = this.newVariable(id.name, element, 'local');
              this.bindName(
                id.name,
                { kind: 'variable', variable: target, constant: left.kind === 'const' },
                left,
              );
            } else if (left.type === 'Identifier') {
              target = this.assignableVariable(left);
            } else {
              return this.fail(`${describeNode(left)} as a for…of target is not supported`, left);
            }
            this.assign(target, {
              kind: 'load',
              array: arrayVariable,
              index: { kind: 'variable', variable: counter },
            });
            this.nested(node.body);
          });
        });
        const update = [
          {
            kind: 'assign',
            target: counter,
            expression: {
              kind: 'operation',
              rule: 'add',
              operands: [
                { kind: 'variable', variable: counter },
                { kind: 'number', value: 1 },
              ],
            },
            origin,
          } satisfies Statement,
        ];
        this.emit({ kind: 'loop', label, body, update, origin });
      } finally {
        this.targets.pop();
      }
    });
  }

  private elementType(arrayType: ValueType): ValueType {
    return arrayType === 'array' ? 'number' : 'data';
  }

  private labeled(node: import('acorn').LabeledStatement): void {
    const labels: string[] = [];
    let body: StatementNode = node;
    while (body.type === 'LabeledStatement') {
      labels.push(body.label.name);
      body = body.body;
    }
    switch (body.type) {
      case 'ForStatement':
        this.forStatement(body, labels);
        return;
      case 'WhileStatement':
      case 'DoWhileStatement':
        this.whileStatement(body, labels);
        return;
      case 'ForOfStatement':
        this.forOfStatement(body, labels);
        return;
      default: {
        const label = this.newLabel();
        const origin = this.originOf(node);
        this.targets.push({ label, userLabels: labels, kind: 'block' });
        try {
          const inner = this.block(() => this.withScope(() => this.nested(body)));
          this.emit({ kind: 'block', label, body: inner, origin });
        } finally {
          this.targets.pop();
        }
      }
    }
  }

  private jump(node: import('acorn').BreakStatement | import('acorn').ContinueStatement): void {
    const isBreak = node.type === 'BreakStatement';
    const word = isBreak ? 'break' : 'continue';
    let target: JumpTarget | undefined;
    for (let i = this.targets.length - 1; i >= 0; i--) {
      const candidate = this.targets[i]!;
      if (node.label) {
        if (candidate.userLabels.includes(node.label.name)) {
          target = candidate;
          break;
        }
      } else if (candidate.kind === 'loop') {
        target = candidate;
        break;
      }
    }
    if (target === undefined) this.fail(`${word} outside a loop it can leave`, node);
    if (!isBreak && target.kind !== 'loop') this.fail('continue must name a loop', node);
    this.emit({ kind: isBreak ? 'break' : 'continue', label: target.label, origin: this.origin });
  }

  private returnValue(value: Value, at: Node): void {
    if (value.type === 'boolean')
      this.fail('the function returns a boolean: it must return a number or an array', at);
    const type = value.type === 'data' ? 'number' : value.type;
    if (this.returns !== undefined && this.returns !== type) {
      this.fail(`returns ${describeType(type)} here but ${describeType(this.returns)} elsewhere`, at);
    }
    this.returns = type;
    this.emit({ kind: 'return', value: value.operand, origin: this.origin });
  }

  private throwStatement(node: import('acorn').ThrowStatement): void {
    const argument = node.argument;
    if (argument.type !== 'NewExpression') {
      this.fail('throw must construct an error: throw new Error(...)', node);
    }
    const errorClass = this.errorClassOf(argument.callee as Expression);
    const args = argument.arguments.map((arg) => this.messageParts(arg));
    this.emit({ kind: 'throw', errorClass, arguments: args, origin: this.origin });
  }

  private errorClassOf(callee: Expression): string {
    const resolved = this.calleeOf(callee);
    if (resolved.kind === 'errorClass') return resolved.name;
    return this.fail(
      "throw new … must construct Error, RangeError, TypeError or one of dualtape's errors",
      callee,
    );
  }

  private messageParts(node: Expression | SpreadElement): MessagePart[] {
    if (node.type === 'Literal' && typeof node.value === 'string')
      return [{ kind: 'text', text: node.value }];
    if (node.type === 'TemplateLiteral') return this.templateParts(node);
    if (node.type === 'SpreadElement') this.fail('spread arguments are not supported', node);
    const value = this.expression(node);
    return [{ kind: 'value', operand: value.operand }];
  }

  private templateParts(node: TemplateLiteral): MessagePart[] {
    const parts: MessagePart[] = [];
    node.quasis.forEach((quasi, i) => {
      const text = quasi.value.cooked ?? quasi.value.raw;
      if (text !== '') parts.push({ kind: 'text', text });
      const expression = node.expressions[i];
      if (expression !== undefined)
        parts.push({ kind: 'value', operand: this.expression(expression).operand });
    });
    return parts;
  }

  // -- expressions ----------------------------------------------------------------------------------

  /** Lowers an expression; `used` false for expression statements (the value is dropped). */
  private expression(node: Expression | Node, used = true): Value {
    switch (node.type) {
      case 'Literal': {
        const value = (node as import('acorn').Literal).value;
        if (typeof value === 'number') return NUMBER(value);
        if (typeof value === 'boolean') return BOOLEAN(value);
        return this.fail(
          `${describeLiteral(value)} is not a number: the transform computes with numbers only`,
          node,
        );
      }
      case 'Identifier':
        return this.identifier(node as Identifier);
      case 'MemberExpression':
        return this.member(node as MemberExpression);
      case 'CallExpression':
        return this.call(node as CallExpression, used);
      case 'NewExpression':
        return this.newExpression(node as NewExpression);
      case 'UnaryExpression':
        return this.unary(node as UnaryExpression);
      case 'BinaryExpression':
        return this.binary(node as BinaryExpression);
      case 'LogicalExpression':
        return this.logical(node as LogicalExpression);
      case 'ConditionalExpression':
        return this.conditional(node as ConditionalExpression);
      case 'AssignmentExpression':
        return this.assignment(node as AssignmentExpression);
      case 'UpdateExpression':
        return this.update(node as UpdateExpression, used);
      case 'SequenceExpression': {
        const expressions = (node as import('acorn').SequenceExpression).expressions;
        let last: Value = NUMBER(0);
        expressions.forEach((expression, i) => {
          last = this.expression(expression, used && i === expressions.length - 1);
        });
        return last;
      }
      case 'ArrayExpression':
        return this.arrayLiteral(node as import('acorn').ArrayExpression);
      case 'ParenthesizedExpression':
        return this.expression((node as import('acorn').ParenthesizedExpression).expression, used);
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        return this.fail(
          'a function used as a value (a closure) is not supported; define it with a name and call it',
          node,
        );
      case 'ObjectExpression':
        return this.fail(
          'objects are not supported: the transform computes with numbers and arrays; use the overloading modes',
          node,
        );
      case 'ThisExpression':
        return this.fail("'this' is not supported: write a plain function of x", node);
      case 'TemplateLiteral':
      case 'TaggedTemplateExpression':
        return this.fail('strings are not supported: the transform computes with numbers only', node);
      case 'AwaitExpression':
      case 'YieldExpression':
        return this.fail(`${describeNode(node)} is not supported`, node);
      case 'ChainExpression':
        return this.fail('optional chaining (?.) is not supported', node);
      case 'ClassExpression':
        return this.fail('classes are not supported; use the overloading modes', node);
      default:
        return this.fail(`${describeNode(node)} is not supported`, node);
    }
  }

  private identifier(node: Identifier): Value {
    const resolved = this.resolve(node.name, node);
    switch (resolved.kind) {
      case 'variable':
        return { operand: { kind: 'variable', variable: resolved.variable }, type: resolved.variable.type };
      case 'number':
        return NUMBER(resolved.value);
      case 'boolean':
        return BOOLEAN(resolved.value);
      case 'data':
        return this.boundData(resolved.value, node.name);
      case 'function':
      case 'known':
        return this.fail(`the function '${node.name}' used as a value is not supported; call it`, node);
      default:
        return this.fail(`'${node.name}' is not a number or an array`, node);
    }
  }

  /** A passive value from scope or a module constant, read by generated code through a bound name. */
  private boundData(value: unknown, hint: string): Value {
    const name = this.program.bind(value, hint);
    let variable = this.variables.find((v) => v.role === 'bound' && v.name === name);
    if (variable === undefined) {
      variable = { id: this.variables.length, name, sourceName: hint, type: 'data', role: 'bound' };
      this.variables.push(variable);
      this.names.add(name);
    }
    return { operand: { kind: 'variable', variable }, type: 'data' };
  }

  private member(node: MemberExpression): Value {
    if (node.object.type === 'Super') this.fail("'super' is not supported", node);
    if (!node.computed && node.object.type !== 'Identifier' && propertyName(node.property) !== 'length') {
      this.expression(node.object); // refuses `this`, objects, ... by what they are
    }
    if (!node.computed) {
      const property = propertyName(node.property);
      if (node.object.type === 'Identifier') {
        const owner = this.resolve(node.object.name, node.object);
        if (owner.kind === 'global' && owner.name === 'Math') {
          const value = MATH_CONSTANTS.get(property);
          if (value !== undefined) return NUMBER(value);
          return this.fail(`Math.${property} is not a number; call Math functions`, node);
        }
        if (owner.kind === 'global' && owner.name === 'Number') {
          const value = NUMBER_CONSTANTS.get(property);
          if (value !== undefined) return NUMBER(value);
          return this.fail(`Number.${property} is not supported here`, node);
        }
        if (owner.kind === 'namespace') {
          const member = owner.member(property);
          if (member?.kind === 'number') return NUMBER(member.value);
          if (member?.kind === 'boolean') return BOOLEAN(member.value);
          if (member?.kind === 'data') return this.boundData(member.value, property);
          return this.fail(
            `${owner.label}.${property} is not a number or an array the transform can read`,
            node,
          );
        }
      }
      if (property === 'length') {
        const array = this.expression(node.object);
        if (array.type !== 'array' && array.type !== 'data') {
          this.fail(`.length of ${describeType(array.type)}`, node);
        }
        return this.compute({ kind: 'length', array: this.asVariable(array) }, 'number');
      }
      return this.fail(
        `the property .${property} is not supported: the transform reads numbers, arrays, array[i] and array.length`,
        node,
      );
    }
    const [array, index] = this.inOrder([node.object, node.property]) as [Value, Value];
    if (array.type !== 'array' && array.type !== 'data') {
      this.fail(`indexing ${describeType(array.type)}: only arrays can be indexed`, node.object);
    }
    this.numeric(index, node.property, 'an index');
    return this.compute(
      { kind: 'load', array: this.asVariable(array), index: index.operand },
      this.elementType(array.type),
    );
  }

  private numeric(value: Value, at: Node, what: string): void {
    if (value.type === 'boolean') this.fail(`${what} is a boolean: arithmetic needs numbers`, at);
    if (value.type === 'array') this.fail(`${what} is an array: arithmetic needs numbers`, at);
  }

  /** The target of a call or `new`. */
  private calleeOf(
    callee: Expression | Super,
  ): Resolution | { kind: 'method'; object: Expression; name: string } {
    if (callee.type === 'Super') return this.fail("'super' is not supported", callee);
    if (callee.type === 'SequenceExpression') {
      // `(0, namespace.fn)(...)`, as bundlers write calls of imported functions.
      const { expressions } = callee;
      if (expressions.slice(0, -1).every((e) => e.type === 'Literal'))
        return this.calleeOf(expressions[expressions.length - 1]!);
    }
    if (callee.type === 'ParenthesizedExpression') return this.calleeOf(callee.expression);
    if (callee.type === 'Identifier') {
      const resolved = this.resolve(callee.name, callee);
      if (resolved.kind === 'variable')
        return this.fail(`'${callee.name}' is a variable, not a function`, callee);
      return resolved;
    }
    if (callee.type === 'MemberExpression' && !callee.computed && callee.object.type !== 'Super') {
      const name = propertyName(callee.property);
      if (callee.object.type === 'Identifier') {
        const binding = this.lookup(callee.object.name);
        if (binding === undefined) {
          const owner = this.resolve(callee.object.name, callee.object);
          if (owner.kind === 'global') return { kind: 'global', name: `${owner.name}.${name}` };
          if (owner.kind === 'namespace') {
            const member = owner.member(name);
            if (member === undefined)
              this.fail(`${owner.label}.${name} is not a function the transform knows`, callee);
            return member;
          }
        }
      }
      return { kind: 'method', object: callee.object as Expression, name };
    }
    return this.fail(`${describeNode(callee)} as a function is not supported`, callee);
  }

  private call(node: CallExpression, used: boolean): Value {
    if (node.optional) this.fail('optional calls (?.) are not supported', node);
    const callee = this.calleeOf(node.callee);
    const args = node.arguments;
    if (args.some((arg) => arg.type === 'SpreadElement'))
      this.fail('spread arguments are not supported', node);
    const lowerArgs = () => this.inOrder(args as Expression[]);
    switch (callee.kind) {
      case 'global':
        return this.globalCall(callee.name, node, lowerArgs);
      case 'known':
        return this.knownCall(callee.fn, node, lowerArgs);
      case 'function': {
        const values = lowerArgs();
        const id = this.program.lower(
          callee.source,
          callee.resolver,
          values.map((v) => v.type),
          () =>
            this.fail(
              `'${callee.source.name ?? 'this function'}' calls itself (directly or through others): recursion cannot be transformed; write it as a loop`,
              node,
            ),
        );
        const fn = this.program.functions.get(id)!;
        if (fn.returns === undefined) {
          if (used) this.fail(`'${fn.name}' returns no value`, node);
        }
        return this.compute(
          { kind: 'call', callee: id, operands: values.map((v) => v.operand) },
          fn.returns ?? 'number',
        );
      }
      case 'method':
        return this.methodCall(callee.object, callee.name, node, used);
      case 'errorClass':
        return this.fail(`${callee.name} is only supported in throw new ${callee.name}(...)`, node);
      default:
        return this.fail('this is not a function the transform can call', node.callee);
    }
  }

  private globalCall(name: string, node: CallExpression, lowerArgs: () => Value[]): Value {
    if (name.startsWith('Math.')) {
      const fn = name.slice(5);
      const values = lowerArgs();
      for (const [i, v] of values.entries())
        this.numeric(v, node.arguments[i]!, `argument ${i + 1} of Math.${fn}`);
      const rule = MATH_RULES.get(fn);
      if (rule !== undefined) return this.ruleCall(rule, values, node, `Math.${fn}`);
      if (fn === 'min' || fn === 'max' || fn === 'hypot') return this.variadic(fn, values);
      if (MATH_PASSIVE.has(fn)) return this.passive(fn as PassiveOperator, values, node, `Math.${fn}`);
      if (fn === 'random') {
        return this.fail(
          'Math.random is not a function of x: a transformed function must be deterministic; pass random numbers as data',
          node,
        );
      }
      return this.fail(`Math.${fn} has no derivative rule in dualtape's table`, node);
    }
    if (
      name === 'Number.isNaN' ||
      name === 'isNaN' ||
      name === 'Number.isFinite' ||
      name === 'isFinite' ||
      name === 'Number.isInteger'
    ) {
      const values = lowerArgs();
      if (values.length !== 1) this.fail(`${name} takes one argument`, node);
      this.numeric(values[0]!, node, `the argument of ${name}`);
      const operator: PassiveOperator = name.endsWith('isNaN')
        ? 'isNaN'
        : name.endsWith('isFinite')
          ? 'isFinite'
          : 'isInteger';
      return this.compute({ kind: 'passive', operator, operands: [values[0]!.operand] }, 'boolean');
    }
    return this.fail(`${name}(...) is not supported`, node);
  }

  /** `Math.min(a, b, c)` and friends: nested binary rules (hypot's value may then differ in the last bit). */
  private variadic(fn: 'min' | 'max' | 'hypot', values: Value[]): Value {
    if (values.length === 0)
      return NUMBER(fn === 'min' ? Number.POSITIVE_INFINITY : fn === 'max' ? Number.NEGATIVE_INFINITY : 0);
    if (values.length === 1) {
      return fn === 'hypot'
        ? this.compute({ kind: 'operation', rule: 'abs', operands: [values[0]!.operand] }, 'number')
        : this.compute({ kind: 'copy', operand: values[0]!.operand }, 'number');
    }
    let result = values[0]!;
    for (const value of values.slice(1)) {
      result = this.compute(
        { kind: 'operation', rule: fn, operands: [result.operand, value.operand] },
        'number',
      );
    }
    return result;
  }

  private ruleCall(rule: RuleName, values: Value[], node: Node, label: string): Value {
    const expected = rule === 'pow' || rule === 'atan2' || isBinaryRule(rule) ? 2 : 1;
    if (values.length !== expected) {
      this.fail(
        `${label} takes ${expected} argument${expected === 1 ? '' : 's'}, got ${values.length}`,
        node,
      );
    }
    for (const [i, v] of values.entries()) this.numeric(v, node, `argument ${i + 1} of ${label}`);
    return this.compute({ kind: 'operation', rule, operands: values.map((v) => v.operand) }, 'number');
  }

  private passive(operator: PassiveOperator, values: Value[], node: Node, label: string): Value {
    const expected = operator === 'mod' ? 2 : 1;
    if (values.length !== expected)
      this.fail(`${label} takes ${expected} argument${expected === 1 ? '' : 's'}`, node);
    return this.compute({ kind: 'passive', operator, operands: values.map((v) => v.operand) }, 'number');
  }

  private knownCall(fn: KnownFunction, node: CallExpression, lowerArgs: () => Value[]): Value {
    switch (fn.kind) {
      case 'rule':
        return this.ruleCall(fn.rule, lowerArgs(), node, fn.rule);
      case 'compare': {
        const values = lowerArgs();
        if (values.length !== 2) this.fail(`${fn.comparison} takes two arguments`, node);
        for (const [i, v] of values.entries()) this.numeric(v, node, `argument ${i + 1} of ${fn.comparison}`);
        return this.compute(
          { kind: 'compare', comparison: fn.comparison, left: values[0]!.operand, right: values[1]!.operand },
          'boolean',
        );
      }
      case 'stop': {
        const values = lowerArgs();
        if (values.length !== 1) this.fail(`${fn.name} takes one argument`, node);
        this.numeric(values[0]!, node, `the argument of ${fn.name}`);
        return this.compute({ kind: 'stop', operand: values[0]!.operand }, 'number');
      }
      case 'derived': {
        const source = functionSource(fn.implementation);
        const resolver = rootResolver(source, {});
        const values = lowerArgs();
        const id = this.program.lower(
          { ...source, name: fn.name },
          resolver,
          values.map((v) => v.type),
          () => this.fail(`${fn.name} calls itself`, node),
        );
        const lowered = this.program.functions.get(id)!;
        return this.compute(
          { kind: 'call', callee: id, operands: values.map((v) => v.operand) },
          lowered.returns ?? 'number',
        );
      }
    }
  }

  private methodCall(objectNode: Expression, name: string, node: CallExpression, used: boolean): Value {
    if (name === 'push') {
      const array = this.expression(objectNode);
      if (array.type !== 'array')
        this.fail(`.push on ${describeType(array.type)}: only local arrays grow`, node);
      const variable = this.asVariable(array);
      this.checkWritable(variable, node);
      const values = this.inOrder(node.arguments as Expression[]);
      values.forEach((value, i) => {
        this.numeric(value, node.arguments[i]!, 'a pushed value');
        this.emit({ kind: 'push', array: variable, value: value.operand, origin: this.origin });
      });
      return used ? this.compute({ kind: 'length', array: variable }, 'number') : NUMBER(0);
    }
    if (name === 'fill') {
      // new Array(n).fill(v) (and Array(n).fill(v)): a fresh array of n copies of v.
      const inner = objectNode;
      const isArrayConstructor =
        (inner.type === 'NewExpression' || inner.type === 'CallExpression') &&
        inner.callee.type === 'Identifier' &&
        inner.callee.name === 'Array' &&
        inner.arguments.length === 1;
      if (!isArrayConstructor)
        this.fail('.fill is supported on new Array(n) only: new Array(n).fill(v)', node);
      if (node.arguments.length !== 1) this.fail('.fill(v) takes one value', node);
      const [length, fill] = this.inOrder([
        (inner as NewExpression).arguments[0] as Expression,
        node.arguments[0] as Expression,
      ]) as [Value, Value];
      this.numeric(length, inner, 'the length');
      this.numeric(fill, node, 'the fill value');
      return this.compute(
        { kind: 'newArray', length: length.operand, fill: fill.operand, storage: 'plain' },
        'array',
      );
    }
    return this.fail(
      `the method .${name}() is not supported: the transform knows Math functions, dualtape's functions, .push and new Array(n).fill(v)`,
      node,
    );
  }

  private newExpression(node: NewExpression): Value {
    const callee = node.callee;
    if (callee.type === 'Identifier' && (callee.name === 'Float64Array' || callee.name === 'Float32Array')) {
      if (callee.name === 'Float32Array') {
        this.fail('Float32Array rounds every value to single precision; use Float64Array', node);
      }
      if (node.arguments.length !== 1) this.fail('new Float64Array(n) takes the length', node);
      const arg = node.arguments[0] as Expression;
      if (arg.type === 'ArrayExpression') return this.arrayLiteral(arg);
      const length = this.expression(arg);
      this.numeric(length, arg, 'the length');
      return this.compute(
        { kind: 'newArray', length: length.operand, fill: { kind: 'number', value: 0 }, storage: 'float64' },
        'array',
      );
    }
    if (callee.type === 'Identifier' && callee.name === 'Array') {
      // new Array(n): n holes. Transformed code reads a hole as NaN (JavaScript reads undefined, which is
      // NaN in arithmetic); code that fills the array before reading it, as usual, sees no difference.
      if (node.arguments.length !== 1 || node.arguments[0]!.type === 'SpreadElement') {
        this.fail('new Array(...) with other than one length is not supported; use an array literal', node);
      }
      const length = this.expression(node.arguments[0] as Expression);
      this.numeric(length, node, 'the length');
      return this.compute(
        {
          kind: 'newArray',
          length: length.operand,
          fill: { kind: 'number', value: Number.NaN },
          storage: 'plain',
        },
        'array',
      );
    }
    if (callee.type === 'Identifier' && isErrorClassName(callee.name)) {
      return this.fail(`new ${callee.name}(...) is only supported in a throw statement`, node);
    }
    return this.fail(`${describeNode(node)} of this class is not supported: only new Float64Array(n)`, node);
  }

  private arrayLiteral(node: import('acorn').ArrayExpression): Value {
    const nodes = node.elements.map((element) => {
      if (element === null) return this.fail('an array literal with holes is not supported', node);
      if (element.type === 'SpreadElement')
        return this.fail('spread in an array literal is not supported', element);
      return element;
    });
    const elements = this.inOrder(nodes).map((value, i) => {
      this.numeric(value, nodes[i]!, 'an array element');
      return value.operand;
    });
    return this.compute({ kind: 'arrayOf', elements }, 'array');
  }

  private unary(node: UnaryExpression): Value {
    switch (node.operator) {
      case '-': {
        const value = this.expression(node.argument);
        this.numeric(value, node.argument, 'the operand of -');
        if (value.operand.kind === 'number') return NUMBER(-value.operand.value);
        return this.compute({ kind: 'operation', rule: 'neg', operands: [value.operand] }, 'number');
      }
      case '+': {
        const value = this.expression(node.argument);
        this.numeric(value, node.argument, 'the operand of +');
        return value.operand.kind === 'number'
          ? value
          : this.compute({ kind: 'copy', operand: value.operand }, 'number');
      }
      case '!': {
        const value = this.condition(node.argument);
        if (value.operand.kind === 'boolean') return BOOLEAN(!value.operand.value);
        return this.compute({ kind: 'not', operand: value.operand }, 'boolean');
      }
      case 'void':
      case 'typeof':
      case 'delete':
      case '~':
        return this.fail(`the operator ${node.operator} is not supported`, node);
    }
  }

  private static readonly ARITHMETIC: Readonly<Record<string, RuleName>> = {
    '+': 'add',
    '-': 'sub',
    '*': 'mul',
    '/': 'div',
    '**': 'pow',
  };

  private static readonly COMPARISONS: Readonly<Record<string, Comparison>> = {
    '<': 'lt',
    '<=': 'le',
    '>': 'gt',
    '>=': 'ge',
    '===': 'eq',
    '==': 'eq',
    '!==': 'ne',
    '!=': 'ne',
  };

  private binary(node: BinaryExpression): Value {
    if (node.left.type === 'PrivateIdentifier') this.fail('private names are not supported', node);
    const operator = node.operator;
    const rule = FunctionLowering.ARITHMETIC[operator];
    const comparison = FunctionLowering.COMPARISONS[operator];
    if (rule === undefined && comparison === undefined && operator !== '%') {
      this.fail(`the operator ${operator} is not supported`, node);
    }
    const [left, right] = this.inOrder([node.left as Expression, node.right]) as [Value, Value];
    if (comparison !== undefined) {
      if (
        left.type === 'boolean' &&
        right.type === 'boolean' &&
        (comparison === 'eq' || comparison === 'ne')
      ) {
        return this.compute(
          { kind: 'compare', comparison, left: left.operand, right: right.operand },
          'boolean',
        );
      }
      this.numeric(left, node.left, `the left operand of ${operator}`);
      this.numeric(right, node.right, `the right operand of ${operator}`);
      return this.compute(
        { kind: 'compare', comparison, left: left.operand, right: right.operand },
        'boolean',
      );
    }
    this.numeric(left, node.left, `the left operand of ${operator}`);
    this.numeric(right, node.right, `the right operand of ${operator}`);
    if (operator === '%')
      return this.compute(
        { kind: 'passive', operator: 'mod', operands: [left.operand, right.operand] },
        'number',
      );
    return this.compute(
      { kind: 'operation', rule: rule!, operands: [left.operand, right.operand] },
      'number',
    );
  }

  /** A value used as a condition: booleans as they are, numbers by JavaScript's truthiness. */
  private condition(node: Expression): Value {
    const value = this.expression(node);
    if (value.type === 'boolean') return value;
    if (value.type === 'array')
      this.fail('an array as a condition is always true; compare numbers instead', node);
    if (value.operand.kind === 'number') return BOOLEAN(Boolean(value.operand.value));
    return this.compute({ kind: 'truthy', operand: value.operand }, 'boolean');
  }

  private logical(node: LogicalExpression): Value {
    if (node.operator === '??') this.fail('?? is not supported (numbers are never null)', node);
    const left = this.expression(node.left);
    if (left.type === 'array') this.fail(`an array as an operand of ${node.operator}`, node.left);
    const result = this.temporary(left.type === 'data' ? 'number' : left.type);
    this.assign(result, { kind: 'copy', operand: left.operand });
    const resultOperand: Operand = { kind: 'variable', variable: result };
    const test =
      left.type === 'boolean'
        ? resultOperand
        : this.compute({ kind: 'truthy', operand: resultOperand }, 'boolean').operand;
    const origin = this.origin;
    const evaluateRight = this.block(() => {
      const right = this.expression(node.right);
      const bothBoolean = left.type === 'boolean' && right.type === 'boolean';
      const bothNumbers = left.type !== 'boolean' && right.type !== 'boolean' && right.type !== 'array';
      if (!bothBoolean && !bothNumbers) {
        this.fail(`${node.operator} mixes ${describeType(left.type)} and ${describeType(right.type)}`, node);
      }
      this.assign(result, { kind: 'copy', operand: right.operand });
    });
    const [whenTrue, whenFalse] = node.operator === '&&' ? [evaluateRight, []] : [[], evaluateRight];
    this.emit({ kind: 'if', test, whenTrue, whenFalse, origin });
    return { operand: resultOperand, type: result.type };
  }

  private conditional(node: ConditionalExpression): Value {
    const test = this.condition(node.test);
    const origin = this.origin;
    let type: ValueType | undefined;
    let result: Variable | undefined;
    const branch = (expression: Expression) =>
      this.block(() => {
        const value = this.expression(expression);
        if (result === undefined) {
          type = value.type === 'data' ? 'number' : value.type;
          result = this.temporary(type);
        } else {
          this.checkAssignable(result, value.type, expression);
        }
        this.assign(result, { kind: 'copy', operand: value.operand });
      });
    const whenTrue = branch(node.consequent);
    const whenFalse = branch(node.alternate);
    if (test.operand.kind === 'boolean') {
      // A constant test: keep only the branch taken (its statements were lowered into their own block).
      for (const statement of test.operand.value ? whenTrue : whenFalse) this.emit(statement);
    } else {
      this.emit({ kind: 'if', test: test.operand, whenTrue, whenFalse, origin });
    }
    return { operand: { kind: 'variable', variable: result! }, type: type! };
  }

  private assignableVariable(node: Identifier): Variable {
    const resolved = this.resolve(node.name, node);
    if (resolved.kind !== 'variable')
      this.fail(`'${node.name}' is not a variable of the function and cannot be assigned`, node);
    if (resolved.constant) this.fail(`'${node.name}' is a const and cannot be assigned`, node);
    this.checkWritable(resolved.variable, node);
    return resolved.variable;
  }

  private checkWritable(variable: Variable, at: Node): void {
    if (variable.role === 'input' || variable.role === 'data' || variable.role === 'bound') {
      this.fail(
        `'${variable.sourceName ?? variable.name}' is ${variable.role === 'input' ? 'the input x' : 'passed-in data'}: the transform does not write into its arguments; copy it into a local array first`,
        at,
      );
    }
  }

  private assignment(node: AssignmentExpression): Value {
    const operator = node.operator;
    const target = node.left;
    if (target.type === 'Identifier') {
      const variable = this.assignableVariable(target);
      let value: Value;
      if (operator === '=') {
        value = this.expression(node.right);
      } else {
        const rule = FunctionLowering.ARITHMETIC[operator.slice(0, -1)];
        if (rule === undefined && operator !== '%=')
          return this.fail(`the operator ${operator} is not supported`, node);
        const current: Value = { operand: { kind: 'variable', variable }, type: variable.type };
        this.numeric(current, target, `the target of ${operator}`);
        // `s += (s = y)` adds to the s read before the right side ran.
        const [left, right] = this.inOrder([target, node.right]) as [Value, Value];
        this.numeric(right, node.right, `the right operand of ${operator}`);
        value = this.compute(
          rule === undefined
            ? { kind: 'passive', operator: 'mod', operands: [left.operand, right.operand] }
            : { kind: 'operation', rule, operands: [left.operand, right.operand] },
          'number',
        );
      }
      this.store(variable, value, node);
      return { operand: { kind: 'variable', variable }, type: variable.type };
    }
    if (target.type === 'MemberExpression') {
      if (!target.computed) this.fail(`assigning .${propertyName(target.property)} is not supported`, target);
      const rule = FunctionLowering.ARITHMETIC[operator.slice(0, -1)];
      if (operator !== '=' && rule === undefined)
        return this.fail(`the operator ${operator} on an array element is not supported`, node);
      // JavaScript evaluates the array and the index, (for `+=` reads the element,) then the right side:
      // the store goes where they pointed before the right side ran.
      const array = this.expression(target.object as Expression);
      const pinArray = this.pin(array);
      if (array.type !== 'array')
        this.fail(`writing into ${describeType(array.type)}: only local arrays can be written`, target);
      this.checkWritable(this.asVariable(array), target);
      const index = this.expression(target.property as Expression);
      const pinIndex = this.pin(index);
      this.numeric(index, target.property, 'an index');
      const current =
        operator === '='
          ? undefined
          : this.compute({ kind: 'load', array: this.asVariable(array), index: index.operand }, 'number');
      const right = this.expression(node.right);
      const storeIndex = pinIndex();
      const arrayVariable = this.asVariable(pinArray());
      let value = right;
      if (current !== undefined) {
        this.numeric(right, node.right, `the right operand of ${operator}`);
        value = this.compute(
          { kind: 'operation', rule: rule!, operands: [current.operand, right.operand] },
          'number',
        );
      }
      this.numeric(value, node.right, 'the stored value');
      this.emit({
        kind: 'store',
        array: arrayVariable,
        index: storeIndex.operand,
        value: value.operand,
        origin: this.origin,
      });
      return value;
    }
    if (target.type === 'ArrayPattern') {
      return this.fail(
        'destructuring assignment ([a, b] = [b, a]) is not supported; use a temporary',
        target,
      );
    }
    return this.fail(`assigning to ${describeNode(target as Pattern)} is not supported`, target);
  }

  private update(node: UpdateExpression, used: boolean): Value {
    const rule: RuleName = node.operator === '++' ? 'add' : 'sub';
    const target = node.argument;
    if (target.type === 'Identifier') {
      const variable = this.assignableVariable(target);
      this.numeric(
        { operand: { kind: 'variable', variable }, type: variable.type },
        target,
        `the operand of ${node.operator}`,
      );
      const old: Value | undefined =
        used && !node.prefix
          ? this.compute({ kind: 'copy', operand: { kind: 'variable', variable } }, 'number')
          : undefined;
      this.checkAssignable(variable, 'number', node);
      this.assign(variable, {
        kind: 'operation',
        rule,
        operands: [
          { kind: 'variable', variable },
          { kind: 'number', value: 1 },
        ],
      });
      return old ?? { operand: { kind: 'variable', variable }, type: 'number' };
    }
    if (target.type === 'MemberExpression' && target.computed) {
      const array = this.expression(target.object as Expression);
      if (array.type !== 'array')
        this.fail(`writing into ${describeType(array.type)}: only local arrays can be written`, target);
      const arrayVariable = this.asVariable(array);
      this.checkWritable(arrayVariable, target);
      const index = this.expression(target.property as Expression);
      const current = this.compute({ kind: 'load', array: arrayVariable, index: index.operand }, 'number');
      const next = this.compute(
        { kind: 'operation', rule, operands: [current.operand, { kind: 'number', value: 1 }] },
        'number',
      );
      this.emit({
        kind: 'store',
        array: arrayVariable,
        index: index.operand,
        value: next.operand,
        origin: this.origin,
      });
      return node.prefix ? next : current;
    }
    return this.fail(`${node.operator} on ${describeNode(target)} is not supported`, node);
  }
}

/** Whether every path through `statements` ends in a return or a throw. */
function alwaysReturns(statements: readonly Statement[]): boolean {
  const last = statements[statements.length - 1];
  if (last === undefined) return false;
  if (last.kind === 'return' || last.kind === 'throw') return true;
  return last.kind === 'if' && alwaysReturns(last.whenTrue) && alwaysReturns(last.whenFalse);
}

function isBinaryRule(rule: RuleName): boolean {
  return ['add', 'sub', 'mul', 'div', 'pow', 'atan2', 'hypot', 'min', 'max'].includes(rule);
}

function propertyName(node: Expression | PrivateIdentifier): string {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'PrivateIdentifier') return `#${node.name}`;
  return '?';
}

function describeType(type: ValueType): string {
  switch (type) {
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'array':
      return 'an array';
    case 'data':
      return 'data';
  }
}

function describeLiteral(value: unknown): string {
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)}`;
  if (value === null) return 'null';
  if (typeof value === 'bigint') return 'a BigInt';
  if (value instanceof RegExp) return 'a regular expression';
  return String(value);
}

const NODE_NAMES: Readonly<Record<string, string>> = {
  ObjectPattern: 'an object pattern',
  AssignmentPattern: 'a default value',
  RestElement: 'a rest element',
  MemberExpression: 'a property',
  NewExpression: 'new',
  AwaitExpression: 'await',
  YieldExpression: 'yield',
  ArrayPattern: 'an array pattern',
  CallExpression: 'a call',
  ImportExpression: 'import()',
  MetaProperty: 'a meta property',
};

function describeNode(node: Node): string {
  return NODE_NAMES[node.type] ?? node.type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Lowers the entry function and everything it calls. */
export function lowerProgram(source: FunctionSource, options: LowerOptions = {}): ProgramIR {
  const scope = options.scope ?? {};
  const builder = new ProgramBuilder();
  const resolver = rootResolver(source, scope);
  const entry = builder.lower(source, resolver, 'entry', () => {
    throw new Error('unreachable: the entry is lowered first');
  });
  const fn = builder.functions.get(entry)!;
  if (fn.returns === undefined) {
    throw new TransformError(
      'the function never returns a value: it must return a number or an array',
      fn.origin.position,
      fn.origin.source,
      fn.name,
    );
  }
  return { entry, functions: builder.functions, bound: builder.bound, source: source.text };
}
