/**
 * binary-mnist's own task flags: `--task-a 5,6` (a digit pair of `mnist-binary`) or a
 * registered task id, and for `--task-b` also a relation to task A (`same`,
 * `same-renoised`, `permuted`, `shared-digit`: see `B_RELATIONS`). Declared without
 * tensors, for the command line.
 */
import type { TaskSpec } from '@pathnet/experiments';
import { FlagError, type FlagSpec } from '@pathnet/experiments/cli';
import { B_RELATIONS, type BRelation } from './defaults.js';

/** What `--task-a`/`--task-b` give: digits, a registered task, or (task B) a relation to A. */
export type TaskFlag = [number, number] | TaskSpec | { relation: BRelation };

/**
 * Parses a task flag; a relation wins over a registered id of that name.
 * @throws {FlagError} for an empty value or a malformed digit pair.
 */
export const taskOrDigits =
  (flag: '--task-a' | '--task-b') =>
  (value: string): TaskFlag => {
    if (!value.includes(',')) {
      if (value.trim() === '') throw new FlagError(`${flag} expects 5,6 or a task id`);
      const relation = value.trim() as BRelation;
      if (flag === '--task-b' && B_RELATIONS.includes(relation)) return { relation };
      return { id: value.trim() } as TaskSpec;
    }
    const parts = value.split(',').map((s) => s.trim());
    if (parts.length !== 2 || parts.some((p) => !/^\d$/.test(p))) {
      throw new FlagError(
        `${flag} expects two digits like 5,6 or a registered task id, got "${value}"`,
      );
    }
    return [Number(parts[0]), Number(parts[1])] as [number, number];
  };

/** `--task-a` and `--task-b`. */
export const TASK_FLAGS: readonly FlagSpec<TaskFlag>[] = [
  {
    flags: '--task-a <a,b|id>',
    help: 'task A digits, or a registered task id (default: a random pair per seed)',
    parse: taskOrDigits('--task-a'),
  },
  {
    flags: '--task-b <a,b|id|relation>',
    help:
      'task B digits, a registered task id, or a relation to task A: same (A itself, its noisy ' +
      "images: positive control), same-renoised (A's digits, new noise: positive control), " +
      "permuted (A's digits, new noise, pixels permuted: negative control), shared-digit " +
      "(A's first digit and a new one) (default: a random pair per seed, distinct from A's)",
    parse: taskOrDigits('--task-b'),
  },
];

/** The registered task's id a task flag names, if it names one. */
export const registeredId = (value: TaskFlag | undefined): string | undefined =>
  value !== undefined && !Array.isArray(value) && 'id' in value ? value.id : undefined;
