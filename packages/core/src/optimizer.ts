import { tf } from '@pathnet/backend';
import { InvalidOptimizerError, ShapeMismatchError } from './errors.js';

/** Options shared by every optimizer kind. */
export interface OptimizerCommon {
  /** Step size η (> 0). Can be changed later with {@link Optimizer.setLearningRate}. */
  readonly learningRate: number;
  /**
   * Global gradient-norm clipping: when the L2 norm of all gradients of one update
   * exceeds `clipNorm`, every gradient is scaled by `clipNorm / norm`. The norm counts
   * only the gradients the update applies (active, trainable parameters), never frozen ones.
   */
  readonly clipNorm?: number;
  /**
   * L2 penalty λ: adds `λ·w` to the gradient of each updated parameter. Applied only to
   * the parameters of the update, so frozen and inactive parameters never decay.
   */
  readonly weightDecay?: number;
}

/** Stochastic gradient descent with optional (Nesterov) momentum: `v ← μv + g; w ← w − η v`. */
export interface SgdConfig extends OptimizerCommon {
  readonly kind: 'sgd';
  /** Momentum μ in [0, 1); default 0. */
  readonly momentum?: number;
  /** Nesterov momentum (`w ← w − η (g + μ v)`); default false. */
  readonly nesterov?: boolean;
}

/**
 * RMSProp (Tieleman & Hinton 2012), as used by A3C (Mnih et al. 2016):
 * `s ← ρ s + (1 − ρ) g²; m ← μ m + η g / sqrt(s + ε); w ← w − m`.
 */
export interface RmspropConfig extends OptimizerCommon {
  readonly kind: 'rmsprop';
  /** Decay ρ in [0, 1); default 0.99 (the A3C settings of Mnih et al. 2016 that the paper uses). */
  readonly decay?: number;
  /** ε > 0 inside the square root; default 0.1 (the A3C settings of Mnih et al. 2016 that the paper uses). */
  readonly epsilon?: number;
  /** Momentum μ in [0, 1); default 0. */
  readonly momentum?: number;
}

/**
 * Adam (Kingma & Ba 2015) with bias correction. The step count is kept per parameter,
 * because a pathway updates only some parameters at each step.
 */
export interface AdamConfig extends OptimizerCommon {
  readonly kind: 'adam';
  /** β1 in [0, 1); default 0.9. */
  readonly beta1?: number;
  /** β2 in [0, 1); default 0.999. */
  readonly beta2?: number;
  /** ε > 0; default 1e-8. */
  readonly epsilon?: number;
}

/** Configuration of {@link createOptimizer}. */
export type OptimizerConfig = SgdConfig | RmspropConfig | AdamConfig;

/**
 * An optimizer whose state is kept per parameter tensor and created only on that
 * parameter's first update. Parameters never passed to {@link Optimizer.applyGradients}
 * (frozen or inactive ones) get no state and no change.
 */
export interface Optimizer {
  /** The configuration it was created with (learning rate: the initial one). */
  readonly config: OptimizerConfig;
  /** The current learning rate η. */
  readonly learningRate: number;
  /** Changes η (e.g. linear annealing in A3C). @throws InvalidOptimizerError if not > 0 and finite. */
  setLearningRate(learningRate: number): void;
  /**
   * Updates `params[i]` with `grads[i]` (same shapes). Disposes nothing it did not create;
   * the caller owns `grads`.
   * @throws ShapeMismatchError if the lists differ in length or a gradient's shape differs.
   */
  applyGradients(params: readonly tf.Variable[], grads: readonly tf.Tensor[]): void;
  /** Number of parameters that hold optimizer state. */
  readonly stateSize: number;
  /** Drops (and disposes) the state of these parameters, or of all when omitted. */
  resetState(params?: readonly tf.Variable[]): void;
  /** Frees every state tensor. */
  dispose(): void;
}

interface ParamState {
  slots: tf.Variable[];
  steps: number;
}

function checkRange(name: string, v: number | undefined, lo: number, hi: number, loOpen = false) {
  if (v === undefined) return;
  const ok = typeof v === 'number' && Number.isFinite(v) && (loOpen ? v > lo : v >= lo) && v < hi;
  if (!ok) {
    throw new InvalidOptimizerError(
      `optimizer.${name}: expected a number in ${loOpen ? '(' : '['}${lo}, ${hi}); got ${String(v)}`,
    );
  }
}

function validateOptimizerConfig(config: OptimizerConfig): void {
  if (config === null || typeof config !== 'object') {
    throw new InvalidOptimizerError(`optimizer: expected a config object; got ${String(config)}`);
  }
  const kind = (config as { kind?: unknown }).kind;
  if (kind !== 'sgd' && kind !== 'rmsprop' && kind !== 'adam') {
    throw new InvalidOptimizerError(
      `optimizer.kind: expected 'sgd' | 'rmsprop' | 'adam'; got ${JSON.stringify(kind)}`,
    );
  }
  checkRange('learningRate', config.learningRate, 0, Number.POSITIVE_INFINITY, true);
  if (config.learningRate === undefined) {
    throw new InvalidOptimizerError('optimizer.learningRate: expected a number > 0; got undefined');
  }
  checkRange('clipNorm', config.clipNorm, 0, Number.POSITIVE_INFINITY, true);
  checkRange('weightDecay', config.weightDecay, 0, Number.POSITIVE_INFINITY);
  if (config.kind === 'sgd') checkRange('momentum', config.momentum, 0, 1);
  if (config.kind === 'rmsprop') {
    checkRange('decay', config.decay, 0, 1);
    checkRange('epsilon', config.epsilon, 0, Number.POSITIVE_INFINITY, true);
    checkRange('momentum', config.momentum, 0, 1);
  }
  if (config.kind === 'adam') {
    checkRange('beta1', config.beta1, 0, 1);
    checkRange('beta2', config.beta2, 0, 1);
    checkRange('epsilon', config.epsilon, 0, Number.POSITIVE_INFINITY, true);
  }
}

