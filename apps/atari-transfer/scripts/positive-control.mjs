#!/usr/bin/env node
/**
 * Instruments the positive control (Breakout → Breakout, `pathnet`) of
 * atari-transfer with the app's defaults and the protocol's seeds, so that task A
 * and B's `pathnet` run are the very runs of `atari-transfer --pairs
 * Breakout:Breakout --seed S --seeds 1 --frames F`. It measures:
 * - A's level at hand-over (mean game score of its last 50 episodes);
 * - the asynchronous tournament's pace (tournaments and copies per 1000 frames);
 * - how fast B's population finds A's frozen modules: per layer, the mean number of
 *   a worker's distinct modules that are A's, and the share of workers holding all of
 *   A's modules of that layer, over frames, beside a random population's expectation;
 * - B's fitness by how much of A's path the evaluated pathway re-used;
 * - the scale of each module's output (RMS, fed A's features) frozen vs re-initialised,
 *   and the new readout's policy entropy on A's features (tfjs engine, cpu);
 * - that the frozen modules are bit-identical after B and that A's path on B's grid
 *   still computes A's outputs (they are used in the forward pass and never updated).
 *
 * Usage: node scripts/positive-control.mjs SEED FRAMES [OUT.json] [--b-frames F2]
 *   [--b-workers W] [--b-mutation P] [--b-start random|a-path]
 *   [--simd]
 * (B's budget, population size and mutation probability, and its start, when they differ from A's
 * run; --simd: the plain-SIMD kernels instead of the apps' relaxed-SIMD ones.)
 */
import { writeFileSync } from 'node:fs';
import { activeModules, PathNet } from '@pathnet/core';
import { randomGenotype } from '@pathnet/evolution';
import { bestPathway, buildSpecEnv, reusedPerLayer } from '@pathnet/experiments';
import { enableRelaxedSimd } from '@pathnet/kernels';
import { observationEncoder, trainA3C, workerRngs } from '@pathnet/rl';
import { MINATAR_TASKS, minatarGrid } from '../dist/options.js';

// The apps run the relaxed-SIMD (fused multiply-add) kernels; without this, Node 20 runs the
// plain-SIMD ones, whose other rounding makes every run drift apart from the app's.
const kernels = process.argv.includes('--simd') ? 'simd' : enableRelaxedSimd();
const args = process.argv.slice(2).filter((a) => a !== '--simd');
const flag = (name, d) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : d;
};
const bFramesFlag = flag('--b-frames', null);
const bWorkers = Number(flag('--b-workers', 16));
const bMutation = flag('--b-mutation', null);
const bStart = flag('--b-start', 'random');
const seed = Number(args[0] ?? 1);
const frames = Number(args[1] ?? 150_000);
const bFrames = bFramesFlag === null ? frames : Number(bFramesFlag);
const out = args[2] ?? null;
const runSeed = (s, role, target = 0) => (s * 1_000_003 + role * 7919 + target * 104_729) % 2 ** 31;

const spec = MINATAR_TASKS.find((t) => t.id === 'minatar/Breakout-v0');
const grid = minatarGrid();
const a3c = {
  workers: 16,
  learningRate: 7e-4,
  entropyCoef: 0.01,
  evaluationEpisodes: 5,
  tournamentSize: 5,
};
const shape = { layers: 4, modules: 10, active: 4 };
const CHECKS = 30;
const log = (...m) => console.error(`[seed ${seed}]`, ...m);

/** The workers' initial genotypes of a PathNet-A3C run (as `createWorker` draws them). */
function initialPathways(runSeedValue, workers, start) {
  return workerRngs(runSeedValue, workers).map((rng) => {
    rng.int(0, 2 ** 31 - 1);
    const g = randomGenotype(rng, shape);
    return start ? start.map((row) => [...row]) : g;
  });
}

/** Trains one run, tracking every worker's pathway and every tournament. */
function run(net, argsRun, budget, onCheck) {
  const pathways = argsRun.evolve
    ? initialPathways(argsRun.seed, argsRun.workers ?? a3c.workers, argsRun.initialPathway)
    : null;
  const tournaments = [];
  const episodes = [];
  let next = budget / CHECKS;
  const result = trainA3C({
    env: () => buildSpecEnv(spec),
    net,
    args: { ...a3c, ...argsRun, totalFrames: budget },
    onIteration: (r) => {
      if (r.episode) episodes.push({ frame: r.frame, score: r.episode.rawReturn });
      if (r.tournament && pathways) {
        const evaluated = pathways[r.worker];
        pathways[r.worker] = r.tournament.pathway;
        tournaments.push({
          frame: r.frame,
          fitness: r.tournament.fitness,
          evaluated,
          copied: r.tournament.copiedFrom !== null,
        });
      }
      if (r.frame >= next) {
        next += budget / CHECKS;
        onCheck?.(r.frame, pathways, episodes);
      }
    },
  });
  return { result, tournaments, episodes };
}

