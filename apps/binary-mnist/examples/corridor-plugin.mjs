// A complete PathNet-TS plugin, written from scratch: an environment, a
// supervised task built from it, and a GA mutation operator. Load it with
// `--plugin ./examples/corridor-plugin.mjs` (see the README).
import { box, createArrayTask, discrete, makeEnv, registerEnv, registerTask } from '@pathnet/envs';
import { registerOperator } from '@pathnet/evolution';

/**
 * plugin/Corridor-v0: a corridor of `length` cells. The observation is the
 * agent's cell, one-hot (float32 [length]); action 0 steps left, 1 right.
 * Reaching the last cell gives reward 1 and ends the episode.
 */
class Corridor {
  observationSpace;
  actionSpace = discrete(2);
  #length;
  #at = 0;
  #seed = 1;
  constructor(id, length) {
    this.id = id;
    this.#length = length;
    this.observationSpace = box([length], 0, 1, 'float32');
  }
  #observe() {
    const o = new Float32Array(this.#length);
    o[this.#at] = 1;
    return o;
  }
  reset({ seed } = {}) {
    if (seed !== undefined) this.#seed = seed >>> 0 || 1;
    // A start cell from a small xorshift generator: the environment owns its randomness.
    this.#seed ^= this.#seed << 13;
    this.#seed ^= this.#seed >>> 17;
    this.#seed ^= this.#seed << 5;
    this.#at = (this.#seed >>> 0) % (this.#length - 1);
    return { observation: this.#observe(), info: {} };
  }
  step(action) {
    this.#at = Math.max(0, Math.min(this.#length - 1, this.#at + (action === 1 ? 1 : -1)));
    const done = this.#at === this.#length - 1;
    return {
      observation: this.#observe(),
      reward: done ? 1 : 0,
      terminated: done,
      truncated: false,
      info: {},
    };
  }
  close() {}
}
registerEnv('plugin/Corridor-v0', {
  create: (options, id) => new Corridor(id, options.length),
  defaults: { length: 8 },
  maxEpisodeSteps: 100,
  description: 'a one-hot corridor; reach the last cell',
});

/**
 * corridor-policy: which way to step from each cell visited by random walks
 * in plugin/Corridor-v0, towards the cell `goal` (class 0: left, 1: right).
 * Options: `goal` (a cell, 4), `length` (8), `examples` (training examples, 400).
 */
registerTask('corridor-policy', ({ goal = 4, length = 8, examples = 400 } = {}) => {
  const env = makeEnv('plugin/Corridor-v0', { options: { length } });
  const walk = (count, seed) => {
    const x = [];
    const y = [];
    let { observation } = env.reset({ seed });
    for (let i = 0; i < count; i++) {
      const cell = observation.indexOf(1);
      x.push(...observation);
      y.push(cell < goal ? 1 : 0);
      const step = env.step(i % 3 === 0 ? 0 : 1);
      observation = step.terminated || step.truncated ? env.reset().observation : step.observation;
    }
    return { x, y };
  };
  const task = createArrayTask({
    id: `corridor-policy:${goal}`,
    inputShape: [length],
    numClasses: 2,
    classNames: ['left', 'right'],
    train: walk(examples, 1),
    test: walk(100, 2),
  });
  env.close();
  return task;
});

/** shift-mutation: each gene moves one module up or down with probability `probability`, wrapping around. */
registerOperator('shift-mutation', ({ modules, probability = 0.1 }) => ({
  kind: 'mutation',
  apply: (rng, genotype) =>
    genotype.map((row) =>
      row.map((gene) =>
        rng.bernoulli(probability)
          ? (gene + (rng.bernoulli(0.5) ? 1 : modules - 1)) % modules
          : gene,
      ),
    ),
}));
