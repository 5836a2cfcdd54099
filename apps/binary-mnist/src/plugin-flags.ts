/**
 * binary-mnist's plugin settings: the `--plugin` modules loaded, a registered task id given
 * as `--task-a`/`--task-b` (with its `--task-a-options`/`--task-b-options`) as `taskSpecA/B`
 * in place of digits, `--operator` as the mutation operator, each checked to be registered
 * (`applyPluginFlags` of `@pathnet/experiments`); and the input shape such tasks give.
 */
import {
  applyPluginFlags,
  checkRegistered,
  makeSpecTask,
  type PluginFlagValues,
  type TaskSpec,
} from '@pathnet/experiments';
import type { ExperimentOptions } from './options.js';
import { OptionError } from './options.js';
import { registeredId, type TaskFlag } from './task-flags.js';

/** The plugin flags as commander gives them, with binary-mnist's own task flags. */
export interface PluginFlags extends Omit<PluginFlagValues, 'taskA' | 'taskB'> {
  taskA?: TaskFlag;
  taskB?: TaskFlag;
}

/**
 * Loads the `--plugin` modules and puts the plugin flags into `o` (its digits stay
 * `undefined` where a task id replaces them; `plugins` keeps the modules' URLs for the
 * worker threads and `--resume`).
 * @throws {PluginError} for a plugin that is missing or fails to load.
 * @throws {JsonOptionError} for an options flag that is not a JSON object.
 * @throws `UnknownIdError` / `InvalidOperatorError` for a task or operator that is not registered.
 */
export async function withPlugins(
  flags: PluginFlags,
  o: ExperimentOptions,
): Promise<ExperimentOptions> {
  const taskA = registeredId(flags.taskA);
  const taskB = registeredId(flags.taskB);
  const s = await applyPluginFlags(
    {
      ...flags,
      ...(taskA !== undefined ? { taskA } : { taskA: undefined, taskAOptions: undefined }),
      ...(taskB !== undefined ? { taskB } : { taskB: undefined, taskBOptions: undefined }),
    },
    o.modules,
  );
  return {
    ...o,
    ...(s.taskA && { taskA: undefined, taskSpecA: s.taskA }),
    ...(s.taskB && { taskB: undefined, taskSpecB: s.taskB }),
    ...(s.operator && { operator: s.operator }),
    ...(s.plugins && { plugins: s.plugins }),
  };
}

/**
 * Checks a resumed run's registered tasks and operator (its plugins loaded).
 * @throws `UnknownIdError` / `InvalidOperatorError` naming what is not registered.
 */
export const checkRegisteredOf = (o: ExperimentOptions): void =>
  checkRegistered(
    {
      ...(o.taskSpecA && { taskA: o.taskSpecA }),
      ...(o.taskSpecB && { taskB: o.taskSpecB }),
      ...(o.operator && { operator: o.operator }),
    },
    o.modules,
  );

/**
 * The input shape of registered tasks given in place of digit pairs (made
 * once here to read it), or `undefined` when both tasks are MNIST pairs.
 * @throws {OptionError} if task A's and task B's inputs differ in size (one grid serves both).
 */
export async function registeredInputShape(o: ExperimentOptions): Promise<number[] | undefined> {
  if (!o.taskSpecA && !o.taskSpecB) return undefined;
  const mnist = [784];
  const shapeOf = async (spec: TaskSpec | undefined) =>
    spec ? [...(await makeSpecTask(spec)).inputShape] : mnist;
  const [a, b] = [await shapeOf(o.taskSpecA), await shapeOf(o.taskSpecB)];
  const size = (s: number[]) => s.reduce((x, y) => x * y, 1);
  if (size(a) !== size(b)) {
    throw new OptionError(
      `task A's inputs [${a.join(', ')}] and task B's [${b.join(', ')}] differ in size; one grid serves both tasks`,
    );
  }
  return [size(a)];
}
