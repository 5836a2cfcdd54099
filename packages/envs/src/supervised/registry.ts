/**
 * The supervised-task registry: one {@link Registry} from `@pathnet/registry`
 * mapping ids to task factories. The built-in tasks are registered through
 * it, lazily on first use (importing the package has no side effect).
 */
import { processRegistry, type Registry } from '@pathnet/registry';
import {
  type BuiltinTaskOptions,
  cifar10Task,
  fashionMnistTask,
  mnistBinaryTask,
  mnistTask,
  svhnCroppedTask,
} from './builtins.js';
import type { SupervisedTask } from './types.js';

/** Makes a task from its options; may load files (async). */
export type TaskFactory<O extends object = Record<string, unknown>> = (
  options: O,
) => SupervisedTask | Promise<SupervisedTask>;

/** A registry entry. Method syntax keeps factories of any options type storable. */
export interface TaskEntry {
  create(options: object): SupervisedTask | Promise<SupervisedTask>;
}

/**
 * The task registry, one per process (shared by this package's ESM and CJS
 * builds); the built-ins are registered when it is first made.
 */
function withBuiltins(): Registry<TaskEntry> {
  return processRegistry<TaskEntry>('@pathnet/envs:tasks@1', 'supervised task', (registry) => {
    registry.register('mnist-binary', { create: mnistBinaryTask });
    registry.register('mnist', { create: mnistTask });
    registry.register('fashion-mnist', { create: fashionMnistTask });
    registry.register('cifar10', { create: cifar10Task });
    registry.register('svhn-cropped', { create: svhnCroppedTask });
  });
}

/** The ids of the built-in tasks. */
export const BUILTIN_TASK_IDS = [
  'mnist-binary',
  'mnist',
  'fashion-mnist',
  'cifar10',
  'svhn-cropped',
] as const;

/**
 * The registry itself (built-ins included), for listing or removing entries.
 */
export function supervisedTaskRegistry(): Registry<TaskEntry> {
  return withBuiltins();
}

/**
 * Registers a task factory under `id`.
 *
 * @example
 * registerTask('my-task', async (opts: { size?: number }) => createSupervisedTask({...}));
 * @throws {TypeError} if `id` is empty.
 * @throws {DuplicateRegistrationError} if `id` is taken (built-ins included).
 */
export function registerTask<O extends object>(id: string, factory: TaskFactory<O>): void {
  withBuiltins().register(id, { create: factory });
}

/** Removes a registered task; returns whether it was there. */
export function unregisterTask(id: string): boolean {
  return withBuiltins().unregister(id);
}

/** Every registered task id, sorted. */
export function taskIds(): string[] {
  return withBuiltins().ids();
}

/**
 * Makes the task registered under `id` with `options` (loading its data).
 *
 * @throws {UnknownIdError} (rejects) for an unregistered id, naming close ids.
 * @throws {TaskOptionError} (rejects) on an unknown or out-of-domain option.
 * @throws {DatasetNotFoundError} (rejects) when the data files are not there.
 */
export function makeTask<K extends keyof BuiltinTaskOptions>(
  id: K,
  options?: BuiltinTaskOptions[K],
): Promise<SupervisedTask>;
export function makeTask(id: string, options?: object): Promise<SupervisedTask>;
export async function makeTask(id: string, options: object = {}): Promise<SupervisedTask> {
  return withBuiltins().get(id).create(options);
}
