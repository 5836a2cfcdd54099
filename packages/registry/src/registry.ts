import { closestIds } from './suggest.js';

/** Thrown by {@link Registry.register} when the id is already taken. */
export class DuplicateRegistrationError extends Error {
  override readonly name = 'DuplicateRegistrationError';
  constructor(
    /** What the registry holds, e.g. `"GA operator"`. */
    readonly kind: string,
    /** The id that was registered twice. */
    readonly id: string,
  ) {
    super(`${kind} "${id}" is already registered; unregister it first or choose another id`);
  }
}

/** Thrown by {@link Registry.get} for an id nobody registered. */
export class UnknownIdError extends Error {
  override readonly name = 'UnknownIdError';
  constructor(
    /** What the registry holds, e.g. `"environment"`. */
    readonly kind: string,
    /** The id that was asked for. */
    readonly id: string,
    /** Registered ids close to `id` (may be empty). */
    readonly suggestions: readonly string[],
    /** Every registered id. */
    readonly known: readonly string[],
  ) {
    const hint =
      suggestions.length > 0
        ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?`
        : '';
    super(`unknown ${kind} "${id}".${hint} Registered: ${registeredText(id, known)}.`);
  }
}

/** Ids listed in full in an {@link UnknownIdError}'s message; past this, grouped by namespace. */
const LISTED = 20;

/** `ale/Pong-v5` → `ale/`; an id without a `/` has the namespace `''`. */
const namespaceOf = (id: string) => id.slice(0, id.indexOf('/') + 1);

/**
 * The registered ids for a message: all of them when few; else those of `id`'s namespace
 * (at most {@link LISTED}) and a count per other namespace, so that one line stays readable.
 */
function registeredText(id: string, known: readonly string[]): string {
  if (known.length === 0) return '(none)';
  if (known.length <= LISTED) return known.join(', ');
  const own = namespaceOf(id);
  const same = known.filter((k) => namespaceOf(k) === own);
  const counts = new Map<string, number>();
  for (const ns of known.map(namespaceOf)) {
    if (ns !== own) counts.set(ns, (counts.get(ns) ?? 0) + 1);
  }
  const listed = same.slice(0, LISTED).join(', ');
  const more = same.length > LISTED ? ` and ${same.length - LISTED} more` : '';
  const others = [...counts]
    .sort((x, y) => y[1] - x[1])
    .map(([ns, n]) => (ns ? `${n} ${ns}…` : `${n} without a namespace`));
  const rest =
    others.length > 0 ? `${same.length > 0 ? '; ' : ''}besides ${others.join(', ')}` : '';
  return `${known.length} ids: ${listed}${more}${rest}`;
}

/**
 * A map from string ids to entries (factories, specs) with loud failure modes.
 *
 * @typeParam V - the entry type, e.g. an operator factory or an `EnvSpec`.
 */
export class Registry<V> {
  readonly #entries = new Map<string, V>();

  /** @param kind - what the registry holds, used in error messages (e.g. `"GA operator"`). */
  constructor(readonly kind: string) {}

  /**
   * Adds an entry.
   * @throws {TypeError} if `id` is not a non-empty string.
   * @throws {DuplicateRegistrationError} if `id` is already registered.
   */
  register(id: string, entry: V): void {
    if (typeof id !== 'string' || id.trim() === '') {
      throw new TypeError(`${this.kind} id must be a non-empty string, got ${JSON.stringify(id)}`);
    }
    if (this.#entries.has(id)) throw new DuplicateRegistrationError(this.kind, id);
    this.#entries.set(id, entry);
  }

  /**
   * The entry registered under `id`.
   * @throws {UnknownIdError} naming close ids and every registered id.
   */
  get(id: string): V {
    const entry = this.#entries.get(id);
    if (entry === undefined) {
      const known = this.ids();
      throw new UnknownIdError(this.kind, id, closestIds(id, known), known);
    }
    return entry;
  }

  /** Whether `id` is registered. */
  has(id: string): boolean {
    return this.#entries.has(id);
  }

  /** Removes `id`; returns whether it was there. For tests and hot reloads. */
  unregister(id: string): boolean {
    return this.#entries.delete(id);
  }

  /** Every registered id, sorted. */
  ids(): string[] {
    return [...this.#entries.keys()].sort();
  }
}
