/**
 * The package as a user installs it, and the `dualtape` bin (bin/dualtape.js). Every workspace package
 * that is not private is packed with `pnpm pack` (workspace versions become real ones), the tarballs are
 * installed together into an empty temporary project with npm — dualtape's own packages from the
 * tarballs only, third-party ones (commander, acorn, ...) from npm's cache or registry — and the CLI and
 * the library are run there. Slow by nature (a pack per package and an npm install: about 15–30 s),
 * so it is one test, and the global setup's build is what it packs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

interface Manifest {
  name: string;
  private?: boolean;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** Every workspace package's folder and manifest (the folders pnpm-workspace.yaml lists). */
function workspacePackages(): { dir: string; manifest: Manifest }[] {
  const dirs = [
    ...readdirSync(join(ROOT, 'packages')).map((name) => join(ROOT, 'packages', name)),
    join(ROOT, 'bench'),
    join(ROOT, 'examples'),
    join(ROOT, 'agreement'),
  ];
  return dirs
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({
      dir,
      manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest,
    }));
}

const packages = workspacePackages();
const published = packages.filter((entry) => entry.manifest.private !== true);
const privateNames = new Set(
  packages.filter((entry) => entry.manifest.private === true).map((e) => e.manifest.name),
);

function run(command: string, args: readonly string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return {
    status: result.status,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? String(result.error ?? ''),
  };
}

describe('the published packages', () => {
  it('are the libraries and the CLI, and none needs a private package at run time', () => {
    expect(published.map((entry) => entry.manifest.name).sort()).toEqual(
      [
        '@dualtape/cli',
        '@dualtape/core',
        '@dualtape/expression',
        '@dualtape/forward',
        '@dualtape/numeric',
        '@dualtape/reverse',
        '@dualtape/transform',
        '@dualtape/zoo',
        'dualtape',
      ].sort(),
    );
    expect(privateNames.has('@dualtape/bench')).toBe(true);
    for (const { manifest } of published) {
      const runtime = {
        ...manifest.dependencies,
        ...manifest.peerDependencies,
        ...manifest.optionalDependencies,
      };
      for (const name of Object.keys(runtime))
        expect(privateNames.has(name), `${manifest.name} → ${name}`).toBe(false);
    }
  });

  it('the repository links the dualtape bin: node_modules/.bin/dualtape runs the built CLI', () => {
    const bin = join(ROOT, 'node_modules', '.bin', 'dualtape');
    expect(existsSync(bin), 'pnpm install should link the bin of @dualtape/cli at the root').toBe(true);
    const result = run(bin, ['grad', 'x^2', '--at', 'x=3', '--json'], ROOT);
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).gradient).toEqual({ x: 6 });
  });

  describe('packed and installed with npm in an empty project', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'dualtape-install-'));
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));

    it('runs npx dualtape grad, imports dualtape, and says where the benchmarks are', () => {
      const tarballs = join(scratch, 'tarballs');
      for (const { dir, manifest } of published) {
        const packed = run('pnpm', ['pack', '--pack-destination', tarballs], dir);
        expect(packed.status, `pnpm pack of ${manifest.name}: ${packed.stderr}`).toBe(0);
      }
      const files = readdirSync(tarballs).filter((file) => file.endsWith('.tgz'));
      expect(files).toHaveLength(published.length);

      const project = join(scratch, 'project');
      spawnSync('mkdir', ['-p', project]);
      writeFileSync(
        join(project, 'package.json'),
        '{ "name": "uses-dualtape", "private": true, "type": "module" }\n',
      );
      const installed = run(
        'npm',
        [
          'install',
          '--no-audit',
          '--no-fund',
          '--prefer-offline',
          ...files.map((file) => join(tarballs, file)),
        ],
        project,
      );
      expect(installed.status, `npm install: ${installed.stderr}`).toBe(0);
      expect(existsSync(join(project, 'node_modules', '@dualtape', 'bench'))).toBe(false);
      expect(existsSync(join(project, 'node_modules', '@tensorflow'))).toBe(false);
      // dualtape's own packages came from the tarballs, each once, never from a registry.
      const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8')) as {
        packages: Record<string, { resolved?: string }>;
      };
      const own = Object.entries(lock.packages).filter(([path]) =>
        /(^|\/)node_modules\/(@dualtape\/[^/]+|dualtape)$/.test(path),
      );
      expect(own.map(([path]) => path).sort()).toEqual(
        published.map((entry) => `node_modules/${entry.manifest.name}`).sort(),
      );
      for (const [path, entry] of own) expect(entry.resolved ?? '', path).toMatch(/^file:/);

      const grad = run('npx', ['--no-install', 'dualtape', 'grad', 'x^2', '--at', 'x=3'], project);
      expect(grad.status, grad.stderr).toBe(0);
      expect(grad.stdout).toMatch(/gradient\s+∂f\/∂x = 6\n/);

      const library = run(
        'node',
        [
          '--input-type=module',
          '-e',
          "import { gradient } from 'dualtape'; console.log(gradient((x) => x[0] * x[0] * x[1], [3, 2]).join(' '));",
        ],
        project,
      );
      expect(library.status, library.stderr).toBe(0);
      expect(library.stdout.trim()).toBe('12 9');

      const bench = run('npx', ['--no-install', 'dualtape', 'bench', '--quick'], project);
      expect(bench.status).toBe(2);
      expect(bench.stderr).toContain("'dualtape bench' needs @dualtape/bench, which is not installed");
      expect(bench.stderr).not.toMatch(/\n\s+at /);
    }, 180_000);
  });
});
