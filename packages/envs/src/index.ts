/**
 * Tasks and environments for PathNet-TS: supervised classification tasks
 * (`./supervised`) and Gymnasium-style reinforcement-learning environments
 * (`./rl`), each behind a registry so that users add their own.
 *
 * @packageDocumentation
 */

export * from './rl/index.js';
export * from './supervised/index.js';
