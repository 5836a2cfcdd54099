/**
 * Elastic weight consolidation (Kirkpatrick et al. 2017, "Overcoming catastrophic forgetting in
 * neural networks", PNAS 114(13), Eq. 3): after a task, each parameter is pulled back towards its
 * value at the end of that task with a stiffness given by the diagonal of the Fisher information,
 *
 *   Ω(θ) = λ/2 · Σ_t Σ_i F_{t,i} (θ_i − θ*_{t,i})²,   ∂Ω/∂θ_i = λ · Σ_t F_{t,i} (θ_i − θ*_{t,i}).
 *
 * The penalty covers the grid's modules. Readouts are not penalised: each task has its own and
 * no other task's step changes it.
 *
 * @packageDocumentation
 */
import { InvalidConfigError, ShapeMismatchError } from './errors.js';
import { PathNet } from './pathnet.js';
import type { Pathway } from './pathway.js';
import type { Batch } from './types.js';

/** The diagonal Fisher of one module: `[kernel, bias]`, laid out as `PathNet.readModule`. */
export interface ModuleFisher {
  /** Layer index in [0, L). */
  readonly layer: number;
  /** Module index in [0, M). */
  readonly module: number;
  /** `[kernel, bias]`: mean squared per-example gradient of each parameter, ≥ 0. */
  readonly values: readonly Float32Array[];
}

/** Options of {@link fisherDiagonal}. */
export interface FisherOptions {
  /** Use at most this many examples of `data` (the first ones); default all. An integer ≥ 1. */
  readonly maxExamples?: number;
}

/**
 * The empirical diagonal Fisher information of a pathway on a task (Kirkpatrick et al. 2017,
 * Sec. "Methods"): for each parameter of the pathway's active, trainable (non-frozen) modules,
 * the mean over examples of the squared gradient of the example's log-likelihood of its own
 * label, `F_i = 1/n · Σ_k (∂ log p(y_k | x_k) / ∂θ_i)²`. Gradients come one example at a time
 * from {@link PathNet.computeGradients}; on an engine without it (the fused engine) they come
 * from a copy of the network on the `tfjs` engine, which is disposed before returning.
 *
 * @param pathway - L rows of ≤ N module indices.
 * @param taskId - the task's readout.
 * @param data - `x` Float32Array [B · prod(inputShape)], `y` Int32Array [B].
 * @returns one entry per active trainable module, in layer then module order.
 * @throws InvalidConfigError if `maxExamples` is not an integer ≥ 1; the errors of
 *   {@link PathNet.computeGradients} for a bad pathway, readout or batch.
 */
export function fisherDiagonal(
  net: PathNet,
  pathway: Pathway,
  taskId: string,
  data: Batch,
  options: FisherOptions = {},
): ModuleFisher[] {
  const { maxExamples } = options;
  if (maxExamples !== undefined && (!Number.isInteger(maxExamples) || maxExamples < 1)) {
    throw new InvalidConfigError(
      `maxExamples: expected an integer ≥ 1; got ${JSON.stringify(maxExamples)}`,
    );
  }
  const n = Math.min(data.batchSize, maxExamples ?? data.batchSize);
  if (!Number.isInteger(n) || n < 1) {
    throw new ShapeMismatchError(`data.batchSize: expected an integer ≥ 1; got ${n}`);
  }
  const perExample = data.x.length / data.batchSize;
  const copy =
    net.engine === 'tfjs' ? undefined : PathNet.fromValues(net.toValues(), { engine: 'tfjs' });
  const source = copy ?? net;
  try {
    const sums = new Map<string, { layer: number; module: number; values: Float64Array[] }>();
    for (let k = 0; k < n; k++) {
      const g = source.computeGradients(pathway, taskId, {
        x: data.x.subarray(k * perExample, (k + 1) * perExample),
        y: data.y.subarray(k, k + 1),
        batchSize: 1,
      });
      for (const m of g.modules) {
        const key = `${m.layer}/${m.module}`;
        let entry = sums.get(key);
        if (entry === undefined) {
          entry = {
            layer: m.layer,
            module: m.module,
            values: m.grads.map((a) => new Float64Array(a.length)),
          };
          sums.set(key, entry);
        }
        m.grads.forEach((a, j) => {
          const s = entry!.values[j]!;
          for (let i = 0; i < a.length; i++) s[i]! += a[i]! * a[i]!;
        });
      }
    }
    return [...sums.values()]
      .sort((a, b) => a.layer - b.layer || a.module - b.module)
      .map((e) => ({
        layer: e.layer,
        module: e.module,
        values: e.values.map((s) => Float32Array.from(s, (v) => v / n)),
      }));
  } finally {
    copy?.dispose();
  }
}

