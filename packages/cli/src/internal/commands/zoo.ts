/** `dualtape zoo`: the function zoo at a glance (name, N, M at the default size, description). */
import { ZOO } from '@dualtape/zoo';
import { EXIT_OK } from '../exit-codes.js';
import { type CliIo, colorsFor } from '../io.js';
import { toJsonText } from '../json.js';
import { table } from '../render.js';

/** Runs `zoo`. */
export function runZoo(options: { readonly json?: boolean }, io: CliIo): number {
  const entries = ZOO.map((entry) => ({
    name: entry.name,
    kind: entry.kind,
    defaultSize: entry.defaultSize,
    minSize: entry.minSize,
    inputs: entry.inputSize(entry.defaultSize),
    outputs: entry.outputSize(entry.defaultSize),
    description: entry.description,
  }));
  if (options.json === true) {
    for (const entry of entries) io.stdout.write(`${toJsonText(entry)}\n`);
    return EXIT_OK;
  }
  const colors = colorsFor(io.stdout, io.env);
  const rows = entries.map((entry) => [
    entry.name,
    entry.kind === 'scalar' ? 'R^N → R' : 'R^N → R^M',
    String(entry.inputs),
    String(entry.outputs),
    String(entry.defaultSize),
    entry.description,
  ]);
  io.stdout.write(`${table(colors, ['name', 'kind', 'N', 'M', 'size', 'description'], rows)}\n`);
  io.stdout.write(
    `${colors.dim('N and M at the default size; use --zoo NAME --size S with grad, jacobian, hessian, check.')}\n`,
  );
  return EXIT_OK;
}
