/**
 * What a run builds before any worker starts (CleanRL's "seeding" block):
 * the optimizer with the shared RMSProp statistics, the readout, the
 * population table, and each logical worker's environment, RNG and pathway,
 * all derived from one seed so that a single-thread run is deterministic.
 *
 * @packageDocumentation
 */
import { createOptimizer, type Optimizer, type Pathway } from '@pathnet/core';
import { type Env, makeEnv } from '@pathnet/envs';
import {
  createOperator,
  createRng,
  type DuplicationOperator,
  type Rng,
  randomGenotype,
} from '@pathnet/evolution';
import type { A3CArgs } from './args.js';
import { InvalidA3CArgsError } from './errors.js';
import type { A3CNetwork } from './network.js';
import { observationEncoder } from './observation.js';
import { type RolloutBuffers, rolloutBuffers, type WorkerState } from './rollout.js';
import { AsyncPathwayTournament, type PathwayShape, type PathwayTable } from './tournament.js';
import type { WorkerContext } from './worker.js';

/** An environment id registered in `@pathnet/envs`, or a function building a fresh one. */
export type EnvSource = string | (() => Env);

/** Builds one environment from an {@link EnvSource}. */
export function buildEnv(source: EnvSource): Env {
  return typeof source === 'string' ? makeEnv(source) : source();
}

/** The RMSProp of A3C from the args: decay, ε, clip and initial learning rate. */
export function a3cOptimizer(args: A3CArgs): Optimizer {
  return createOptimizer({
    kind: 'rmsprop',
    learningRate: args.learningRate,
    decay: args.rmspropDecay,
    epsilon: args.rmspropEpsilon,
    clipNorm: args.clipNorm,
  });
}

/** L, M, N of the network's grid. */
export function pathwayShape(net: A3CNetwork): PathwayShape {
  return {
    layers: net.config.layers.length,
    modules: net.config.modulesPerLayer,
    active: net.config.maxActivePerLayer,
  };
}

/**
 * The size of the environment's discrete action space.
 * @throws {InvalidA3CArgsError} for a non-discrete action space.
 */
export function actionCount(env: Env): number {
  if (env.actionSpace.kind !== 'discrete') {
    throw new InvalidA3CArgsError('env', env.id, 'an environment with a Discrete action space');
  }
  return env.actionSpace.n;
}

/**
 * Adds the policy-and-value readout (`actions + 1` outputs) if the network lacks it.
 * @throws {InvalidA3CArgsError} if a readout `taskId` exists with another size.
 */
export function ensureReadout(net: A3CNetwork, args: A3CArgs, actions: number): void {
  if (!net.readoutIds().includes(args.taskId)) {
    net.addReadout(args.taskId, actions + 1, args.seed);
  } else if (net.readoutSize(args.taskId) !== actions + 1) {
    throw new InvalidA3CArgsError(
      'taskId',
      args.taskId,
      `a readout with actions + 1 = ${actions + 1} outputs; it has ${net.readoutSize(args.taskId)}`,
    );
  }
}

/** Plain A3C's pathway: `args.fixedPathway`, or modules `0 … N−1` in every layer. */
export function fixedPathway(args: A3CArgs, shape: PathwayShape): Pathway {
  return (
    args.fixedPathway?.map((row) => [...row]) ??
    Array.from({ length: shape.layers }, () => Array.from({ length: shape.active }, (_, k) => k))
  );
}

/**
 * The random streams of all workers: `createRng(seed)` split once per worker, in
 * worker order, so worker i's stream does not depend on which thread runs it.
 */
export function workerRngs(seed: number, workers: number): Rng[] {
  const root = createRng(seed);
  return Array.from({ length: workers }, () => root.split());
}

/**
 * The genotype of `args.initialPathway`, checked against the grid.
 * @throws {InvalidA3CArgsError} unless it is `[L][N]` integers in `[0, M)`.
 */
export function initialGenotype(
  pathway: readonly (readonly number[])[],
  shape: PathwayShape,
): number[][] {
  const ok =
    pathway.length === shape.layers &&
    pathway.every(
      (row) =>
        Array.isArray(row) &&
        row.length === shape.active &&
        row.every((m) => Number.isInteger(m) && m >= 0 && m < shape.modules),
    );
  if (!ok) {
    throw new InvalidA3CArgsError(
      'initialPathway',
      JSON.stringify(pathway),
      `[${shape.layers}][${shape.active}] module indices in [0, ${shape.modules})`,
    );
  }
  return pathway.map((row) => [...row]);
}

/**
 * Worker `index`'s state: its environment (reset with a seed drawn from its
 * stream) and its initial pathway: random (or `args.initialPathway`) and written
 * into `table` (PathNet-A3C), or the fixed one (plain A3C).
 * @throws {InvalidA3CArgsError} for an `initialPathway` that does not fit the grid.
 */
export function createWorker(
  index: number,
  rng: Rng,
  source: EnvSource,
  args: A3CArgs,
  table: PathwayTable,
): WorkerState {
  const env = buildEnv(source);
  const envSeed = rng.int(0, 2 ** 31 - 1);
  let pathway: Pathway;
  if (args.evolve) {
    const random = randomGenotype(rng, table.shape);
    const start =
      args.initialPathway === null ? random : initialGenotype(args.initialPathway, table.shape);
    table.setGenotype(index, start);
    pathway = table.genotype(index);
  } else {
    pathway = fixedPathway(args, table.shape);
  }
  return {
    index,
    env,
    rng,
    pathway,
    observation: env.reset({ seed: envSeed }).observation,
    episodeReturn: 0,
    episodeLength: 0,
    recentReturns: [],
  };
}

/**
 * What the workers of one thread share: the {@link WorkerContext} (network, optimizer,
 * encoder, tournament over `table`, `counters`) and one set of rollout buffers.
 * @param env - one of the workers' environments (for its spaces).
 * @throws {InvalidA3CArgsError} for a non-discrete action space.
 * @throws {ObservationShapeError} if the observations do not fit the grid's input.
 */
export function threadContext(
  net: A3CNetwork,
  optimizer: Optimizer,
  args: A3CArgs,
  env: Env,
  table: PathwayTable,
  counters: Int32Array,
): { ctx: WorkerContext; buffers: RolloutBuffers } {
  const actions = actionCount(env);
  const ctx: WorkerContext = {
    net,
    optimizer,
    args,
    actions,
    encode: observationEncoder(env.id, env.observationSpace, net.config.inputShape),
    tournament: args.evolve ? new AsyncPathwayTournament(table, args) : null,
    duplication: args.evolve && args.duplicationRate > 0 ? duplicationOperator(args, table) : null,
    counters,
    consecutiveSkips: 0,
  };
  const inputSize = net.config.inputShape.reduce((a, b) => a * b, 1);
  return { ctx, buffers: rolloutBuffers(args.tMax, inputSize, actions) };
}

/**
 * The registered duplication operator `args.duplicationOperator` with the run's rate and perturbation.
 * @throws {InvalidA3CArgsError} if the name is not a duplication operator.
 */
export function duplicationOperator(args: A3CArgs, table: PathwayTable): DuplicationOperator {
  const op = createOperator(args.duplicationOperator, {
    modules: table.shape.modules,
    rate: args.duplicationRate,
    perturbation: args.duplicationPerturbation,
  });
  if (op.kind !== 'duplication') {
    throw new InvalidA3CArgsError(
      'duplicationOperator',
      args.duplicationOperator,
      'the name of a duplication operator',
    );
  }
  return op;
}
