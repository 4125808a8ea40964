/**
 * What every experiment declares in the manifest.ts of its folder, read before anything runs: its name,
 * its lines of `dualtape bench --help`, and its slice of the profile for the full and the quick run.
 */

/** What the command line and the profile know of an experiment before it runs. */
export interface ExperimentManifest<Name extends string, Slice extends object> {
  /** The command-line name, e.g. `'gradient'`. */
  readonly name: Name;
  /** Other names the command line accepts for it. */
  readonly aliases?: readonly string[];
  /** Its lines in `dualtape bench --help`: what it measures. */
  readonly summary: readonly string[];
  /** Its settings of the default (full) run. */
  readonly full: Slice;
  /** Its settings of `--quick`. */
  readonly quick: Slice;
}
