/**
 * A typed name → entry registry: the single plugin door of PathNet-TS.
 * GA operators (`@pathnet/evolution`), supervised tasks and environments
 * (`@pathnet/envs`) all register through an instance of {@link Registry}.
 *
 * Duplicate ids throw (as tfjs's kernel registry does); an unknown id throws
 * with the closest registered ids as suggestions (as Gymnasium's `make` does).
 *
 * @packageDocumentation
 */
export { DuplicateRegistrationError, Registry, UnknownIdError } from './registry.js';
export { closestIds } from './suggest.js';
