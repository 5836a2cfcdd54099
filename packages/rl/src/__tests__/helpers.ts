// Shared fixtures of the rl tests (not a test file itself).
import {
  type Engine,
  type OutputGradientStepResult,
  type OutputLossFn,
  PathNet,
  type PathNetConfig,
} from '@pathnet/core';
import {
  BaseEnv,
  box,
  discrete,
  type EnvRng,
  type ResetResult,
  type StepResult,
} from '@pathnet/envs';
import type { A3CNetwork } from '../network.js';

/** The engines every law is tested on. */
export const ENGINES: readonly Engine[] = ['tfjs', 'fused'];

/**
 * Observation `float32 [2]` = [episode number, step in episode] (never all zero:
 * episodes count from 1). Reward of step t: `rewards[t % rewards.length]`. The
 * episode ends after `length` steps, `terminated` or `truncated` as `ending` says.
 */
export class ScriptedEnv extends BaseEnv<Float32Array> {
  readonly id = 'test/Scripted-v0';
  readonly observationSpace = box([2], -1e9, 1e9, 'float32');
  readonly actionSpace = discrete(2);
  episode = 0;
  t = 0;
  constructor(
    readonly length = 5,
    readonly rewards: readonly number[] = [1, 0, 2],
    readonly ending: 'terminated' | 'truncated' = 'terminated',
  ) {
    super();
  }
  protected onReset(_rng: EnvRng): ResetResult<Float32Array> {
    this.episode++;
    this.t = 0;
    return { observation: Float32Array.of(this.episode, 0), info: {} };
  }
  protected onStep(): StepResult<Float32Array> {
    const reward = this.rewards[this.t % this.rewards.length] as number;
    this.t++;
    const end = this.t >= this.length;
    return {
      observation: Float32Array.of(this.episode, this.t),
      reward,
      terminated: end && this.ending === 'terminated',
      truncated: end && this.ending === 'truncated',
      info: {},
    };
  }
}

/** A dense grid with input `[inputSize]`: L = 2, M = 3, N = 2, 8 units, relu. */
export function denseConfig(inputSize: number): PathNetConfig {
  return {
    inputShape: [inputSize],
    layers: [
      { module: { kind: 'dense', units: 8 }, activation: 'relu', reduction: 'sum' },
      { module: { kind: 'dense', units: 8 }, activation: 'relu', reduction: 'sum' },
    ],
    modulesPerLayer: 3,
    maxActivePerLayer: 2,
  };
}

/** A small dense PathNet on `engine`. */
export function smallNet(inputSize = 2, seed = 1, engine: Engine = 'tfjs'): PathNet {
  return PathNet.create(denseConfig(inputSize), { seed, engine });
}

/** One call of `trainStepFromOutputGradient` as a spy saw it. */
export interface SeenStep {
  readonly pathway: number[][];
  readonly x: Float32Array;
  readonly batchSize: number;
  readonly outputs: Float32Array;
  readonly loss: number;
  readonly gradient: Float32Array;
}

/**
 * A network whose every output row is `row` (policy logits, then the value),
 * recording what it is asked; no parameters.
 */
export function constantNetwork(row: readonly number[], inputSize = 2) {
  const seen: SeenStep[] = [];
  const forwards: Float32Array[] = [];
  const C = row.length;
  const outputsFor = (b: number) => {
    const o = new Float32Array(b * C);
    for (let i = 0; i < b; i++) o.set(row, i * C);
    return o;
  };
  const net: A3CNetwork = {
    config: { ...denseConfig(inputSize) },
    readoutIds: () => ['a3c'],
    readoutSize: () => C,
    addReadout: () => {},
    forward: (_p, _t, x, b) => {
      forwards.push(x.slice());
      return outputsFor(b);
    },
    trainStepFromOutputGradient(p, _t, x, b, lossFn: OutputLossFn): OutputGradientStepResult {
      const outputs = outputsFor(b);
      const { loss, gradient } = lossFn(outputs);
      seen.push({
        pathway: p.map((r) => [...r]),
        x: x.slice(),
        batchSize: b,
        outputs,
        loss,
        gradient,
      });
      const skipped = !Number.isFinite(loss) || gradient.some((g) => !Number.isFinite(g));
      return { loss, skipped };
    },
  };
  return { net, seen, forwards };
}
