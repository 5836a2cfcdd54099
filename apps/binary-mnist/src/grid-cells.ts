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

/** A control: 30 seeds of {@link CONTROLS} with B's task `--task-b <name>`. */
const control = (name: string, role: GridCell['role'], differs: string): GridCell => ({
  name,
  differs,
  role,
  seeds: 30,
  flags: ['--conditions', CONTROLS, '--task-b', name],
});

/** A robustness cell: 12 seeds of every condition, with `flags` changed. */
const robustness = (name: string, differs: string, flags: readonly string[]): GridCell => ({
  name,
  differs,
  role: 'robustness',
  seeds: 12,
  flags: ['--conditions', ALL, ...flags],
});

const SHARED_DIGIT = "B shares A's first digit";

/** The cells, in the order the grid runs them (the decisive ones first). */
export const GRID_CELLS: readonly GridCell[] = [
  { name: 'default', differs: '—', role: 'claim', seeds: 30, flags: ['--conditions', ALL] },
  control('same', 'positive control', 'B = A (same digits, same noisy images)'),
  control('same-renoised', 'positive control', "B = A's digits, new noise draw"),
  control('permuted', 'negative control', "B = A's digits, new noise, pixels permuted"),
  {
    name: 'include-frozen',
    differs: "A's frozen path in every B pathway (TF port)",
    role: 'port variant',
    seeds: 30,
    flags: ['--conditions', 'pathnet,independent', '--b-pathways', 'include-frozen'],
  },
  robustness('shared-digit', SHARED_DIGIT, ['--task-b', 'shared-digit']),
  // Each other learning rate alone, then with B sharing A's first digit.
  ...['0.003', '0.03'].flatMap((lr) => [
    robustness(`lr-${lr}`, `learning rate ${lr}`, ['--learning-rate', lr]),
    robustness(`lr-${lr}-shared-digit`, `learning rate ${lr}, ${SHARED_DIGIT}`, [
      '--learning-rate',
      lr,
      '--task-b',
      'shared-digit',
    ]),
  ]),
];
