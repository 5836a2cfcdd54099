import type { PathNetConfig } from '@pathnet/core';
import { makeEnv } from '@pathnet/envs';
import { describe, expect, it } from 'vitest';
import { jobKinds } from '../jobs.js';
import { PadChannels, specSpaces } from '../rl-env.js';
import {
  minatarSpecs,
  RLOptionError,
  type TransferOptions,
  transferJobs,
  validateTransfer,
} from '../rl-options.js';
import { summariseRLTransfer } from '../rl-summary.js';
import { conditionArgs, type RLTransferJob, runRLTransfer } from '../rl-transfer.js';
import { RL_TRANSFER_JOB_KIND } from '../rl-transfer-job.js';
import { denseLayer } from './grid-layers.js';

const grid: PathNetConfig = {
  inputShape: [10, 10, 6],
  layers: [denseLayer(4), denseLayer(4)],
  modulesPerLayer: 4,
  maxActivePerLayer: 2,
};
const breakout = { id: 'minatar/Breakout-v0', channels: 6 };
const invaders = { id: 'minatar/SpaceInvaders-v0', channels: 6 };
const job = (source: RLTransferJob['source']): RLTransferJob => ({
  seed: 1,
  source,
  targets: [breakout, invaders],
  frames: 300,
  grid,
  a3c: { workers: 3, tournamentSize: 2, evaluationEpisodes: 1 },
  window: 5,
  points: 4,
});

