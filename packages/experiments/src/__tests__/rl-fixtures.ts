import type { LearningCurve } from '../rl-speedup.js';
import type { RLCondition, RLConditionRecord, RLTransferRecord } from '../rl-transfer.js';

/** The source task and the target task of the RL results fixture. */
export const A = 'minatar/Breakout-v0';
export const B = 'minatar/Asterix-v0';
// The controls rise from 1 to 4 over 100 frames; the transfers learn twice as fast.
export const control: LearningCurve = [
  [25, 1],
  [50, 2],
  [75, 3],
  [100, 4],
];
export const faster: LearningCurve = [
  [25, 2],
  [50, 4],
  [75, 4],
  [100, 4],
];
/** One condition's run of 100 frames on `task`, ending at `curve`'s last score. */
export const run = (condition: RLCondition, curve: LearningCurve, task = B): RLConditionRecord => ({
  task,
  frames: 100,
  episodes: 40,
  finalScore: (curve[curve.length - 1] as [number, number])[1],
  curve,
  bestPathway: [[0]],
  tournaments: 0,
  copies: 0,
  duplications: 0,
  framesPerSecond: 1,
  condition,
  reusedPerLayer: condition === 'independent' || condition === 'plain-a3c' ? null : [1],
});
/** The control job of `seed` on B: both controls follow `curve`. */
export const controls = (seed: number, curve = control): RLTransferRecord => ({
  seed,
  setting: null,
  source: null,
  a: null,
  runs: [run('independent', curve), run('plain-a3c', curve)],
});
/**
 * The two jobs of `seed` for the pair A → `target`: the source job (pathnet and fine-tune
 * learn `faster`, fine-tune-fixed as the controls) and the control job.
 */
export const records = (seed: number, target = B): RLTransferRecord[] => [
  {
    seed,
    setting: null,
    source: A,
    a: { ...run('pathnet', control), task: A },
    runs: [
      run('pathnet', faster, target),
      run('fine-tune', faster, target),
      run('fine-tune-fixed', control, target),
    ],
  },
  { ...controls(seed), runs: controls(seed).runs.map((r) => ({ ...r, task: target })) },
];