/** One module's consolidated quadratic: Σ_t F_t, Σ_t F_t θ*_t and Σ_t F_t θ*_t², per parameter. */
interface Anchor {
  readonly layer: number;
  readonly module: number;
  /** Per tensor (`[kernel, bias]`): Σ_t F_{t,i}. */
  readonly f: Float64Array[];
  /** Per tensor: Σ_t F_{t,i} θ*_{t,i}. */
  readonly fTheta: Float64Array[];
  /** Per tensor: Σ_t F_{t,i} θ*_{t,i}². */
  readonly fTheta2: Float64Array[];
}

/** The penalty's gradient for one module, `[kernel, bias]` as `PathNet.readModule`. */
export interface ModulePenaltyGradient {
  readonly layer: number;
  readonly module: number;
  readonly grads: readonly Float32Array[];
}

/**
 * The EWC penalty as a regulariser of a {@link PathNet}'s modules (Kirkpatrick et al. 2017,
 * Eq. 3, one quadratic per consolidated task). {@link ElasticWeightConsolidation.consolidate}
 * after each task records the modules' values and their Fisher; during later tasks,
 * {@link ElasticWeightConsolidation.proximalStep} after each plain-SGD `PathNet.trainStep`
 * makes the pair one proximal-gradient step on loss + Ω. The quadratics of all tasks
 * are kept summed (three arrays per module, whatever the number of tasks).
 */
export class ElasticWeightConsolidation {
  readonly #anchors = new Map<string, Anchor>();
  /** Tasks consolidated so far. */
  #tasks = 0;

  /**
   * @param lambda - λ, the penalty weight, a finite number ≥ 0.
   * @throws InvalidConfigError if λ is negative, NaN or infinite.
   */
  constructor(readonly lambda: number) {
    if (!(lambda >= 0) || !Number.isFinite(lambda)) {
      throw new InvalidConfigError(`lambda: expected a finite number ≥ 0; got ${lambda}`);
    }
  }

  /** Number of tasks consolidated. */
  get tasks(): number {
    return this.#tasks;
  }

  /**
   * Adds one task's quadratic: the modules' current values in `net` as θ*, weighted by `fisher`
   * (from {@link fisherDiagonal} on the same network, right after the task).
   * @throws ShapeMismatchError if a Fisher entry's lengths differ from the module's.
   */
  consolidate(net: PathNet, fisher: readonly ModuleFisher[]): void {
    for (const entry of fisher) {
      const theta = net.readModule(entry.layer, entry.module);
      if (
        entry.values.length !== theta.length ||
        entry.values.some((v, j) => v.length !== theta[j]!.length)
      ) {
        throw new ShapeMismatchError(
          `fisher of module ${entry.module} of layer ${entry.layer}: expected lengths [${theta.map((t) => t.length).join(', ')}]; got [${entry.values.map((v) => v.length).join(', ')}]`,
        );
      }
      const key = `${entry.layer}/${entry.module}`;
      let a = this.#anchors.get(key);
      if (a === undefined) {
        const zeros = () => theta.map((t) => new Float64Array(t.length));
        a = {
          layer: entry.layer,
          module: entry.module,
          f: zeros(),
          fTheta: zeros(),
          fTheta2: zeros(),
        };
        this.#anchors.set(key, a);
      }
      theta.forEach((t, j) => {
        const F = entry.values[j]!;
        const f = a!.f[j]!;
        const ft = a!.fTheta[j]!;
        const ft2 = a!.fTheta2[j]!;
        for (let i = 0; i < t.length; i++) {
          const w = F[i]!;
          const th = t[i]!;
          f[i]! += w;
          ft[i]! += w * th;
          ft2[i]! += w * th * th;
        }
      });
    }
    this.#tasks++;
  }

