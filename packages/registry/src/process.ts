import { Registry } from './registry.js';

/** Where {@link processState} keeps its values: one map per JavaScript realm. */
const STORE = Symbol.for('@pathnet/registry/process-state@1');

type Store = Map<string, unknown>;

function store(): Store {
  const g = globalThis as { [STORE]?: Store };
  g[STORE] ??= new Map();
  return g[STORE];
}

/**
 * The value kept under `key` for the whole process (more exactly: the realm —
 * each worker thread has its own), made by `create` on the first call.
 *
 * A package loaded both as ES module and as CommonJS (the dual-package
 * hazard), or installed twice, runs its module code twice; state in module
 * variables then exists twice and a plugin registered through one copy is
 * invisible to the other. State kept here is one, whichever copy asks. The
 * map lives on `globalThis` under `Symbol.for('@pathnet/registry/process-state@1')`,
 * a key every copy computes alike.
 *
 * @param key - a name unique to the state's owner, e.g. `"@pathnet/backend:resolution"`.
 */
export function processState<T>(key: string, create: () => T): T {
  const s = store();
  if (!s.has(key)) s.set(key, create());
  return s.get(key) as T;
}

/**
 * The {@link Registry} kept under `key` for the whole process (see
 * {@link processState}): registering through the ESM build of a package is
 * seen by its CommonJS build and the other way round.
 *
 * @param kind - what it holds, for error messages (e.g. `"GA operator"`).
 * @param setup - run once, right after the registry is made (e.g. to register
 *   built-ins); the registry is already stored, so `setup` may call back into
 *   functions that ask for it.
 */
export function processRegistry<V>(
  key: string,
  kind: string,
  setup?: (registry: Registry<V>) => void,
): Registry<V> {
  let created = false;
  const registry = processState(key, () => {
    created = true;
    return new Registry<V>(kind);
  });
  if (created) setup?.(registry);
  return registry;
}
