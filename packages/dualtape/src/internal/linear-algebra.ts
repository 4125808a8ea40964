/** The two matrix-vector products the umbrella needs to answer J·v and uᵀ·J from a whole Jacobian. */

/** J·v for J given as rows. */
export function jacobianTimesVector(rows: readonly Float64Array[], v: Float64Array): Float64Array {
  return Float64Array.from(rows, (row) => {
    let total = 0;
    for (let j = 0; j < row.length; j++) total += row[j]! * v[j]!;
    return total;
  });
}

/** uᵀ·J for J given as rows (length N = the rows' length). */
export function vectorTimesJacobian(
  u: Float64Array,
  rows: readonly Float64Array[],
  columns: number,
): Float64Array {
  const result = new Float64Array(columns);
  rows.forEach((row, i) => {
    const weight = u[i]!;
    // A zero weight contributes exactly 0 even against a NaN row (core's strong-zero convention).
    if (weight === 0) return;
    for (let j = 0; j < columns; j++) result[j] = result[j]! + weight * row[j]!;
  });
  return result;
}
