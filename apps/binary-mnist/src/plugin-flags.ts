/**
 * The plugin flags: `--plugin <module>` (repeatable) imported before the run,
 * `--task-a/--task-b <id>` with `--task-a-options/--task-b-options <json>` for
 * a registered task in place of a digit pair, and `--operator <name>` with
 * `--operator-options <json>` for a registered mutation operator in place of
 * the built-in.
 */
import { supervisedTaskRegistry } from '@pathnet/envs';
import { resolveMutation } from '@pathnet/evolution';
import {
  loadPlugins,
  makeSpecTask,
  operatorFromFlags,
  type TaskSpec,
  taskSpecFromFlags,
} from '@pathnet/experiments';
import { type Command, InvalidArgumentError } from 'commander';
import { B_RELATIONS, type BRelation, type ExperimentOptions, OptionError } from './options.js';

/**
 * `--task-a 5,6` (a digit pair of `mnist-binary`) or `--task-a my-task` (a registered task
 * id); for `--task-b` also a relation to task A (`same`, `same-renoised`, `permuted`,
 * `shared-digit`: see `B_RELATIONS`), which wins over a registered id of that name.
 */
export const taskOrDigits = (flag: string) => (value: string) => {
  if (!value.includes(',')) {
    if (value.trim() === '') throw new InvalidArgumentError(`${flag} expects 5,6 or a task id`);
    const relation = value.trim() as BRelation;
    if (flag === '--task-b' && B_RELATIONS.includes(relation)) return { relation };
    return { id: value.trim() } as TaskSpec;
  }
  const parts = value.split(',').map((s) => s.trim());
  if (parts.length !== 2 || parts.some((p) => !/^\d$/.test(p))) {
    throw new InvalidArgumentError(
      `${flag} expects two digits like 5,6 or a registered task id, got "${value}"`,
    );
  }
  return [Number(parts[0]), Number(parts[1])] as [number, number];
};

/** Adds the plugin flags to `program`. */
export function addPluginFlags(program: Command): Command {
  return program
    .option(
      '--plugin <module>',
      'a module that registers tasks, GA operators or environments, imported before the run (repeatable; a path or a package name)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      '--operator <name>',
      'a registered mutation operator in place of the built-in (built with {modules: M, ...--operator-options})',
    )
    .option('--operator-options <json>', "the operator's options as a JSON object")
    .option('--task-a-options <json>', 'options of a registered --task-a as a JSON object')
    .option('--task-b-options <json>', 'options of a registered --task-b as a JSON object');
}

/** The plugin flags as commander parsed them. */
export interface PluginFlags {
  plugin: string[];
  operator?: string;
  operatorOptions?: string;
  taskA?: [number, number] | TaskSpec;
  taskB?: [number, number] | TaskSpec | { relation: BRelation };
  taskAOptions?: string;
  taskBOptions?: string;
}

/**
 * Loads the `--plugin` modules, then puts the plugin flags into `o`: a task id
 * becomes `taskSpecA/B` (its digits stay `undefined`), `--operator` becomes
 * `operator`, and the modules' URLs `plugins` (for the worker threads and `--resume`).
 * @throws {PluginError} for a plugin that is missing or fails to load.
 * @throws {JsonOptionError} for an options flag that is not a JSON object.
 */
export async function applyPluginFlags(
  flags: PluginFlags,
  o: ExperimentOptions,
): Promise<ExperimentOptions> {
  const plugins = await loadPlugins(flags.plugin);
  const spec = (value: PluginFlags['taskB'], options: string | undefined, flag: string) =>
    value !== undefined && !Array.isArray(value) && 'id' in value
      ? taskSpecFromFlags(value.id, options, flag)
      : undefined;
  const taskSpecA = spec(flags.taskA, flags.taskAOptions, '--task-a');
  const taskSpecB = spec(flags.taskB, flags.taskBOptions, '--task-b');
  return {
    ...o,
    ...(taskSpecA && { taskA: undefined, taskSpecA }),
    ...(taskSpecB && { taskB: undefined, taskSpecB }),
    ...(flags.operator !== undefined && {
      operator: operatorFromFlags(flags.operator, flags.operatorOptions),
    }),
    ...(plugins.length > 0 && { plugins }),
  };
}

/**
 * Checks, before anything runs, that registered task ids and the operator
 * exist (and that the operator is a mutation operator).
 * @throws {UnknownIdError} naming the close registered ids.
 * @throws {InvalidOperatorError} if `--operator` names another kind of operator.
 */
export function checkRegistered(o: ExperimentOptions): void {
  for (const spec of [o.taskSpecA, o.taskSpecB]) {
    if (spec) supervisedTaskRegistry().get(spec.id);
  }
  if (o.operator) resolveMutation(o.operator, o.modules);
}

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