describe('the RL transfer protocol', () => {
  it('pads channels with zeros to the common layout', () => {
    const env = new PadChannels(makeEnv('minatar/Breakout-v0'), 6);
    const o = env.reset({ seed: 3 }).observation as Uint8Array;
    const plain = makeEnv('minatar/Breakout-v0').reset({ seed: 3 }).observation as Uint8Array;
    expect(o.length).toBe(600);
    for (let p = 0; p < 100; p++) {
      expect([...o.subarray(p * 6, p * 6 + 4)]).toEqual([...plain.subarray(p * 4, p * 4 + 4)]);
      expect([o[p * 6 + 4], o[p * 6 + 5]]).toEqual([0, 0]);
    }
    expect(specSpaces(breakout)).toEqual({ shape: [10, 10, 6], actions: 6 });
    expect(() => new PadChannels(makeEnv('minatar/Seaquest-v0'), 6)).toThrow(RangeError);
  });

  it('a source job runs pathnet, fine-tune and fine-tune-fixed (its own task too); a control job both controls', {
    timeout: 60_000,
  }, () => {
    expect(jobKinds()).toContain(RL_TRANSFER_JOB_KIND);
    const source = runRLTransfer(job(breakout));
    expect(source.a?.task).toBe('minatar/Breakout-v0');
    // Breakout → Breakout is the positive control: run, not skipped.
    expect(source.runs.map((r) => `${r.task} ${r.condition}`)).toEqual([
      'minatar/Breakout-v0 pathnet',
      'minatar/Breakout-v0 fine-tune',
      'minatar/Breakout-v0 fine-tune-fixed',
      'minatar/SpaceInvaders-v0 pathnet',
      'minatar/SpaceInvaders-v0 fine-tune',
      'minatar/SpaceInvaders-v0 fine-tune-fixed',
    ]);
    const fixed = source.runs[5]!;
    // fine-tune-fixed trains A's best pathway by plain A3C: it re-uses every distinct module of it.
    expect(fixed.bestPathway).toEqual(source.a?.bestPathway);
    expect(fixed.reusedPerLayer).toEqual(source.a?.bestPathway.map((row) => new Set(row).size));
    // fine-tune evolves a new population (A3C's evolve: true): tournaments run.
    expect(source.runs[4]?.tournaments).toBeGreaterThan(0);
    expect(fixed.tournaments).toBe(0);
    for (const r of source.runs) expect(r.curve).toHaveLength(4);
    const control = runRLTransfer(job(null));
    expect(control.runs.map((r) => `${r.task} ${r.condition}`)).toEqual([
      'minatar/Breakout-v0 independent',
      'minatar/Breakout-v0 plain-a3c',
      'minatar/SpaceInvaders-v0 independent',
      'minatar/SpaceInvaders-v0 plain-a3c',
    ]);
    // plain A3C trains modules 0 … N−1 of every layer.
    expect(control.runs[1]?.bestPathway).toEqual([
      [0, 1],
      [0, 1],
    ]);
    expect(control.runs[1]?.tournaments).toBe(0);
    // Deterministic by the job.
    expect(runRLTransfer(job(null))).toEqual({
      ...control,
      runs: control.runs.map((r) => ({ ...r, framesPerSecond: expect.any(Number) })),
    });
    const s = summariseRLTransfer([source, control], 0.75);
    expect(s.pairs.map((p) => `${p.source} → ${p.target} ${p.seeds}`)).toEqual([
      'minatar/Breakout-v0 → minatar/Breakout-v0 1',
      'minatar/Breakout-v0 → minatar/SpaceInvaders-v0 1',
    ]);
    // The control's rise is read from its own curve: first point with data → final score.
    const target = control.runs.find((r) => r.task === 'minatar/SpaceInvaders-v0');
    const first = target?.curve.find(([, v]) => v !== null)?.[1];
    expect(s.pairs[1]?.independentFirst.mean).toBe(first);
    expect(s.pairs[1]?.independentFinal.mean).toBe(target?.finalScore);
  });

  it("--b-start a-path starts pathnet's and fine-tune's populations on A's best pathway, nothing else", () => {
    const a = [
      [1, 3],
      [2, 2],
    ];
    for (const condition of ['pathnet', 'fine-tune'] as const) {
      expect(conditionArgs(1, 0, condition, a, 'a-path')).toMatchObject({
        evolve: true,
        initialPathway: a,
      });
      expect(conditionArgs(1, 0, condition, a)).not.toHaveProperty('initialPathway');
      expect(conditionArgs(1, 0, condition, a, 'random')).not.toHaveProperty('initialPathway');
    }
    for (const condition of ['independent', 'plain-a3c', 'fine-tune-fixed'] as const) {
      expect(conditionArgs(1, 0, condition, a, 'a-path')).toEqual(
        conditionArgs(1, 0, condition, a),
      );
    }
  });

  it('--b-start a-path changes the pathnet and fine-tune runs only (same A, same fine-tune-fixed, same controls)', {
    timeout: 60_000,
  }, () => {
    const one = { ...job(breakout), targets: [breakout] };
    const noTime = (r: { runs: object[] }) =>
      r.runs.map((x) => ({ ...x, framesPerSecond: expect.any(Number) }));
    const random = runRLTransfer(one);
    const aPath = runRLTransfer({ ...one, bStart: 'a-path' });
    expect(aPath.a?.bestPathway).toEqual(random.a?.bestPathway);
    expect({ ...aPath.runs[2], framesPerSecond: 0 }).toEqual({
      ...random.runs[2],
      framesPerSecond: 0,
    });
    for (const k of [0, 1]) {
      expect(aPath.runs[k]?.condition).toBe(random.runs[k]?.condition);
      expect({ ...aPath.runs[k], framesPerSecond: 0 }).not.toEqual({
        ...random.runs[k],
        framesPerSecond: 0,
      });
    }
    expect(runRLTransfer({ ...job(null), bStart: 'a-path' }).runs).toEqual(
      noTime(runRLTransfer(job(null))),
    );
  });

  it('transferJobs carries --b-start into the jobs; validateTransfer refuses an unknown value', () => {
    const options: TransferOptions = {
      tasks: [breakout],
      pairs: [['minatar/Breakout-v0', 'minatar/Breakout-v0']],
      seeds: 1,
      seed: 1,
      frames: 300,
      grid,
      a3c: {
        workers: 3,
        tournamentSize: 2,
        evaluationEpisodes: 1,
        learningRate: 7e-4,
        entropyCoef: 0.01,
      },
      window: 5,
      points: 4,
      fraction: 0.75,
      randomEpisodes: 0,
      setting: null,
      out: '/tmp/unused',
    };
    expect(transferJobs(options).every((j) => j.bStart === undefined)).toBe(true);
    expect(transferJobs({ ...options, bStart: 'a-path' }).map((j) => j.bStart)).toEqual([
      'a-path',
      'a-path',
    ]);
    expect(validateTransfer({ ...options, bStart: 'a-path' }).bStart).toBe('a-path');
    expect(() => validateTransfer({ ...options, bStart: 'forced' as 'a-path' })).toThrow(
      new RLOptionError('--b-start must be random or a-path, got "forced"'),
    );
  });

  it('minatarSpecs: padded reads 10 channels, semantic 15, in every game', () => {
    const games = ['Breakout', 'Seaquest', 'SpaceInvaders'];
    const padded = minatarSpecs(games, 'padded');
    const semantic = minatarSpecs(games, 'semantic');
    expect(padded.channels).toBe(10);
    expect(semantic.channels).toBe(15);
    for (const t of padded.tasks)
      expect(specSpaces(t)).toEqual({ shape: [10, 10, 10], actions: 6 });
    for (const t of semantic.tasks)
      expect(specSpaces(t)).toEqual({ shape: [10, 10, 15], actions: 6 });
    expect(semantic.tasks.map((t) => t.id)).toEqual(games.map((g) => `minatar/${g}-v0`));
  });
});
