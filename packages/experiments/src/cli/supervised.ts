/**
 * The flags and checks the supervised transfer apps share (`binary-mnist`,
 * `cifar-svhn`; Fernando et al. 2017, Sec. 3.1–3.2): the conditions of task B
 * (each named with the two factors that define it), the fitness protocol, and
 * one check of the training settings however they came (flags, `--quick`, or
 * a results file read back with `--resume`), with the flags' bounds.
 *
 * @packageDocumentation
 */
import { FITNESS_PROTOCOLS, type FitnessProtocol } from '@pathnet/evolution';
import { CONDITION_FACTORS, CONDITIONS, type Condition } from '../plan.js';
import { checkBound, FlagError, type FlagGroup } from './flag.js';
import { BOUNDS, ENGINES, MAX_SEED } from './groups.js';
import { checkListFlag, choiceFlag, listFlag, oneOf } from './kinds.js';

/** Each condition with the two factors that define it, for `--help`. */
export const CONDITIONS_HELP = CONDITIONS.map((c) => {
  const f = CONDITION_FACTORS[c];
  return `${c} (weights ${f.weights}, start ${f.start})`;
}).join('; ');

/** `--conditions` (any subset of `CONDITIONS`, none twice) and `--protocol`. */
export function conditionFlags(d: {
  conditions: readonly Condition[];
  protocol: FitnessProtocol;
  protocolHelp?: string;
}): FlagGroup {
  return [
    listFlag(
      '--conditions <list>',
      `conditions for task B, comma-separated, any subset of: ${CONDITIONS_HELP}`,
      oneOf(CONDITIONS, 'condition'),
      { default: [...d.conditions] },
    ),
    choiceFlag(
      '--protocol <name>',
      d.protocolHelp ??
        "fitness protocol: serial (the paper's: the second pathway trains after the first and is favoured) or interleaved (one minibatch each in turn, ABBA; no slot favoured)",
      FITNESS_PROTOCOLS,
      { default: d.protocol },
    ),
  ];
}

/** The training settings every supervised app has, as its options name them. */
export interface TrainingSettings {
  population: number;
  steps: number;
  batchSize: number;
  learningRate: number;
  mutationProbability: number;
  seeds: number;
  seed: number;
  conditions: readonly string[];
  protocol: string;
  engine: string;
}

/**
 * Checks the training settings with the bounds their flags are declared with.
 * @throws {FlagError} naming the flag, the value and what it expects.
 */
export function checkTrainingSettings(o: TrainingSettings): void {
  checkBound('--population', o.population, BOUNDS.population);
  checkBound('--steps', o.steps, BOUNDS.steps);
  checkBound('--batch-size', o.batchSize, BOUNDS.batchSize);
  checkBound('--learning-rate', o.learningRate, BOUNDS.learningRate);
  checkBound('--mutation-probability', o.mutationProbability, BOUNDS.probability);
  checkBound('--seeds', o.seeds, BOUNDS.seeds);
  checkBound('--seed', o.seed, BOUNDS.seed);
  const last = o.seed + o.seeds - 1;
  if (last > MAX_SEED) {
    throw new FlagError(
      `--seed ${o.seed} with --seeds ${o.seeds}: the last seed ${last} must be at most ${MAX_SEED} (seeds are 32-bit)`,
    );
  }
  checkListFlag('--conditions', o.conditions, (c) =>
    oneOf(CONDITIONS, 'condition')(c, '--conditions'),
  );
  for (const [flag, value, allowed] of [
    ['--protocol', o.protocol, FITNESS_PROTOCOLS],
    ['--engine', o.engine, ENGINES],
  ] as const) {
    if (!(allowed as readonly string[]).includes(value)) {
      throw new FlagError(`${flag} must be ${allowed.join(' or ')}, got "${value}"`);
    }
  }
}