/**
 * Creates an optimizer: SGD (with momentum), RMSProp or Adam, with optional global
 * gradient-norm clipping and L2 weight decay, all restricted to the parameters of each
 * update (frozen parameters must never move, Fernando et al. 2017, Sec. 2.3).
 *
 * @throws InvalidOptimizerError naming the bad field, what was given and what was expected.
 */
export function createOptimizer(config: OptimizerConfig): Optimizer {
  validateOptimizerConfig(config);
  const frozenConfig: OptimizerConfig = { ...config };
  let lr = config.learningRate;
  const state = new Map<tf.Variable, ParamState>();
  let disposed = false;

  const slotsNeeded = (): number => {
    switch (config.kind) {
      case 'sgd':
        return (config.momentum ?? 0) > 0 ? 1 : 0;
      case 'rmsprop':
        return (config.momentum ?? 0) > 0 ? 2 : 1;
      case 'adam':
        return 2;
    }
  };

  const stateOf = (p: tf.Variable): ParamState => {
    let s = state.get(p);
    if (s === undefined) {
      const slots: tf.Variable[] = [];
      for (let i = 0; i < slotsNeeded(); i++) {
        slots.push(tf.variable(tf.zerosLike(p), false));
      }
      s = { slots, steps: 0 };
      state.set(p, s);
    }
    return s;
  };

  const update = (p: tf.Variable, g: tf.Tensor): void => {
    const s = stateOf(p);
    s.steps += 1;
    switch (config.kind) {
      case 'sgd': {
        const mu = config.momentum ?? 0;
        if (mu > 0) {
          const v = s.slots[0]!;
          const vNew = tf.add(tf.mul(v, mu), g);
          v.assign(vNew);
          const step = config.nesterov ? tf.add(g, tf.mul(vNew, mu)) : vNew;
          p.assign(tf.sub(p, tf.mul(step, lr)));
        } else {
          p.assign(tf.sub(p, tf.mul(g, lr)));
        }
        return;
      }
      case 'rmsprop': {
        const rho = config.decay ?? 0.99;
        const eps = config.epsilon ?? 0.1;
        const mu = config.momentum ?? 0;
        const ms = s.slots[0]!;
        const msNew = tf.add(tf.mul(ms, rho), tf.mul(tf.square(g), 1 - rho));
        ms.assign(msNew);
        const step = tf.div(tf.mul(g, lr), tf.sqrt(tf.add(msNew, eps)));
        if (mu > 0) {
          const mom = s.slots[1]!;
          const momNew = tf.add(tf.mul(mom, mu), step);
          mom.assign(momNew);
          p.assign(tf.sub(p, momNew));
        } else {
          p.assign(tf.sub(p, step));
        }
        return;
      }
      case 'adam': {
        const b1 = config.beta1 ?? 0.9;
        const b2 = config.beta2 ?? 0.999;
        const eps = config.epsilon ?? 1e-8;
        const m = s.slots[0]!;
        const v = s.slots[1]!;
        const mNew = tf.add(tf.mul(m, b1), tf.mul(g, 1 - b1));
        const vNew = tf.add(tf.mul(v, b2), tf.mul(tf.square(g), 1 - b2));
        m.assign(mNew);
        v.assign(vNew);
        const t = s.steps;
        const lrT = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
        p.assign(tf.sub(p, tf.div(tf.mul(mNew, lrT), tf.add(tf.sqrt(vNew), eps))));
        return;
      }
    }
  };

  return {
    config: frozenConfig,
    get learningRate() {
      return lr;
    },
    setLearningRate(value: number) {
      checkRange('learningRate', value, 0, Number.POSITIVE_INFINITY, true);
      lr = value;
    },
    get stateSize() {
      return state.size;
    },
    applyGradients(params, grads) {
      if (disposed) throw new InvalidOptimizerError('optimizer: used after dispose()');
      if (params.length !== grads.length) {
        throw new ShapeMismatchError(
          `grads: expected ${params.length} gradients (one per parameter); got ${grads.length}`,
        );
      }
      params.forEach((p, i) => {
        const g = grads[i]!;
        if (!tf.util.arraysEqual(p.shape, g.shape)) {
          throw new ShapeMismatchError(
            `grads[${i}]: expected shape [${p.shape.join(', ')}]; got [${g.shape.join(', ')}]`,
          );
        }
      });
      if (params.length === 0) return;
      tf.tidy(() => {
        let gs: tf.Tensor[] = [...grads];
        if (config.clipNorm !== undefined) {
          const clip = config.clipNorm;
          const norm = tf.sqrt(tf.addN(gs.map((g) => tf.sum(tf.square(g)))));
          const scale = tf.div(clip, tf.maximum(norm, clip));
          gs = gs.map((g) => tf.mul(g, scale));
        }
        const wd = config.weightDecay ?? 0;
        if (wd > 0) gs = gs.map((g, i) => tf.add(g, tf.mul(params[i]!, wd)));
        params.forEach((p, i) => {
          update(p, gs[i]!);
        });
      });
    },
    resetState(params) {
      const targets = params ?? [...state.keys()];
      for (const p of targets) {
        const s = state.get(p);
        if (s === undefined) continue;
        for (const v of s.slots) v.dispose();
        state.delete(p);
      }
    },
    dispose() {
      this.resetState();
      disposed = true;
    },
  };
}