  /** Anchored modules in layer then module order. */
  #sorted(): Anchor[] {
    return [...this.#anchors.values()].sort((a, b) => a.layer - b.layer || a.module - b.module);
  }

  /**
   * Ω(θ) = λ/2 · Σ_t Σ_i F_{t,i} (θ_i − θ*_{t,i})² at the network's current module values,
   * accumulated in float64; 0 before any consolidation.
   */
  penalty(net: PathNet): number {
    let total = 0;
    for (const a of this.#sorted()) {
      const theta = net.readModule(a.layer, a.module);
      theta.forEach((t, j) => {
        const f = a.f[j]!;
        const ft = a.fTheta[j]!;
        const ft2 = a.fTheta2[j]!;
        for (let i = 0; i < t.length; i++) {
          const th = t[i]!;
          total += f[i]! * th * th - 2 * th * ft[i]! + ft2[i]!;
        }
      });
    }
    return (this.lambda / 2) * total;
  }

  /**
   * ∂Ω/∂θ = λ · Σ_t F_t ⊙ (θ − θ*_t) for every anchored module that is not frozen in `net`
   * (frozen modules never change, so they get no gradient).
   */
  gradient(net: PathNet): ModulePenaltyGradient[] {
    const out: ModulePenaltyGradient[] = [];
    for (const a of this.#sorted()) {
      if (net.isFrozen(a.layer, a.module)) continue;
      const theta = net.readModule(a.layer, a.module);
      out.push({
        layer: a.layer,
        module: a.module,
        grads: theta.map((t, j) => {
          const f = a.f[j]!;
          const ft = a.fTheta[j]!;
          const g = new Float32Array(t.length);
          for (let i = 0; i < t.length; i++) g[i] = this.lambda * (f[i]! * t[i]! - ft[i]!);
          return g;
        }),
      });
    }
    return out;
  }

  /**
   * The proximal step of Ω after a plain-SGD step on the task's loss (forward–backward
   * splitting): every unfrozen anchored module moves to
   * θ' = argmin_u ½‖u − θ‖² + learningRate · Ω(u), i.e.
   * θ'_i = (θ_i + η λ Σ_t F_{t,i} θ*_{t,i}) / (1 + η λ Σ_t F_{t,i}) with η = `learningRate`.
   * To first order in η it is the SGD step θ − η ∂Ω/∂θ; unlike that step it never overshoots
   * the anchors, whatever λ·η·F (the explicit step diverges once η λ F > 2).
   * Frozen modules are left as they are.
   * @throws InvalidConfigError if `learningRate` is not a finite number ≥ 0.
   */
  proximalStep(net: PathNet, learningRate: number): void {
    if (!(learningRate >= 0) || !Number.isFinite(learningRate)) {
      throw new InvalidConfigError(
        `learningRate: expected a finite number ≥ 0; got ${learningRate}`,
      );
    }
    const c = this.lambda * learningRate;
    if (c === 0) return;
    for (const a of this.#sorted()) {
      if (net.isFrozen(a.layer, a.module)) continue;
      const theta = net.readModule(a.layer, a.module);
      theta.forEach((t, j) => {
        const f = a.f[j]!;
        const ft = a.fTheta[j]!;
        for (let i = 0; i < t.length; i++) t[i] = (t[i]! + c * ft[i]!) / (1 + c * f[i]!);
      });
      net.writeModule(a.layer, a.module, theta);
    }
  }
}
