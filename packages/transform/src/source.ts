/**
 * Reading source text: a function object's own text (`Function.prototype.toString`), or a module's text
 * with an entry name. Parsing is acorn's (ESTree syntax trees with a position on every node); this module
 * finds the function to transform and what the surrounding text declares (other functions, constants,
 * imports of dualtape's functions), for the lowering to resolve names against.
 */
import { type Expression, type Function as FunctionNode, type Node, type Program, parse } from 'acorn';
import { type SourcePosition, TransformError } from './errors.js';

/** A function's syntax tree and the text its positions refer to. */
export interface FunctionSource {
  readonly node: FunctionNode;
  /** The source name, or undefined for an anonymous function. */
  readonly name: string | undefined;
  /** The text every position of `node` refers to. */
  readonly text: string;
  /** Names declared around the function (a module's top level), or undefined for a function object. */
  readonly module: ModuleScope | undefined;
}

/** What a module's top level declares. */
export interface ModuleScope {
  readonly functions: ReadonlyMap<string, FunctionNode>;
  /** `const NAME = expression` at top level (evaluated by the lowering when used: numbers and arrays). */
  readonly constants: ReadonlyMap<string, Expression>;
  /** Imported names: local name -> the module and the exported name (`'*'` for a namespace import). */
  readonly imports: ReadonlyMap<string, { readonly from: string; readonly name: string }>;
  /** Names declared with `let` or `var` at top level: mutable state a function must not read. */
  readonly mutable: ReadonlySet<string>;
  /** The name of the default export when it is a function, if any. */
  readonly defaultExport: string | undefined;
}

const ACORN = { ecmaVersion: 'latest', locations: true } as const;

/** The position of a node in its text. */
export function positionOf(node: Node): SourcePosition {
  const start = node.loc?.start;
  return { line: start?.line ?? 1, column: start?.column ?? 0, offset: node.start };
}

function syntaxError(error: unknown, text: string, offsetShift: number): TransformError {
  const { message, loc, pos } = error as {
    message: string;
    loc?: { line: number; column: number };
    pos?: number;
  };
  const reason = `the source does not parse: ${message.replace(/\s*\(\d+:\d+\)$/, '')}`;
  if (loc === undefined) return new TransformError(reason, undefined, text);
  return new TransformError(
    reason,
    {
      line: loc.line,
      column: Math.max(0, loc.column - (loc.line === 1 ? offsetShift : 0)),
      offset: (pos ?? 0) - offsetShift,
    },
    text,
  );
}

/**
 * The syntax tree of a function object, from its own text. Arrow functions, function declarations and
 * expressions, and methods (`name(x) { ... }`) are accepted; built-in and bound functions have no text.
 */
export function functionSource(f: (...args: never[]) => unknown): FunctionSource {
  const text = Function.prototype.toString.call(f);
  if (/\{\s*\[native code\]\s*\}\s*$/.test(text)) {
    throw new TransformError(
      `${f.name ? `'${f.name}'` : 'the function'} is a built-in or bound function: its source text is not available to transform`,
      undefined,
      undefined,
    );
  }
  // As an expression first (arrows, function expressions and declarations); a method's text needs an
  // object literal around it. Positions are shifted back so they refer to `text` itself.
  const attempts: [string, number][] = [
    [`(${text})`, 1],
    [`({${text}})`, 2],
  ];
  let firstError: unknown;
  for (const [wrapped, shift] of attempts) {
    let program: Program;
    try {
      program = parse(wrapped, ACORN);
    } catch (error) {
      firstError ??= error;
      continue;
    }
    const node = findFunction(program);
    if (node !== undefined) {
      const relocated = relocate(node, shift);
      return { node: relocated, name: f.name || undefined, text, module: undefined };
    }
  }
  throw syntaxError(firstError, text, 1);
}

/** The function a wrapped text holds: the expression itself, or the single method of an object literal. */
function findFunction(program: Program): FunctionNode | undefined {
  const statement = program.body[0];
  if (statement?.type !== 'ExpressionStatement') return undefined;
  const expression = statement.expression;
  if (expression.type === 'ArrowFunctionExpression' || expression.type === 'FunctionExpression') {
    return expression;
  }
  if (expression.type === 'ObjectExpression' && expression.properties.length === 1) {
    const property = expression.properties[0];
    if (property?.type === 'Property' && property.value.type === 'FunctionExpression') return property.value;
  }
  return undefined;
}

/** Shifts every position of a tree by `shift` characters on line 1 (undoing the wrapping). */
function relocate<T extends Node>(root: T, shift: number): T {
  const stack: unknown[] = [root];
  const seen = new Set<unknown>();
  // acorn shares one Position object among the nodes that start (or end) at the same token: move each once.
  const moved = new Set<unknown>();
  const move = (position: { line: number; column: number }) => {
    if (moved.has(position)) return;
    moved.add(position);
    if (position.line === 1) position.column -= shift;
  };
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      stack.push(...value);
      continue;
    }
    const node = value as Partial<Node> & Record<string, unknown>;
    if (typeof node.type === 'string' && typeof node.start === 'number') {
      node.start -= shift;
      node.end = (node.end ?? 0) - shift;
      if (node.loc) {
        move(node.loc.start);
        move(node.loc.end);
      }
    }
    for (const [key, child] of Object.entries(node)) {
      if (key !== 'loc' && child !== null && typeof child === 'object') stack.push(child);
    }
  }
  return root;
}

