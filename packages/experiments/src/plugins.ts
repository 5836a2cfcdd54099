import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { supervisedTaskRegistry } from '@pathnet/envs';
import { resolveMutation } from '@pathnet/evolution';
import type { TaskSpec } from './plan.js';

/** Thrown when a plugin module cannot be found or fails while loading; the message names it. */
export class PluginError extends Error {
  override readonly name = 'PluginError';
}

/** Thrown for a JSON option that does not parse or is not an object; the message names the flag. */
export class JsonOptionError extends Error {
  override readonly name = 'JsonOptionError';
}

/**
 * Where a plugin module is: a path (relative to `cwd`, or absolute), a `file:`
 * URL, or a package name resolved from `cwd`; as a `file:` URL.
 * @throws {PluginError} if no such file or package exists.
 */
export function resolvePlugin(specifier: string, cwd = process.cwd()): string {
  if (specifier.startsWith('file:')) {
    if (!existsSync(fileURLToPath(specifier))) {
      throw new PluginError(`--plugin ${specifier}: no such file`);
    }
    return specifier;
  }
  const isPath =
    /^(\.{1,2}[\\/]|[\\/]|[A-Za-z]:[\\/])/.test(specifier) ||
    existsSync(path.resolve(cwd, specifier));
  if (isPath) {
    const file = path.resolve(cwd, specifier);
    if (!existsSync(file)) {
      throw new PluginError(`--plugin ${specifier}: no such file (looked for ${file})`);
    }
    return pathToFileURL(file).href;
  }
  try {
    return pathToFileURL(createRequire(path.join(cwd, 'noop.js')).resolve(specifier)).href;
  } catch {
    throw new PluginError(
      `--plugin ${specifier}: neither a file nor an installed package (give a path like ./my-plugin.mjs)`,
    );
  }
}

/**
 * Imports plugin modules in order — modules whose top level registers GA
 * operators (`registerOperator`), tasks (`registerTask`) or environments
 * (`registerEnv`) — so that ids and names given on the command line find them.
 * Give the returned URLs to the schedule (`ScheduleOptions.plugins`) so that
 * every worker thread imports them too.
 *
 * @returns the modules' `file:` URLs.
 * @throws {PluginError} naming the module that is missing or threw while loading.
 */
export async function loadPlugins(
  specifiers: readonly string[],
  cwd = process.cwd(),
): Promise<string[]> {
  const urls: string[] = [];
  for (const specifier of specifiers) {
    const url = resolvePlugin(specifier, cwd);
    try {
      await import(url);
    } catch (error) {
      throw new PluginError(
        `--plugin ${specifier}: failed while loading: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    urls.push(url);
  }
  return urls;
}

/**
 * Parses a flag's JSON object, e.g. `--task-a-options '{"digits":[5,6]}'`.
 * @param flag - the flag's name, for the message.
 * @throws {JsonOptionError} if `text` is not JSON or not an object.
 */
export function parseJsonObject(text: string, flag: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new JsonOptionError(
      `${flag} expects a JSON object, got ${text} (${(e as Error).message})`,
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new JsonOptionError(`${flag} expects a JSON object like {"key": 1}, got ${text}`);
  }
  return value as Record<string, unknown>;
}

/**
 * A registered task given on the command line: `--task-a my-task` with its
 * `--task-a-options '{"k": 1}'` becomes `{ id: "my-task", options: { k: 1 } }`.
 * @param flag - the task's flag, e.g. `--task-a`; its options flag is `${flag}-options`.
 * @throws {JsonOptionError} if `json` is not a JSON object.
 */
export function taskSpecFromFlags(id: string, json: string | undefined, flag: string): TaskSpec {
  return { id, ...(json !== undefined && { options: parseJsonObject(json, `${flag}-options`) }) };
}

/**
 * A registered mutation operator given on the command line: `--operator name`
 * with its `--operator-options '{"k": 1}'` becomes `{ operator: "name", options: { k: 1 } }`,
 * the by-name form `@pathnet/evolution`'s tournaments accept.
 * @throws {JsonOptionError} if `json` is not a JSON object.
 */
export function operatorFromFlags(
  name: string,
  json: string | undefined,
): { readonly operator: string; readonly options?: Record<string, unknown> } {
  return {
    operator: name,
    ...(json !== undefined && { options: parseJsonObject(json, '--operator-options') }),
  };
}

/**
 * The plugin flags as commander gives them (`pluginFlags` of `@pathnet/experiments/cli`),
 * with the ids an app's `--task-a`/`--task-b` name when they name registered tasks.
 */
export interface PluginFlagValues {
  plugin: readonly string[];
  operator?: string;
  operatorOptions?: string;
  /** A registered task's id given as task A (not an app's own form, e.g. a digit pair). */
  taskA?: string;
  taskAOptions?: string;
  taskB?: string;
  taskBOptions?: string;
}

/** What the plugin flags set in an app's settings. */
export interface PluginSettings {
  /** `file:` URLs of the modules (absent: none), for the worker threads and `--resume`. */
  plugins?: string[];
  taskA?: TaskSpec;
  taskB?: TaskSpec;
  operator?: { readonly operator: string; readonly options?: Record<string, unknown> };
}

/**
 * Loads the `--plugin` modules, turns the other plugin flags into settings, and checks
 * that what they name is registered ({@link checkRegistered}).
 * @param modules - M of the grid, which a registered mutation operator is made for.
 * @throws {PluginError} for a module that is missing or fails to load.
 * @throws {JsonOptionError} for an options flag that is not a JSON object.
 * @throws `UnknownIdError` naming the close registered ids; `InvalidOperatorError` for an
 *   operator of another kind than mutation.
 */
export async function applyPluginFlags(
  flags: PluginFlagValues,
  modules: number,
): Promise<PluginSettings> {
  const plugins = await loadPlugins(flags.plugin);
  const settings: PluginSettings = {
    ...(plugins.length > 0 && { plugins }),
    ...(flags.taskA !== undefined && {
      taskA: taskSpecFromFlags(flags.taskA, flags.taskAOptions, '--task-a'),
    }),
    ...(flags.taskB !== undefined && {
      taskB: taskSpecFromFlags(flags.taskB, flags.taskBOptions, '--task-b'),
    }),
    ...(flags.operator !== undefined && {
      operator: operatorFromFlags(flags.operator, flags.operatorOptions),
    }),
  };
  checkRegistered(settings, modules);
  return settings;
}

/**
 * Checks, before anything runs, that registered tasks and a mutation operator exist (the
 * operator made for a grid of `modules` modules per layer): a fresh run's and a resumed one's.
 * @throws `UnknownIdError` naming the close registered ids; `InvalidOperatorError` for an
 *   operator of another kind than mutation, or one its options do not fit.
 */
export function checkRegistered(
  s: Pick<PluginSettings, 'taskA' | 'taskB' | 'operator'>,
  modules: number,
): void {
  for (const spec of [s.taskA, s.taskB]) {
    if (spec) supervisedTaskRegistry().get(spec.id);
  }
  if (s.operator) resolveMutation(s.operator, modules);
}