const mean = (xs) => (xs.length ? xs.reduce((s, v) => s + v, 0) / xs.length : Number.NaN);
const lastMean = (eps, n = 50) => mean(eps.slice(-n).map((e) => e.score));
const fullLayer = (aPath, p) => {
  const sa = activeModules(aPath);
  const sb = activeModules(p);
  return sa.map((row, l) => row.every((m) => sb[l].includes(m)));
};

/** Random play's observations, encoded for the grid: Float32Array [n · 1000]. */
function observations(n) {
  const env = buildSpecEnv(spec);
  const enc = observationEncoder(env.id, env.observationSpace, grid.inputShape);
  const size = 1000;
  const x = new Float32Array(n * size);
  let obs = env.reset({ seed: 12345 }).observation;
  let state = 7;
  for (let i = 0; i < n; i++) {
    enc(obs, x, i * size);
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const s = env.step(state % 6);
    obs = s.terminated || s.truncated ? env.reset().observation : s.observation;
  }
  return x;
}

/** Per layer: RMS of each module's output fed A's features (layers below: A's path). */
function moduleScales(values, aPath, x, n) {
  const net = PathNet.fromValues(values, { engine: 'tfjs' });
  try {
    const sa = activeModules(aPath);
    return sa.map((_, l) => {
      const frozen = [];
      const fresh = [];
      for (let m = 0; m < shape.modules; m++) {
        const p = sa.map((row, k) => (k === l ? [m] : row));
        const act = net.activations(p, x, n)[l];
        const rms = Math.sqrt(mean(Array.from(act, (v) => v * v)));
        (sa[l].includes(m) ? frozen : fresh).push(rms);
      }
      const whole = net.activations(aPath, x, n)[l];
      return {
        layer: l,
        frozenRms: mean(frozen),
        freshRms: mean(fresh),
        aPathLayerRms: Math.sqrt(mean(Array.from(whole, (v) => v * v))),
      };
    });
  } finally {
    net.dispose();
  }
}

/** Mean policy entropy (nats; ln 6 = 1.79 is uniform) and logit spread of a readout on a pathway. */
function policyStats(values, pathway, taskId, x, n) {
  const net = PathNet.fromValues(values, { engine: 'tfjs' });
  try {
    const o = net.forward(pathway, taskId, x, n);
    const c = o.length / n;
    let h = 0;
    let spread = 0;
    let value = 0;
    for (let i = 0; i < n; i++) {
      const logits = Array.from(o.subarray(i * c, i * c + 6));
      const mx = Math.max(...logits);
      const e = logits.map((v) => Math.exp(v - mx));
      const z = e.reduce((s, v) => s + v, 0);
      h -= e.reduce((s, v) => s + (v / z) * Math.log(v / z), 0);
      spread += mx - Math.min(...logits);
      value += o[i * c + 6];
    }
    return { entropy: h / n, logitRange: spread / n, value: value / n };
  } finally {
    net.dispose();
  }
}

const started = Date.now();
const report = {
  kernels,
  seed,
  frames,
  bFrames,
  a3c,
  b: {
    workers: bWorkers,
    mutationProbability: bMutation === null ? 1 / 16 : Number(bMutation),
    start: bStart,
  },
};

// Task A, as the protocol trains it.
const netA = PathNet.create(grid, { seed: runSeed(seed, 3), engine: 'fused' });
const aSnapshots = [];
const A = run(netA, { seed: runSeed(seed, 4), taskId: 'A', evolve: true }, frames, (f, ps) =>
  aSnapshots.push({ frame: f, pathways: ps.map((p) => p.map((r) => [...r])) }),
);
const aPath = bestPathway(A.result);
const valuesA = netA.toValues();
netA.dispose();
report.a = {
  finalScore: lastMean(A.episodes),
  episodes: A.episodes.length,
  bestPathway: aPath,
  tournaments: A.result.tournaments,
  copies: A.result.copies,
  tournamentsPer1000Frames: (1000 * A.result.tournaments) / A.result.frames,
  // How converged A's population was: mean re-use of A's best path per layer over frames.
  populationReuseOfBest: aSnapshots.map((s) => ({
    frame: s.frame,
    reuse: [0, 1, 2, 3].map((l) => mean(s.pathways.map((p) => reusedPerLayer(aPath, p)[l]))),
  })),
};
log('A', JSON.stringify({ ...report.a, populationReuseOfBest: undefined }));

// B: A's best path frozen, the rest re-initialised, a new readout and population.
const net = PathNet.fromValues(valuesA, { engine: 'fused' });
net.freeze(aPath);
net.reinitializeUnfrozen(runSeed(seed, 5, 0));
const sa = activeModules(aPath);
const frozenBefore = sa.map((row, l) => row.map((m) => net.readModule(l, m)));
const n = 256;
const x = observations(n);
const aOutBefore = net.forward(aPath, 'A', x, n);
const netAcheck = PathNet.fromValues(valuesA, { engine: 'fused' });
const aOutOnA = netAcheck.forward(aPath, 'A', x, n);
netAcheck.dispose();

