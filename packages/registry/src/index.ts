/**
 * A typed name → entry registry: the single plugin door of PathNet-TS.
 * GA operators (`@pathnet/evolution`), supervised tasks and environments
 * (`@pathnet/envs`) all register through an instance of {@link Registry}.
 *
 * Duplicate ids throw (as tfjs's kernel registry does); an unknown id throws
 * with the closest registered ids as suggestions (as Gymnasium's `make` does).
 *
 * Registries and other plugin state are kept once per process
 * ({@link processRegistry}, {@link processState}), so the ESM and CommonJS
 * builds of a package share them.
 *
 * @packageDocumentation
 */
export { processRegistry, processState } from './process.js';
export { DuplicateRegistrationError, Registry, UnknownIdError } from './registry.js';
export { closestIds } from './suggest.js';
