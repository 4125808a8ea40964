/**
 * Vitest global setup of the cli project: the CLI tests run the BUILT binary
 * (`node packages/cli/dist/cli.js`), so the TypeScript build of this package and of everything it
 * references runs once before them (`tsc -b packages/cli`: incremental, a no-op after `pnpm build`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The monorepo root. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export function setup(): void {
  const tsc = `${ROOT}node_modules/.bin/tsc`;
  const build = spawnSync(tsc, ['-b', 'packages/cli'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) {
    throw new Error(`tsc -b packages/cli failed (exit ${build.status}):\n${build.stdout}${build.stderr}`);
  }
  if (!existsSync(`${ROOT}packages/cli/dist/cli.js`)) {
    throw new Error('the build did not produce packages/cli/dist/cli.js');
  }
}
