#!/usr/bin/env node
// The `dualtape` bin: runs the built CLI (dist/cli.js). In a checkout of the repository, dist/ is made by
// `pnpm install` (its prepare step) or `pnpm build`; without it this says so in one line instead of
// Node's module-not-found stack trace. A published package always ships dist/.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli.js', import.meta.url);
if (existsSync(entry)) {
  await import(entry.href);
} else {
  process.stderr.write(
    "error: dualtape is not built (no dist/cli.js next to this bin): run 'pnpm build' in the repository\n",
  );
  process.exitCode = 2;
}
