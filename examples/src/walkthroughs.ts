/** The named walkthroughs and the command that runs them (`run.ts` is its node entry point). */
import type { Write } from './textbook/format.js';
import { runTextbook } from './textbook/index.js';

/** Every walkthrough, by the name `pnpm example <name>` takes. */
export const WALKTHROUGHS: Readonly<Record<string, (write: Write) => void>> = {
  textbook: runTextbook,
};

/**
 * Runs the walkthroughs named in `names` (all of them when empty), writing to `write` and problems to
 * `writeError`. Returns the process exit code: 0, or 2 for an unknown name.
 */
export function runWalkthroughs(names: readonly string[], write: Write, writeError: Write): number {
  const unknown = names.filter((name) => !Object.hasOwn(WALKTHROUGHS, name));
  if (unknown.length > 0) {
    writeError(`unknown walkthrough '${unknown[0]}'; available: ${Object.keys(WALKTHROUGHS).join(', ')}`);
    return 2;
  }
  for (const name of names.length > 0 ? names : Object.keys(WALKTHROUGHS)) WALKTHROUGHS[name]!(write);
  return 0;
}
