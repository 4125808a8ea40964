/**
 * The layering of DESIGN.md, checked on the sources: no import cycles among files; the modes import core
 * only (never the zoo or the expression language); the library packages have no runtime dependencies
 * outside the workspace's libraries and no `node:` imports, so they run in a browser (the transform's one
 * exception is its parser, acorn, which runs in a browser too); the umbrella library pulls in no CLI or
 * benchmark package; reverse mode's internals keep to their side of `Var` (what works on the tape alone
 * never imports what runs f on `Var`s); bench's engine knows no experiment, and no experiment another's.
 */
import { describe, expect, it } from 'vitest';
import { fileCycles, packageGraph, packageOf, sourceFiles, workspacePackages } from '../src/import-graph.js';

const LIBRARIES = [
  '@dualtape/core',
  '@dualtape/zoo',
  '@dualtape/expression',
  '@dualtape/forward',
  '@dualtape/reverse',
  '@dualtape/numeric',
  '@dualtape/transform',
  'dualtape',
];
/** The runtime dependencies a library may have beyond the workspace's libraries, with the reason. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  // DESIGN.md: source transformation parses the user's JavaScript with a well-kept parser.
  '@dualtape/transform': ['acorn'],
};
const MODES = ['@dualtape/forward', '@dualtape/reverse', '@dualtape/numeric'];
const files = sourceFiles();
const packages = workspacePackages();
const graph = packageGraph();

describe('the import graph', () => {
  it('has no cycles among files', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(fileCycles(files)).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const cyclic = [
      { path: 'a.ts', folder: 'x', files: ['b.ts'], modules: [] },
      { path: 'b.ts', folder: 'x', files: ['c.ts'], modules: [] },
      { path: 'c.ts', folder: 'x', files: ['a.ts'], modules: [] },
      { path: 'd.ts', folder: 'x', files: ['a.ts'], modules: [] },
    ];
    expect(fileCycles(cyclic)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });

  it('lets the modes import core and nothing else of the workspace (no zoo, no expression language)', () => {
    for (const mode of MODES) expect(graph.get(mode), mode).toEqual(['@dualtape/core']);
    for (const name of ['@dualtape/zoo', '@dualtape/expression']) {
      expect(graph.get(name), name).toEqual(['@dualtape/core']);
    }
    expect(graph.get('@dualtape/core')).toEqual([]);
  });

  it('keeps the library packages free of runtime dependencies and node: imports', () => {
    for (const name of LIBRARIES) {
      const pkg = packages.find((candidate) => candidate.name === name)!;
      expect(pkg, name).toBeDefined();
      expect(
        pkg.dependencies.filter(
          (dependency) => !LIBRARIES.includes(dependency) && !(ALLOWED[name] ?? []).includes(dependency),
        ),
        `${name}'s dependencies`,
      ).toEqual([]);
      const imported = files
        .filter((file) => file.folder === pkg.folder)
        .flatMap((file) => file.modules.map(packageOf))
        .filter((module) => !LIBRARIES.includes(module) && !(ALLOWED[name] ?? []).includes(module));
      expect(imported, `${name}'s imports`).toEqual([]);
    }
  });

  it("keeps reverse mode's internal/tape below Var and internal/calls above it", () => {
    const reverse = 'packages/reverse/src/';
    // Above the tape's internals: Var, the public calls (every file outside internal/) and internal/calls.
    const isAbove = (path: string) =>
      path.startsWith(`${reverse}internal/calls/`) || !path.startsWith(`${reverse}internal/`);
    const below = files.filter((file) => file.path.startsWith(`${reverse}internal/tape/`));
    expect(below.length).toBeGreaterThan(3);
    for (const file of below) {
      const reaching = file.files.filter((path) => path !== `${reverse}tape.ts` && isAbove(path));
      expect(reaching, file.path).toEqual([]);
    }
  });

  it("keeps bench's engine free of experiments and each experiment's folder to itself", () => {
    const bench = 'bench/src/';
    const engine = files.filter((file) => file.path.startsWith(`${bench}engine/`));
    expect(engine.length).toBeGreaterThan(5);
    for (const file of engine) {
      expect(
        file.files.filter((path) => path.startsWith(`${bench}experiments/`)),
        file.path,
      ).toEqual([]);
    }
    const folderOf = (path: string) => /^bench\/src\/experiments\/([^/]+)\//.exec(path)?.[1];
    for (const file of files) {
      const own = folderOf(file.path);
      if (own === undefined) continue;
      const others = file.files.filter((path) => folderOf(path) !== undefined && folderOf(path) !== own);
      expect(others, file.path).toEqual([]);
    }
  });
});
