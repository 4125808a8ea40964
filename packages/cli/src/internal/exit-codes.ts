/**
 * The CLI's exit statuses, in one place: they are part of its interface (scripts and CI read them).
 */

/** Everything ran and every check agreed. */
export const EXIT_OK = 0;
/** A check ran and found a disagreement beyond tolerance (or a non-finite result). */
export const EXIT_DISAGREEMENT = 1;
/** Bad usage or bad input: unknown option, unparsable expression, missing variable, bad number... */
export const EXIT_USAGE = 2;
/** An error dualtape did not expect: a bug (EX_SOFTWARE from sysexits.h). */
export const EXIT_INTERNAL = 70;

/** The worse of two exit statuses: internal > usage > disagreement > ok. */
export function worseExit(a: number, b: number): number {
  const rank = (code: number): number =>
    code === EXIT_INTERNAL ? 3 : code === EXIT_USAGE ? 2 : code === EXIT_DISAGREEMENT ? 1 : 0;
  return rank(a) >= rank(b) ? a : b;
}