/**
 * A module's text: its top-level functions (declarations, `const f = (...) => ...`, exported or not), its
 * constants and imports, and the entry function by name (default: the default export, else the only
 * exported function, else the only function).
 */
export function moduleSource(text: string, entry: string | undefined): FunctionSource {
  let program: Program;
  try {
    program = parse(text, { ...ACORN, sourceType: 'module' });
  } catch (error) {
    throw syntaxError(error, text, 0);
  }
  const functions = new Map<string, FunctionNode>();
  const constants = new Map<string, Expression>();
  const imports = new Map<string, { from: string; name: string }>();
  const mutable = new Set<string>();
  const exported = new Set<string>();
  let defaultExport: string | undefined;
  let anonymousDefault: FunctionNode | undefined;

  const declare = (statement: Node, isExported: boolean): void => {
    if (statement.type === 'FunctionDeclaration') {
      const declaration = statement as FunctionNode & { id: { name: string } };
      functions.set(declaration.id.name, declaration);
      if (isExported) exported.add(declaration.id.name);
      return;
    }
    if (statement.type !== 'VariableDeclaration') return;
    const declaration = statement as import('acorn').VariableDeclaration;
    for (const declarator of declaration.declarations) {
      if (declarator.id.type !== 'Identifier') continue;
      const name = declarator.id.name;
      if (isExported) exported.add(name);
      if (declaration.kind !== 'const') {
        mutable.add(name);
        continue;
      }
      const init = declarator.init;
      if (init && (init.type === 'ArrowFunctionExpression' || init.type === 'FunctionExpression')) {
        functions.set(name, init);
      } else if (init) {
        constants.set(name, init);
      }
    }
  };

  for (const statement of program.body) {
    switch (statement.type) {
      case 'ImportDeclaration':
        for (const specifier of statement.specifiers) {
          const from = String(statement.source.value);
          if (specifier.type === 'ImportSpecifier') {
            const imported = specifier.imported;
            const name = imported.type === 'Identifier' ? imported.name : String(imported.value);
            imports.set(specifier.local.name, { from, name });
          } else if (specifier.type === 'ImportNamespaceSpecifier') {
            imports.set(specifier.local.name, { from, name: '*' });
          } else {
            imports.set(specifier.local.name, { from, name: 'default' });
          }
        }
        break;
      case 'ExportNamedDeclaration':
        if (statement.declaration) declare(statement.declaration, true);
        for (const specifier of statement.specifiers) {
          if (specifier.local.type === 'Identifier') exported.add(specifier.local.name);
        }
        break;
      case 'ExportDefaultDeclaration': {
        const declaration = statement.declaration;
        if (declaration.type === 'FunctionDeclaration' && declaration.id) {
          declare(declaration, true);
          defaultExport = declaration.id.name;
        } else if (
          declaration.type === 'FunctionDeclaration' ||
          declaration.type === 'ArrowFunctionExpression' ||
          declaration.type === 'FunctionExpression'
        ) {
          anonymousDefault = declaration as FunctionNode;
        } else if (declaration.type === 'Identifier') {
          defaultExport = declaration.name;
        }
        break;
      }
      default:
        declare(statement, false);
    }
  }
  if (anonymousDefault !== undefined) {
    defaultExport = 'default';
    functions.set('default', anonymousDefault);
  }

  const module: ModuleScope = { functions, constants, imports, mutable, defaultExport };
  const chosen =
    entry === 'default' && defaultExport !== undefined
      ? defaultExport
      : (entry ?? pickEntry(functions, exported, defaultExport));
  const node = functions.get(chosen);
  if (node === undefined) {
    const known = [...functions.keys()].filter((name) => name !== 'default');
    throw new TransformError(
      `the module has no function '${chosen}' (its functions: ${known.length > 0 ? known.join(', ') : 'none'})`,
      undefined,
      undefined,
    );
  }
  return { node, name: chosen === 'default' ? 'default' : chosen, text, module };
}

function pickEntry(
  functions: ReadonlyMap<string, FunctionNode>,
  exported: ReadonlySet<string>,
  defaultExport: string | undefined,
): string {
  if (defaultExport !== undefined && functions.has(defaultExport)) return defaultExport;
  const exportedFunctions = [...exported].filter((name) => functions.has(name));
  if (exportedFunctions.length === 1) return exportedFunctions[0]!;
  if (functions.size === 1) return [...functions.keys()][0]!;
  const candidates = exportedFunctions.length > 0 ? exportedFunctions : [...functions.keys()];
  throw new TransformError(
    `the module has several functions (${candidates.join(', ')}): name the one to differentiate with the 'entry' option`,
    undefined,
    undefined,
  );
}
