/**
 * The cells of the binary-MNIST reproduction grid: one run of the app each, in its own
 * folder under `docs/results/`. `default` is the app's defaults (lr 0.01, a random pair of
 * distinct digits per seed for A and for B); every other cell changes one setting of it.
 * `scripts/grid.mjs` runs them resumably; `npm run report` turns them into tables.
 */

/** One cell: its folder name, what it changes against `default`, its seeds and flags. */
export interface GridCell {
  readonly name: string;
  /** The one setting that differs from `default`, as the report prints it. */
  readonly differs: string;
  /** What the cell tests. */
  readonly role: 'claim' | 'positive control' | 'negative control' | 'port variant' | 'robustness';
  readonly seeds: number;
  readonly flags: readonly string[];
}

const ALL = 'pathnet,independent,fine-tune,fine-tune-converged,independent-converged';
const CONTROLS = 'pathnet,independent,fine-tune';

/** The cells, in the order the grid runs them (the decisive ones first). */
export const GRID_CELLS: readonly GridCell[] = [
  { name: 'default', differs: '—', role: 'claim', seeds: 30, flags: ['--conditions', ALL] },
  {
    name: 'same',
    differs: 'B = A (same digits, same noisy images)',
    role: 'positive control',
    seeds: 30,
    flags: ['--conditions', CONTROLS, '--task-b', 'same'],
  },
  {
    name: 'same-renoised',
    differs: "B = A's digits, new noise draw",
    role: 'positive control',
    seeds: 30,
    flags: ['--conditions', CONTROLS, '--task-b', 'same-renoised'],
  },
  {
    name: 'permuted',
    differs: "B = A's digits, new noise, pixels permuted",
    role: 'negative control',
    seeds: 30,
    flags: ['--conditions', CONTROLS, '--task-b', 'permuted'],
  },
  {
    name: 'include-frozen',
    differs: "A's frozen path in every B pathway (TF port)",
    role: 'port variant',
    seeds: 30,
    flags: ['--conditions', 'pathnet,independent', '--b-pathways', 'include-frozen'],
  },
  {
    name: 'shared-digit',
    differs: "B shares A's first digit",
    role: 'robustness',
    seeds: 12,
    flags: ['--conditions', ALL, '--task-b', 'shared-digit'],
  },
  {
    name: 'lr-0.003',
    differs: 'learning rate 0.003',
    role: 'robustness',
    seeds: 12,
    flags: ['--conditions', ALL, '--learning-rate', '0.003'],
  },
  {
    name: 'lr-0.003-shared-digit',
    differs: "learning rate 0.003, B shares A's first digit",
    role: 'robustness',
    seeds: 12,
    flags: ['--conditions', ALL, '--learning-rate', '0.003', '--task-b', 'shared-digit'],
  },
  {
    name: 'lr-0.03',
    differs: 'learning rate 0.03',
    role: 'robustness',
    seeds: 12,
    flags: ['--conditions', ALL, '--learning-rate', '0.03'],
  },
  {
    name: 'lr-0.03-shared-digit',
    differs: "learning rate 0.03, B shares A's first digit",
    role: 'robustness',
    seeds: 12,
    flags: ['--conditions', ALL, '--learning-rate', '0.03', '--task-b', 'shared-digit'],
  },
];
