import { assertCanTrain, tf } from '@pathnet/backend';
import { moduleParamShapes } from '../checks.js';
import { type LayerShape, layerShapes, type PathNetConfig } from '../config.js';
import { activate, denseLayer } from '../dense.js';
import type { Optimizer } from '../optimizer.js';
import type {
  Batch,
  DenseLayout,
  Gradients,
  LossFn,
  OutputGradientStepResult,
  OutputLossFn,
  StepResult,
} from '../types.js';
import type { ActiveModules, FrozenSet, GridEngine } from './engine.js';

interface ModuleParams {
  kernel: tf.Variable;
  bias: tf.Variable;
}

interface Readout {
  readonly numClasses: number;
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
}

/** A variable holding a copy of `values`; the temporary tensor is freed. */
function makeVariable(values: Float32Array, shape: readonly number[]): tf.Variable {
  const t = tf.tensor(values, [...shape], 'float32');
  const v = tf.variable(t);
  t.dispose();
  return v;
}

/**
 * A scalar that is 0 when every element of `tensors` is finite and NaN otherwise
 * (`sum(t · 0)`: NaN · 0 and ±Infinity · 0 are NaN; runs on every backend).
 */
function nonFiniteProbe(tensors: readonly tf.Tensor[]): tf.Scalar {
  return tf.addN(tensors.map((t) => tf.sum(tf.mul(t, 0)))) as tf.Scalar;
}

/**
 * The `'tfjs'` engine: one tfjs variable per module tensor, ops on the active tfjs backend
 * (cpu, wasm, or tensorflow/CUDA through tfjs-node-gpu); any module kind, any optimizer, tfjs
 * losses, gradients and layer activations.
 */
export class TfjsEngine implements GridEngine {
  private readonly config: PathNetConfig;
  private readonly shapes: LayerShape[];
  private readonly denseLayout: DenseLayout;
  /** `[layer][module]`, filled by the first {@link TfjsEngine.writeModule} of each. */
  private readonly modules: ModuleParams[][];
  private readonly readouts = new Map<string, Readout>();

  constructor(config: PathNetConfig, denseLayout: DenseLayout) {
    this.config = config;
    this.shapes = layerShapes(config);
    this.denseLayout = denseLayout;
    this.modules = config.layers.map(() => []);
  }

  writeModule(layer: number, module: number, values: readonly Float32Array[]): void {
    const p = this.modules[layer]![module];
    if (p === undefined) {
      const ps = moduleParamShapes(this.config, this.shapes, layer);
      this.modules[layer]![module] = {
        kernel: makeVariable(values[0]!, ps.kernel),
        bias: makeVariable(values[1]!, ps.bias),
      };
      return;
    }
    tf.tidy(() => {
      p.kernel.assign(tf.tensor(values[0]!, p.kernel.shape, 'float32'));
      p.bias.assign(tf.tensor(values[1]!, p.bias.shape, 'float32'));
    });
  }

  readModule(layer: number, module: number): Float32Array[] {
    const p = this.modules[layer]![module]!;
    return [p.kernel.dataSync() as Float32Array, p.bias.dataSync() as Float32Array].map((a) =>
      Float32Array.from(a),
    );
  }

  addReadout(taskId: string, numClasses: number, values: readonly Float32Array[]): void {
    const D = values[0]!.length / numClasses;
    this.readouts.set(taskId, {
      numClasses,
      kernel: makeVariable(values[0]!, [D, numClasses]),
      bias: makeVariable(values[1]!, [numClasses]),
    });
  }

  removeReadout(taskId: string): void {
    const r = this.readout(taskId);
    r.kernel.dispose();
    r.bias.dispose();
    this.readouts.delete(taskId);
  }

  readReadout(taskId: string): Float32Array[] {
    const r = this.readout(taskId);
    return [Float32Array.from(r.kernel.dataSync()), Float32Array.from(r.bias.dataSync())];
  }

  private readout(taskId: string): Readout {
    return this.readouts.get(taskId)!;
  }

  private inputTensor(x: Float32Array, batchSize: number): tf.Tensor {
    return tf.tensor(x, [batchSize, ...this.config.inputShape], 'float32');
  }

