/**
 * The continual-learning metrics of Lopez-Paz & Ranzato 2017 ("Gradient Episodic Memory for
 * Continual Learning", NeurIPS, Sec. 2): from the accuracy matrix R, where `R[i][j]` is the test
 * accuracy on task j after learning tasks 1…i (row 0: before any training, the b̄ of the paper),
 *
 *   ACC = 1/K Σ_j R[K][j],
 *   BWT = 1/(K−1) Σ_{j<K} (R[K][j] − R[j][j]),
 *   FWT = 1/(K−1) Σ_{j≥2} (R[j−1][j] − R[0][j])       (tasks numbered 1…K).
 *
 * @packageDocumentation
 */

/** Thrown for an accuracy matrix that is not (K+1) × K with K ≥ 1 and values in [0, 1] (or null). */
export class AccuracyMatrixError extends Error {
  override readonly name = 'AccuracyMatrixError';
}

/**
 * An accuracy matrix `[K + 1][K]`: row 0 before any training, row i after learning task i
 * (tasks 1…K, column j−1 holds task j); a fraction in [0, 1], or `null` where the method has no
 * such moment (joint training has only rows 0 and K).
 */
export type AccuracyMatrix = readonly (readonly (number | null)[])[];

/** ACC, BWT and FWT of one run; `null` where the matrix lacks a needed cell or K = 1. */
export interface ContinualMetrics {
  /** Average accuracy over all tasks after the last one, in [0, 1]. */
  readonly acc: number | null;
  /** Backward transfer in [−1, 1]: below 0 is forgetting. */
  readonly bwt: number | null;
  /** Forward transfer in [−1, 1]: accuracy on a task before learning it, above the untrained network's. */
  readonly fwt: number | null;
}

/**
 * Checks an accuracy matrix's shape and values.
 * @returns K, the number of tasks.
 * @throws AccuracyMatrixError naming the first bad row or cell.
 */
export function checkAccuracyMatrix(R: AccuracyMatrix): number {
  if (!Array.isArray(R) || R.length < 2) {
    throw new AccuracyMatrixError(
      `R: expected K + 1 ≥ 2 rows (row 0 before training); got ${Array.isArray(R) ? R.length : typeof R}`,
    );
  }
  const K = R.length - 1;
  R.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== K) {
      throw new AccuracyMatrixError(
        `R[${i}]: expected ${K} accuracies (one per task); got ${Array.isArray(row) ? row.length : typeof row}`,
      );
    }
    row.forEach((v, j) => {
      if (v !== null && !(typeof v === 'number' && v >= 0 && v <= 1)) {
        throw new AccuracyMatrixError(
          `R[${i}][${j}]: expected a fraction in [0, 1] or null; got ${v}`,
        );
      }
    });
  });
  return K;
}

/** Mean of the terms, or null if any is null (or there are none). */
function meanOrNull(terms: readonly (number | null)[]): number | null {
  if (terms.length === 0 || terms.some((t) => t === null)) return null;
  return (terms as number[]).reduce((a, b) => a + b, 0) / terms.length;
}

/**
 * ACC, BWT and FWT of an accuracy matrix (Lopez-Paz & Ranzato 2017, Sec. 2, Eq. 1–3 of the
 * module header). BWT and FWT are null for K = 1, and any metric is null when a cell it needs is.
 * @throws AccuracyMatrixError for a malformed matrix.
 */
export function continualMetrics(R: AccuracyMatrix): ContinualMetrics {
  const K = checkAccuracyMatrix(R);
  const cell = (i: number, j: number) => R[i]![j - 1]!;
  const range = (from: number, to: number) =>
    Array.from({ length: Math.max(0, to - from + 1) }, (_, k) => from + k);
  const acc = meanOrNull(range(1, K).map((j) => cell(K, j)));
  const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
  const bwt = K < 2 ? null : meanOrNull(range(1, K - 1).map((j) => diff(cell(K, j), cell(j, j))));
  const fwt = K < 2 ? null : meanOrNull(range(2, K).map((j) => diff(cell(j - 1, j), cell(0, j))));
  return { acc, bwt, fwt };
}
