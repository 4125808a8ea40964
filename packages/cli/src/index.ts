/**
 * @dualtape/cli — the `dualtape` command-line tool (its bin is dist/cli.js): `grad`, `jacobian`,
 * `hessian`, `check`, `graph`, `zoo`, `bench` and `demo`, built on the `dualtape` library and, for `bench`,
 * @dualtape/bench. The library itself depends on neither. Exported for embedding and tests: `runCli`,
 * which runs one command line against given streams and returns the exit status.
 */
export type { CliIo, OutputStream } from './internal/io.js';
export { runCli } from './internal/program.js';
