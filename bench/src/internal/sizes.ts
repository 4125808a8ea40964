/** Size lists of the profiles. */

/** 2^from, 2^(from + every), ... up to 2^to. */
export function powersOfTwo(from: number, to: number, every = 1): number[] {
  const sizes: number[] = [];
  for (let k = from; k <= to; k += every) sizes.push(2 ** k);
  return sizes;
}
