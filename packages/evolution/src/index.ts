/**
 * `@pathnet/evolution`: the genetic algorithm of PathNet (Fernando et al.,
 * "PathNet: Evolution Channels Gradient Descent in Super Neural Networks",
 * arXiv:1701.08734, Sec. 2.1–2.2 and 3.4). Tensor-free and deterministic by
 * seed: genotypes, populations, mutation, binary and asynchronous
 * tournaments, uniform crossover, module duplication proposals, and a plugin
 * registry for operators.
 *
 * @packageDocumentation
 */
export { DuplicateRegistrationError, UnknownIdError } from '@pathnet/registry';
export {
  AskTellOrderError,
  InvalidConfigError,
  InvalidFitnessError,
  InvalidGenotypeError,
  InvalidOperatorError,
  InvalidPopulationJsonError,
  InvalidRngStateError,
  NoFitnessError,
} from './errors.js';
export {
  type Evaluator,
  type EvolveUntilOptions,
  type EvolveUntilResult,
  evolveUntil,
} from './evolve-until.js';
export { validateFitness } from './fitness.js';
export {
  activeModules,
  copyGenotype,
  type Genotype,
  type GenotypeShape,
  genotypeSize,
  genotypesEqual,
  randomGenotype,
  validateGenotype,
  validateShape,
} from './genotype.js';
export {
  type CrossoverOperator,
  createOperator,
  type DuplicationOperator,
  type DuplicationProposal,
  type GeneticOperator,
  type MutationOperator,
  type OperatorFactory,
  type OperatorKind,
  type OperatorOfKind,
  type OperatorTypes,
  operatorNames,
  registerOperator,
  resetOperators,
  type SelectionOperator,
  type TournamentOutcome,
  unregisterOperator,
} from './operator.js';
export {
  type AsyncTournamentParams,
  asyncTournamentOperator,
  decideAsync,
  pickOthers,
} from './operators/async-tournament.js';
export {
  binaryTournamentOperator,
  decideBinary,
  pickPair,
} from './operators/binary-tournament.js';
export {
  DEFAULT_DUPLICATION_PERTURBATION,
  DEFAULT_DUPLICATION_RATE,
  type DuplicationParams,
  type FrozenModules,
  moduleDuplicationOperator,
  proposeDuplication,
} from './operators/module-duplication.js';
export {
  applyDelta,
  type Bounds,
  type MutationParams,
  type MutationSettings,
  type MutationTrace,
  mutate,
  mutateWithTrace,
  mutationOperator,
} from './operators/mutation.js';
export {
  type MutationChoice,
  type OperatorRef,
  type ResolvedMutation,
  resolveMutation,
} from './operators/mutation-choice.js';
export { builtinOperatorNames } from './operators/register-all.js';
export {
  type CrossoverParams,
  uniformCrossover,
  uniformCrossoverOperator,
} from './operators/uniform-crossover.js';
export {
  type BestMember,
  initPopulation,
  POPULATION_FORMAT,
  POPULATION_VERSION,
  Population,
  type PopulationConfig,
  type PopulationJson,
  type PopulationState,
  validatePopulationState,
} from './population.js';
export {
  checkFitnessProtocol,
  FITNESS_PROTOCOLS,
  type FitnessProtocol,
  pairEvaluator,
  type TrainingStep,
} from './protocol.js';
export { createRng, Rng, type RngState, rngFromState, validateRngState } from './rng.js';
export {
  type AskResult,
  type AsyncOutcome,
  AsyncTournament,
  type AsyncTournamentOptions,
  asyncTournamentStep,
  BinaryTournament,
  type TournamentMetrics,
  type TournamentParams,
  tournamentAsk,
  tournamentTell,
} from './tournament.js';