  forward(active: ActiveModules, taskId: string, x: Float32Array, batchSize: number): Float32Array {
    const r = this.readout(taskId);
    const out = tf.tidy(() => this.logits(active, r, this.inputTensor(x, batchSize)));
    const data = out.dataSync() as Float32Array;
    out.dispose();
    return data;
  }

  countCorrect(active: ActiveModules, taskId: string, x: Float32Array, y: Int32Array): number {
    const r = this.readout(taskId);
    const c = tf.tidy(() => {
      const logits = this.logits(active, r, this.inputTensor(x, y.length));
      return tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.tensor1d(y, 'int32')), 'float32'));
    });
    const count = c.dataSync()[0]!;
    c.dispose();
    return count;
  }

  activations(active: ActiveModules, x: Float32Array, batchSize: number): Float32Array[] {
    const outs = tf.tidy(() => this.layersForward(active, this.inputTensor(x, batchSize)));
    const data = outs.map((o) => o.dataSync() as Float32Array);
    tf.dispose(outs);
    return data;
  }

  /** Forward through the active modules; returns each layer's output `[B, ...shape]`. */
  layersForward(active: ActiveModules, x: tf.Tensor): tf.Tensor[] {
    const outs: tf.Tensor[] = [];
    let h = x;
    this.config.layers.forEach((layer, l) => {
      const act = active[l]!;
      const params = act.map((m) => this.modules[l]![m]!);
      const spec = layer.module;
      let y: tf.Tensor;
      if (spec.kind === 'dense') {
        const inp = h.rank === 2 ? h : tf.reshape(h, [h.shape[0]!, -1]);
        if (this.denseLayout === 'per-module') {
          const reduced = denseLayer(
            inp as tf.Tensor2D,
            params.map((p) => p.kernel),
            params.map((p) => p.bias),
            layer.activation,
            layer.reduction,
            l > 0,
          );
          outs.push(reduced);
          h = reduced;
          return;
        }
        if (this.denseLayout === 'concat' && params.length > 1) {
          const k = tf.concat(
            params.map((p) => p.kernel),
            1,
          );
          const b = tf.concat(
            params.map((p) => p.bias),
            0,
          );
          const z = activate(
            tf.add(tf.matMul(inp as tf.Tensor2D, k as tf.Tensor2D), b),
            layer.activation,
          );
          y = tf.sum(tf.reshape(z, [inp.shape[0]!, params.length, spec.units]), 1);
        } else {
          const zs = params.map((p) =>
            activate(
              tf.add(tf.matMul(inp as tf.Tensor2D, p.kernel as tf.Tensor2D), p.bias),
              layer.activation,
            ),
          );
          y = zs.length === 1 ? zs[0]! : tf.addN(zs);
        }
      } else {
        const zs = params.map((p) =>
          activate(
            tf.add(
              tf.conv2d(
                h as tf.Tensor4D,
                p.kernel as tf.Tensor4D,
                spec.strides,
                spec.padding ?? 'valid',
              ),
              p.bias,
            ),
            layer.activation,
          ),
        );
        y = zs.length === 1 ? zs[0]! : tf.addN(zs);
      }
      if (layer.reduction === 'mean' && params.length > 1) y = tf.div(y, params.length);
      outs.push(y);
      h = y;
    });
    return outs;
  }

  private logits(active: ActiveModules, r: Readout, x: tf.Tensor): tf.Tensor2D {
    const outs = this.layersForward(active, x);
    const h = outs[outs.length - 1]!;
    const f = tf.reshape(h, [h.shape[0]!, -1]) as tf.Tensor2D;
    return tf.add(tf.matMul(f, r.kernel as tf.Tensor2D), r.bias) as tf.Tensor2D;
  }

  /** Active, trainable (not frozen) parameters of a pathway, plus the readout's. */
  private trainables(active: ActiveModules, r: Readout, frozen: FrozenSet) {
    const vars: tf.Variable[] = [];
    const owners: { layer: number; module: number }[] = [];
    active.forEach((row, l) => {
      for (const m of row) {
        if (frozen[l]![m]) continue;
        const p = this.modules[l]![m]!;
        vars.push(p.kernel, p.bias);
        owners.push({ layer: l, module: m });
      }
    });
    vars.push(r.kernel, r.bias);
    return { vars, owners };
  }

  /** @throws MissingKernelError when the backend cannot train a conv grid. */
  private checkTrainable(active: ActiveModules): void {
    const kinds = new Set<'dense' | 'conv2d'>();
    this.config.layers.forEach((layer) => {
      kinds.add(layer.module.kind);
    });
    if (active.length > 0 && kinds.has('conv2d')) assertCanTrain(['conv2d']);
  }

  /**
   * The readout of `taskId`, once `active` is known to be trainable on this backend.
   * @throws MissingKernelError when the backend cannot train a conv grid.
   */
  private trainedReadout(active: ActiveModules, taskId: string): Readout {
    this.checkTrainable(active);
    return this.readout(taskId);
  }

  /**
   * Evaluates `loss` on the pathway and returns loss, gradients of active trainable
   * parameters, and (optionally, kept) extra tensors. Everything else is disposed.
   */
  private lossAndGrads(
    active: ActiveModules,
    r: Readout,
    frozen: FrozenSet,
    xT: tf.Tensor,
    loss: (logits: tf.Tensor2D) => tf.Scalar,
    extra?: (logits: tf.Tensor2D) => tf.Tensor,
  ) {
    const { vars, owners } = this.trainables(active, r, frozen);
    let kept: tf.Tensor | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const logits = this.logits(active, r, xT);
      if (extra) kept = tf.keep(extra(logits));
      return loss(logits);
    }, vars);
    const gradList = vars.map((v) => grads[v.name] ?? tf.zerosLike(v));
    return { value, vars, owners, grads: gradList, kept };
  }

  /**
   * Applies `grads` to `vars` when `probe` (see {@link nonFiniteProbe}) says the loss and every
   * gradient are finite; disposes the gradients either way.
   * @returns whether it applied them.
   */
  private applyIfFinite(
    optimizer: Optimizer,
    vars: readonly tf.Variable[],
    grads: readonly tf.Tensor[],
    probe: number,
  ): boolean {
    const finite = probe === 0;
    try {
      if (finite) optimizer.applyGradients(vars, grads);
    } finally {
      tf.dispose([...grads]);
    }
    return finite;
  }

  trainStep(
    active: ActiveModules,
    taskId: string,
    batch: Batch,
    optimizer: Optimizer,
    frozen: FrozenSet,
  ): StepResult {
    const r = this.trainedReadout(active, taskId);
    const B = batch.batchSize;
    const { vars, grads, numbers } = tf.tidy(() => {
      const xT = this.inputTensor(batch.x, B);
      const yT = tf.tensor1d(batch.y, 'int32');
      const oneHot = tf.oneHot(yT, r.numClasses);
      const res = this.lossAndGrads(
        active,
        r,
        frozen,
        xT,
        (logits) => tf.losses.softmaxCrossEntropy(oneHot, logits) as tf.Scalar,
        (logits) => tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), yT), 'float32')),
      );
      const correct = res.kept!;
      const numbers = tf.stack([res.value, correct, nonFiniteProbe([res.value, ...res.grads])]);
      correct.dispose();
      return { vars: res.vars, grads: res.grads, numbers };
    });
    const [loss, correct, probe] = numbers.dataSync();
    numbers.dispose();
    const skipped = !this.applyIfFinite(optimizer, vars, grads, probe!);
    return { loss: loss!, accuracy: correct! / B, skipped };
  }

  /** One step after another, in order (tfjs runs one step at a time). */
  trainConcurrently(
    steps: readonly { active: ActiveModules; taskId: string; batch: Batch }[],
    optimizer: Optimizer,
    frozen: FrozenSet,
  ): StepResult[] {
    return steps.map((s) => this.trainStep(s.active, s.taskId, s.batch, optimizer, frozen));
  }

  trainStepWithLoss(
    active: ActiveModules,
    taskId: string,
    x: Float32Array,
    batchSize: number,
    lossFn: LossFn,
    optimizer: Optimizer,
    frozen: FrozenSet,
  ): number {
    const r = this.trainedReadout(active, taskId);
    const { vars, grads, numbers } = tf.tidy(() => {
      const xT = this.inputTensor(x, batchSize);
      const { value, vars, grads } = this.lossAndGrads(active, r, frozen, xT, lossFn);
      return { vars, grads, numbers: tf.stack([value, nonFiniteProbe([value, ...grads])]) };
    });
    const [loss, probe] = numbers.dataSync();
    numbers.dispose();
    return this.applyIfFinite(optimizer, vars, grads, probe!) ? loss! : Number.NaN;
  }

  /** The caller's gradient `g` enters as the constant of `sum(outputs ⊙ g)`. */
  trainStepFromOutputGradient(
    active: ActiveModules,
    taskId: string,
    x: Float32Array,
    batchSize: number,
    lossFn: OutputLossFn,
    optimizer: Optimizer,
    frozen: FrozenSet,
  ): OutputGradientStepResult {
    const r = this.trainedReadout(active, taskId);
    const classes = r.numClasses;
    let result: ReturnType<OutputLossFn> | undefined;
    const { vars, grads, probe } = tf.tidy(() => {
      const xT = this.inputTensor(x, batchSize);
      const { vars, grads } = this.lossAndGrads(active, r, frozen, xT, (outputs) => {
        result = lossFn((outputs.dataSync() as Float32Array).slice());
        const usable = Number.isFinite(result.loss) && result.gradient.every(Number.isFinite);
        const g = usable
          ? tf.tensor2d(result.gradient, [batchSize, classes])
          : tf.zerosLike(outputs);
        return tf.sum(tf.mul(outputs, g));
      });
      return { vars, grads, probe: nonFiniteProbe(grads) };
    });
    const p = probe.dataSync()[0]!;
    probe.dispose();
    const { loss, gradient } = result!;
    const usable = Number.isFinite(loss) && gradient.every(Number.isFinite);
    const applied = usable ? this.applyIfFinite(optimizer, vars, grads, p) : false;
    if (!usable) tf.dispose(grads);
    return { loss, skipped: !applied };
  }

  computeGradients(
    active: ActiveModules,
    taskId: string,
    batch: { readonly x: Float32Array; readonly y?: Int32Array; readonly batchSize: number },
    lossFn: LossFn | undefined,
    frozen: FrozenSet,
  ): Gradients {
    const r = this.trainedReadout(active, taskId);
    const { value, owners, grads } = tf.tidy(() => {
      const xT = this.inputTensor(batch.x, batch.batchSize);
      const loss: LossFn =
        lossFn ??
        ((logits) =>
          tf.losses.softmaxCrossEntropy(
            tf.oneHot(tf.tensor1d(batch.y!, 'int32'), r.numClasses),
            logits,
          ) as tf.Scalar);
      const res = this.lossAndGrads(active, r, frozen, xT, loss);
      return { value: res.value, owners: res.owners, grads: res.grads };
    });
    const arrays = grads.map((g) => g.dataSync() as Float32Array);
    const loss = value.dataSync()[0]!;
    tf.dispose([value, ...grads]);
    return {
      loss,
      modules: owners.map((o, i) => ({
        layer: o.layer,
        module: o.module,
        grads: [arrays[2 * i]!, arrays[2 * i + 1]!],
      })),
      readout: [arrays[arrays.length - 2]!, arrays[arrays.length - 1]!],
    };
  }

  get numParameterTensors(): number {
    return 2 * (this.modules.reduce((n, row) => n + row.length, 0) + this.readouts.size);
  }

  readonly concurrency = 1;

  async ready(): Promise<void> {}

  dispose(): void {
    for (const row of this.modules) {
      for (const p of row) {
        p.kernel.dispose();
        p.bias.dispose();
      }
    }
    for (const r of this.readouts.values()) {
      r.kernel.dispose();
      r.bias.dispose();
    }
    this.readouts.clear();
  }
}
