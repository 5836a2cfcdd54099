/**
 * Registers the job kind `a3c-robustness/cell` (one run of the sweep) with
 * the experiment runner. The app imports it; so does every worker thread,
 * and `pathnet-worker --plugin <this file>` on other machines.
 */
import { jobKinds, registerJobKind } from '@pathnet/experiments';
import { type CellJob, type CellRecord, runCell } from './cell.js';

/** The job kind of one cell of the sweep. */
export const CELL_JOB_KIND = 'a3c-robustness/cell';

/** A cell's key in `results.json`: game, method, learning rate, entropy cost, seed. */
export const cellKey = (
  c: Pick<CellJob, 'game' | 'method' | 'learningRate' | 'entropyCost' | 'seed'>,
) => `${c.game} ${c.method} lr=${c.learningRate} entropy=${c.entropyCost} seed=${c.seed}`;

if (!jobKinds().includes(CELL_JOB_KIND)) {
  registerJobKind<CellJob, CellRecord, never>(CELL_JOB_KIND, {
    run: async (job) => runCell(job),
    key: cellKey,
    recordKey: cellKey,
  });
}
