/**
 * The workspace's import graph, read from the sources as text: which file imports which (relative
 * imports, type-only ones included, since a type cycle is still a cycle for a reader), which packages
 * each package imports, the cycles among files, and the `node:` imports. The layering test
 * (tools/test/import-graph.test.ts) holds the graph to DESIGN.md's rules; `pnpm tsx
 * tools/src/import-graph.ts` prints the package graph.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** A workspace package: its folder (relative to the root), name and manifest's dependencies. */
export interface WorkspacePackage {
  readonly folder: string;
  readonly name: string;
  readonly dependencies: readonly string[];
  readonly private: boolean;
}

/** One source file's imports. */
export interface SourceFile {
  /** Path relative to the root. */
  readonly path: string;
  /** The package folder it belongs to. */
  readonly folder: string;
  /** Files it imports by relative path (relative to the root). */
  readonly files: readonly string[];
  /** Bare specifiers it imports: packages (`@dualtape/core`, `commander`) and `node:` modules. */
  readonly modules: readonly string[];
}

const SPECIFIER =
  /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The workspace packages (packages/*, bench, examples, agreement). */
export function workspacePackages(root = ROOT): WorkspacePackage[] {
  const folders = [
    ...readdirSync(join(root, 'packages')).map((name) => `packages/${name}`),
    'bench',
    'examples',
    'agreement',
  ].filter((folder) => existsSync(join(root, folder, 'package.json')));
  return folders.map((folder) => {
    const manifest = JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8')) as {
      name: string;
      private?: boolean;
      dependencies?: Record<string, string>;
    };
    return {
      folder,
      name: manifest.name,
      dependencies: Object.keys(manifest.dependencies ?? {}),
      private: manifest.private === true,
    };
  });
}

function typescriptFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).flatMap((entry) => {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) return typescriptFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every `src/` file of every workspace package with what it imports. */
export function sourceFiles(root = ROOT): SourceFile[] {
  return workspacePackages(root).flatMap(({ folder }) =>
    typescriptFiles(join(root, folder, 'src')).map((absolute) => {
      const text = readFileSync(absolute, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
      const files: string[] = [];
      const modules: string[] = [];
      for (const match of text.matchAll(SPECIFIER)) {
        const specifier = match[1] ?? match[2]!;
        if (specifier.startsWith('.')) {
          files.push(relative(root, resolve(dirname(absolute), specifier.replace(/\.js$/, '.ts'))));
        } else {
          modules.push(specifier);
        }
      }
      return { path: relative(root, absolute), folder, files, modules };
    }),
  );
}

/** The package a bare specifier names (`@dualtape/core/x` -> `@dualtape/core`, `node:fs` stays). */
export function packageOf(specifier: string): string {
  if (specifier.startsWith('node:')) return specifier;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Package name -> the workspace packages its sources import (sorted). */
export function packageGraph(root = ROOT): Map<string, string[]> {
  const packages = workspacePackages(root);
  const names = new Set(packages.map((pkg) => pkg.name));
  const byFolder = new Map(packages.map((pkg) => [pkg.folder, pkg.name]));
  const graph = new Map<string, Set<string>>(packages.map((pkg) => [pkg.name, new Set()]));
  for (const file of sourceFiles(root)) {
    const from = byFolder.get(file.folder)!;
    for (const module of file.modules) {
      const name = packageOf(module);
      if (names.has(name) && name !== from) graph.get(from)!.add(name);
    }
  }
  return new Map([...graph].map(([name, targets]) => [name, [...targets].sort()]));
}

/** The cycles among files (strongly connected components of two or more files, or a file importing itself). */
export function fileCycles(files: readonly SourceFile[]): string[][] {
  const edges = new Map(files.map((file) => [file.path, file.files]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  for (const start of edges.keys()) {
    if (index.has(start)) continue;
    // Tarjan's algorithm with an explicit stack of (node, next edge) frames: no recursion.
    const frames: { node: string; next: number }[] = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const targets = edges.get(frame.node) ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next++]!;
        if (!edges.has(target)) continue;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          frames.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent !== undefined) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1 || targets.includes(frame.node)) cycles.push(component.sort());
      }
    }
  }
  return cycles;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const [name, targets] of packageGraph()) console.log(`${name} -> ${targets.join(', ') || '(none)'}`);
  const cycles = fileCycles(sourceFiles());
  console.log(cycles.length === 0 ? 'no file cycles' : cycles.map((cycle) => cycle.join(' <-> ')).join('\n'));
}
