/**
 * "Did you mean ...?" suggestions for unknown names (functions in expressions, zoo entries): the
 * candidate at the smallest edit distance, if it is close enough to be a plausible typo.
 */

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of two adjacent
 * characters each cost 1 (so `sni` is one step from `sin`).
 */
export function editDistance(a: string, b: string): number {
  // Three rolling rows (two back, one back, current) are enough for adjacent swaps.
  let twoBack = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, twoBack[j - 2]! + 1);
      }
      current[j] = best;
    }
    [twoBack, previous, current] = [previous, current, twoBack];
  }
  return previous[b.length]!;
}

/**
 * The candidate closest to `name` by edit distance (ignoring case), or undefined when none is close
 * enough to be a plausible typo: at most two thirds of the name's length (rounded up) may differ, so
 * `foo` may suggest `cos` but `x` suggests nothing. Ties go to the alphabetically first candidate, so the
 * suggestion does not depend on the order of `candidates`.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const wanted = name.toLowerCase();
  const allowed = Math.max(1, Math.ceil((wanted.length * 2) / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (distance > allowed) continue;
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
