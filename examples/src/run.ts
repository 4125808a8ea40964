/**
 * Entry point of `pnpm example [name ...]`: runs the named walkthroughs (all when none is named) and
 * prints them. Exit code 0, or 2 for an unknown name.
 */
import { runWalkthroughs } from './walkthroughs.js';

process.exitCode = runWalkthroughs(
  process.argv.slice(2),
  (line) => console.log(line),
  (line) => console.error(line),
);
