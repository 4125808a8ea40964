/**
 * Vitest global setup of the dualtape project: the CLI tests run the BUILT binary
 * (`node packages/dualtape/dist/cli.js`), so the TypeScript build of this package and of everything it
 * references runs once before them (`tsc -b packages/dualtape`: incremental, a no-op after `pnpm build`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The monorepo root. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export function setup(): void {
  const tsc = `${ROOT}node_modules/.bin/tsc`;
  const build = spawnSync(tsc, ['-b', 'packages/dualtape'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) {
    throw new Error(
      `tsc -b packages/dualtape failed (exit ${build.status}):\n${build.stdout}${build.stderr}`,
    );
  }
  if (!existsSync(`${ROOT}packages/dualtape/dist/cli.js`)) {
    throw new Error('the build did not produce packages/dualtape/dist/cli.js');
  }
}
