import type { PathNetConfig } from '@pathnet/core';
import { makeEnv } from '@pathnet/envs';
import { describe, expect, it } from 'vitest';
import { jobKinds } from '../jobs.js';
import { PadChannels, specSpaces } from '../rl-env.js';
import { summariseRLTransfer } from '../rl-summary.js';
import { type RLTransferJob, runRLTransfer } from '../rl-transfer.js';
import { RL_TRANSFER_JOB_KIND } from '../rl-transfer-job.js';

const grid: PathNetConfig = {
  inputShape: [10, 10, 6],
  layers: [
    { module: { kind: 'dense', units: 4 }, activation: 'relu', reduction: 'sum' },
    { module: { kind: 'dense', units: 4 }, activation: 'relu', reduction: 'sum' },
  ],
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

  it('a source job freezes A’s best pathway for pathnet, a control job runs independent; the summary pairs them', {
    timeout: 60_000,
  }, () => {
    expect(jobKinds()).toContain(RL_TRANSFER_JOB_KIND);
    const source = runRLTransfer(job(breakout));
    expect(source.a?.task).toBe('minatar/Breakout-v0');
    expect(source.runs.map((r) => `${r.task} ${r.condition}`)).toEqual([
      'minatar/SpaceInvaders-v0 pathnet',
      'minatar/SpaceInvaders-v0 fine-tune',
    ]);
    const fineTune = source.runs[1]!;
    // Fine-tuning trains A's best pathway: it re-uses every distinct module of it.
    expect(fineTune.bestPathway).toEqual(source.a?.bestPathway);
    expect(fineTune.reusedPerLayer).toEqual(source.a?.bestPathway.map((row) => new Set(row).size));
    for (const r of source.runs) expect(r.curve).toHaveLength(4);
    const control = runRLTransfer(job(null));
    expect(control.runs.map((r) => `${r.task} ${r.condition}`)).toEqual([
      'minatar/Breakout-v0 independent',
      'minatar/SpaceInvaders-v0 independent',
    ]);
    // Deterministic by the job.
    expect(runRLTransfer(job(null))).toEqual({
      ...control,
      runs: control.runs.map((r) => ({ ...r, framesPerSecond: expect.any(Number) })),
    });
    const s = summariseRLTransfer([source, control], 0.75);
    expect(s.pairs.map((p) => `${p.source} → ${p.target} ${p.seeds}`)).toEqual([
      'minatar/Breakout-v0 → minatar/SpaceInvaders-v0 1',
    ]);
    // The control's rise is read from its own curve: first point → final score.
    const target = control.runs.find((r) => r.task === 'minatar/SpaceInvaders-v0');
    expect(s.pairs[0]?.independentFirst.mean).toBe(target?.curve[0]?.[1]);
    expect(s.pairs[0]?.independentFinal.mean).toBe(target?.finalScore);
  });
});