// Chance: the re-use per layer of uniformly random genotypes.
const rngs = workerRngs(999, 4000);
const chance = [0, 1, 2, 3].map((l) =>
  mean(rngs.map((r) => reusedPerLayer(aPath, randomGenotype(r, shape))[l])),
);
const chanceFull = [0, 1, 2, 3].map((l) =>
  mean(rngs.map((r) => (fullLayer(aPath, randomGenotype(r, shape))[l] ? 1 : 0))),
);

const bSnapshots = [];
const bArgs = {
  seed: runSeed(seed, 2, 0),
  taskId: 'B',
  evolve: true,
  workers: bWorkers,
  tournamentSize: Math.min(a3c.tournamentSize, bWorkers - 1),
  ...(bMutation !== null && { mutationProbability: Number(bMutation) }),
  ...(bStart === 'a-path' && { initialPathway: aPath }),
};
const B = run(net, bArgs, bFrames, (f, ps, eps) => {
  const full = ps.map((p) => fullLayer(aPath, p));
  bSnapshots.push({
    frame: f,
    meanScore50: lastMean(eps),
    reuse: [0, 1, 2, 3].map((l) => mean(ps.map((p) => reusedPerLayer(aPath, p)[l]))),
    fullLayerShare: [0, 1, 2, 3].map((l) => mean(full.map((r) => (r[l] ? 1 : 0)))),
    fullPathShare: mean(full.map((r) => (r.every(Boolean) ? 1 : 0))),
    // Population diversity: distinct active-module sets among the workers.
    distinctPathways: new Set(ps.map((p) => JSON.stringify(activeModules(p)))).size,
  });
});
const valuesB = net.toValues();
const frozenAfterSame = sa.every((row, l) =>
  row.every((m, k) => {
    const after = net.readModule(l, m);
    return after.every(
      (t, i) =>
        t.length === frozenBefore[l][k][i].length &&
        t.every((v, j) => v === frozenBefore[l][k][i][j]),
    );
  }),
);
const aOutAfter = net.forward(aPath, 'A', x, n);
net.dispose();
const maxDiff = (p, q) => p.reduce((m, v, i) => Math.max(m, Math.abs(v - q[i])), 0);

const byReuse = new Map();
for (const t of B.tournaments) {
  const k = reusedPerLayer(aPath, t.evaluated).reduce((s, v) => s + v, 0);
  const e = byReuse.get(k) ?? [];
  e.push(t.fitness);
  byReuse.set(k, e);
}
const handOver = structuredClone(valuesA);
const bInit = PathNet.fromValues(valuesA, { engine: 'fused' });
bInit.freeze(aPath);
bInit.reinitializeUnfrozen(runSeed(seed, 5, 0));
bInit.addReadout('B', 7, bArgs.seed);
const valuesBInit = bInit.toValues();
bInit.dispose();
const fresh = PathNet.create(grid, { seed: runSeed(seed, 1, 0), engine: 'fused' });
fresh.addReadout('B', 7, bArgs.seed);
const valuesFresh = fresh.toValues();
fresh.dispose();
const firstRows = Array.from({ length: 4 }, () => [0, 1, 2, 3]);

report.b = {
  ...report.b,
  finalScore: lastMean(B.episodes),
  episodes: B.episodes.length,
  bestPathway: bestPathway(B.result),
  reuseOfBest: reusedPerLayer(aPath, bestPathway(B.result)),
  tournaments: B.result.tournaments,
  copies: B.result.copies,
  tournamentsPer1000Frames: (1000 * B.result.tournaments) / B.result.frames,
  chanceReuse: chance,
  chanceFullLayerShare: chanceFull,
  populationOverFrames: bSnapshots,
  fitnessByTotalReuse: [...byReuse.entries()]
    .sort((p, q) => p[0] - q[0])
    .map(([k, f]) => ({ reuse: k, tournaments: f.length, meanFitness: mean(f) })),
  frozenBitIdentical: frozenAfterSame,
  aPathOutputsOnBGridVsA: {
    beforeB: maxDiff(aOutBefore, aOutOnA),
    afterB: maxDiff(aOutAfter, aOutOnA),
  },
};
report.scales = {
  handOver: moduleScales(valuesBInit, aPath, x, n),
  afterB: moduleScales(valuesB, aPath, x, n),
  aGrid: moduleScales(handOver, aPath, x, n),
};
report.readout = {
  aReadoutOnAPath: policyStats(valuesA, aPath, 'A', x, n),
  newReadoutOnAPath: policyStats(valuesBInit, aPath, 'B', x, n),
  newReadoutOnFreshGrid: policyStats(valuesFresh, firstRows, 'B', x, n),
  bReadoutOnAPathAfterB: policyStats(valuesB, aPath, 'B', x, n),
};
report.seconds = (Date.now() - started) / 1000;
log('B', JSON.stringify({ ...report.b, populationOverFrames: undefined }));
log('scales', JSON.stringify(report.scales));
log('readout', JSON.stringify(report.readout));
if (out) writeFileSync(out, `${JSON.stringify(report, null, 1)}\n`);
