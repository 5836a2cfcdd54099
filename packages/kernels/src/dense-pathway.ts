import { checkFinite, checkInt, KernelArgumentError } from './errors.js';
import { type KernelBuffer, Kernels, type KernelsOptions, type KernelsRegion } from './kernels.js';
import { backward } from './pathway-backward.js';
import { completeConfig, layerGeometries } from './pathway-config.js';
import { runForward } from './pathway-forward.js';
import { clipAndApply, stateFor } from './pathway-optimizer.js';
import {
  allFinite,
  allocWorkspace,
  glorot,
  type LayerState,
  lastSize,
  type PathwayParts,
  type ReadoutState,
  type Workspace,
} from './pathway-parts.js';
import type {
  BufferRef,
  ConcurrentStep,
  DenseModuleParameters,
  DenseOptimizerSpec,
  DensePathwayConfig,
  DensePathwayKernel,
  GridLayout,
  OutputGradientStepResult,
  OutputLossFn,
  SharedPathwayGrid,
  StateRefs,
  TrainStepOptions,
  TrainStepResult,
} from './pathway-types.js';
import { StepWorkers } from './step-workers.js';

export type {
  ConcurrentStep,
  DenseLayerSpec,
  DenseModuleParameters,
  DenseOptimizerSpec,
  DensePathwayConfig,
  DensePathwayKernel,
  GridLayout,
  OutputGradientStepResult,
  OutputLossFn,
  SharedPathwayGrid,
  TrainStepOptions,
  TrainStepResult,
} from './pathway-types.js';

/**
 * A view of a shared grid ({@link DensePathwayKernel.share}), usable in any thread: its
 * steps read and write the shared parameters and optimizer state, hogwild; its gradients
 * and workspace live in a region of its own. Each call takes one of the reserved regions.
 * @throws KernelArgumentError when every region has been taken.
 */
export function attachSharedPathway(shared: SharedPathwayGrid): DensePathwayKernel {
  const taken = Atomics.add(new Int32Array(shared.claims), 0, 1);
  const region = shared.regions[taken];
  if (region === undefined) {
    throw new KernelArgumentError(
      'shared',
      `a grid whose ${shared.regions.length} view(s) are all attached`,
      'share(kind, { views }) with one view per attach',
    );
  }
  return attachDensePathway(region, shared.layout);
}

/**
 * Creates a grid of dense modules in its own WebAssembly instance.
 * @throws KernelArgumentError when a size is not a positive integer or a
 *   reduction/activation is unknown.
 */
export function createDensePathwayKernel(config: DensePathwayConfig): DensePathwayKernel {
  return new DensePathway(completeConfig(config));
}

/**
 * @internal The grid of another thread, as that thread's {@link DensePathwayKernel.layout}
 * describes it, with this thread's gradients and workspace in `region`.
 */
export function attachDensePathway(region: KernelsRegion, layout: GridLayout): DensePathwayKernel {
  return new DensePathway(layout.config, { kernels: Kernels.attach(region), layout });
}

class DensePathway implements DensePathwayKernel, PathwayParts {
  readonly config: Readonly<Required<DensePathwayConfig>>;
  readonly k: Kernels;
  readonly layers: LayerState[] = [];
  readonly readoutMap = new Map<string, ReadoutState>();
  private ws: Workspace | undefined;
  adamStep = 0;
  /** True while a {@link DensePathwayKernel.trainStepFromOutputGradient} callback runs. */
  inCallback = false;
  /** Workers of {@link DensePathwayKernel.trainConcurrently} (concurrency > 1). */
  private readonly stepWorkers: StepWorkers | undefined;
  /** Changes whenever readouts are added or removed (step workers then re-attach). */
  private readoutsVersion = 0;

  /**
   * A new grid in its own instance, or (with `shared`) a view of another
   * thread's grid: its parameters and optimizer state at the layout's
   * offsets, its own gradients and workspace in the given instance's region.
   */
  constructor(
    config: Required<DensePathwayConfig>,
    shared?: { kernels: Kernels; layout: GridLayout },
  ) {
    this.config = config;
    this.k =
      shared?.kernels ?? Kernels.create({ threads: config.threads } satisfies KernelsOptions);
    const ref = ([offset, length]: BufferRef) => this.k.bufferAt(offset, length);
    const states = (refs: StateRefs) => new Map(refs.map(([kind, bs]) => [kind, bs.map(ref)]));
    layerGeometries(config).forEach(({ inSize, positions, conv, fanOut }, l) => {
      const spec = config.layers[l]!;
      const { units, modules } = spec;
      const layer: LayerState = {
        inSize,
        units,
        positions,
        conv,
        modules,
        mean: spec.reduction === 'mean',
        relu: spec.activation !== 'linear',
        weights: shared
          ? ref(shared.layout.layers[l]!.weights)
          : this.k.alloc(modules * inSize * units),
        bias: shared ? ref(shared.layout.layers[l]!.bias) : this.k.alloc(modules * units),
        gradWeights: this.k.alloc(modules * inSize * units),
        gradBias: this.k.alloc(modules * units),
        state: shared ? states(shared.layout.layers[l]!.state) : new Map(),
      };
      if (!shared)
        glorot(layer.weights.view(), inSize, fanOut, (config.seed * 1009 + l * 31 + 1) >>> 0);
      this.layers.push(layer);
    });
    if (shared) {
      for (const [id, r] of shared.layout.readouts) {
        this.readoutMap.set(id, {
          classes: r.classes,
          weights: ref(r.weights),
          bias: ref(r.bias),
          gradWeights: this.k.alloc(r.weights[1]),
          gradBias: this.k.alloc(r.bias[1]),
          state: states(r.state),
        });
      }
    } else if (config.classes > 0) {
      this.addReadout(config.readoutId, config.classes, (config.seed * 1009 + 7919) >>> 0);
    }
    if (!shared && config.concurrency > 1)
      this.stepWorkers = new StepWorkers(config.concurrency - 1);
  }

  /**
   * @internal The shared parts' offsets, with optimizer state of `kind` made
   * to exist for every layer and readout first (a thread sharing the grid must
   * not allocate it).
   */
  layout(kind: string): GridLayout {
    const refOf = (b: KernelBuffer): BufferRef => [b.offset, b.length];
    const stateRefs = (
      owner: Map<string, KernelBuffer[]>,
      weights: number,
      bias: number,
    ): StateRefs => {
      stateFor(this, owner, kind, 2, weights, bias);
      return [...owner.entries()].map(([k, bs]) => [k, bs.map(refOf)]);
    };
    return {
      config: this.config as Required<DensePathwayConfig>,
      layers: this.layers.map((l) => ({
        weights: refOf(l.weights),
        bias: refOf(l.bias),
        state: kind === 'sgd' ? [] : stateRefs(l.state, l.weights.length, l.bias.length),
      })),
      readouts: [...this.readoutMap.entries()].map(([id, r]) => [
        id,
        {
          classes: r.classes,
          weights: refOf(r.weights),
          bias: refOf(r.bias),
          state: kind === 'sgd' ? [] : stateRefs(r.state, r.weights.length, r.bias.length),
        },
      ]),
    };
  }

  /** @internal Bytes a thread sharing this grid needs for its gradients and a workspace of `batch`. */
  threadBytes(batch: number): number {
    const wsBytes = this.workspace(batch).bytes; // the same workspace as this thread's
    const grads =
      this.layers.reduce((n, l) => n + l.weights.length + l.bias.length, 0) +
      [...this.readoutMap.values()].reduce((n, r) => n + r.weights.length + r.bias.length, 0);
    return 4 * grads + 2 * wsBytes + (16 << 20);
  }

  readouts(): string[] {
    return [...this.readoutMap.keys()];
  }

  addReadout(id: string, classes: number, seed = this.readoutMap.size + 1): void {
    if (this.readoutMap.has(id)) throw new KernelArgumentError('id', `'${id}'`, 'a new readout id');
    checkInt('classes', classes, 1);
    const units = lastSize(this);
    const r: ReadoutState = {
      classes,
      weights: this.k.alloc(units * classes),
      bias: this.k.alloc(classes),
      gradWeights: this.k.alloc(units * classes),
      gradBias: this.k.alloc(classes),
      state: new Map(),
    };
    glorot(r.weights.view(), units, classes, seed >>> 0);
    this.readoutMap.set(id, r);
    this.readoutsVersion++;
    this.ws = undefined; // logits buffers may need more classes
  }

  private readout(id: string | undefined): ReadoutState {
    const key = id ?? this.config.readoutId;
    const r = this.readoutMap.get(key);
    if (r === undefined) {
      throw new KernelArgumentError('readout', `'${key}'`, `one of ${this.readouts().join(', ')}`);
    }
    return r;
  }

  private layerAt(layer: number): LayerState {
    checkInt('layer', layer, 0, this.layers.length - 1);
    return this.layers[layer] as LayerState;
  }

  /** A workspace for `batch` rows (the current one while it is large enough). */
  private workspace(batch: number): Workspace {
    if (this.ws !== undefined && this.ws.capacity >= batch) return this.ws;
    this.ws = allocWorkspace(this, Math.max(batch, 2 * (this.ws?.capacity ?? 0)));
    return this.ws;
  }

  /** Distinct, sorted active modules per layer. */
  private normalize(active: readonly (readonly number[])[]): number[][] {
    if (active.length !== this.layers.length) {
      throw new KernelArgumentError(
        'active',
        `${active.length} layers`,
        `${this.layers.length} layers`,
      );
    }
    return active.map((mods, l) => {
      const M = (this.layers[l] as LayerState).modules;
      if (mods.length === 0) {
        throw new KernelArgumentError(`active[${l}]`, 'no module', 'at least one active module');
      }
      for (const m of mods) checkInt(`active[${l}] module`, m, 0, M - 1);
      return [...new Set(mods)].sort((a, b) => a - b);
    });
  }

  private batchOf(x: Float32Array): number {
    const D = this.config.inputSize;
    if (!(x instanceof Float32Array) || x.length === 0 || x.length % D !== 0) {
      throw new KernelArgumentError(
        'x',
        `length ${x.length}`,
        `a non-empty Float32Array [B, ${D}]`,
      );
    }
    return x.length / D;
  }

  forward(active: readonly (readonly number[])[], x: Float32Array, readout?: string): Float32Array {
    const mods = this.normalize(active);
    const batch = this.batchOf(x);
    const r = this.readout(readout);
    const ws = runForward(this, this.workspace(batch), mods, x, batch, r);
    return ws.logits.view().slice(0, batch * r.classes);
  }

  /** Checks a step's arguments; returns the distinct active modules, batch size and readout. */
  private checkStep(
    active: readonly (readonly number[])[],
    x: Float32Array,
    y: Int32Array,
    optimizer: DenseOptimizerSpec,
    options: TrainStepOptions,
  ): { mods: number[][]; batch: number; r: ReadoutState } {
    const mods = this.normalize(active);
    const batch = this.batchOf(x);
    if (!(y instanceof Int32Array) || y.length !== batch) {
      throw new KernelArgumentError(
        'y',
        `length ${y.length}`,
        `an Int32Array [${batch}] (one label per row of x)`,
      );
    }
    const r = this.readout(options.readout);
    for (let i = 0; i < batch; i++) {
      const label = y[i] as number;
      if (!(label >= 0 && label < r.classes)) {
        throw new KernelArgumentError(
          `y[${i}]`,
          String(label),
          `a class index in [0, ${r.classes - 1}]`,
        );
      }
    }
    this.checkOptions(optimizer, options);
    return { mods, batch, r };
  }

  /** Checks a step's learning rate and frozen mask. */
  private checkOptions(optimizer: DenseOptimizerSpec, options: TrainStepOptions): void {
    checkFinite('optimizer.learningRate', optimizer.learningRate);
    const trainable = options.trainable;
    if (trainable !== undefined && trainable.length !== this.layers.length) {
      throw new KernelArgumentError(
        'trainable',
        `${trainable.length} layers`,
        `${this.layers.length} layers`,
      );
    }
  }

  trainConcurrently(
    steps: readonly ConcurrentStep[],
    optimizer: DenseOptimizerSpec,
  ): TrainStepResult[] {
    if (optimizer.type === 'adam') {
      throw new KernelArgumentError(
        'optimizer.type',
        "'adam' for concurrent steps",
        "'sgd' or 'rmsprop' (Adam's bias correction counts the steps of one grid in order)",
      );
    }
    for (const s of steps) this.checkStep(s.active, s.x, s.y, optimizer, s.options ?? {});
    const workers = this.stepWorkers?.ready === true ? this.stepWorkers : undefined;
    const own = (s: ConcurrentStep) => () =>
      this.trainStep(s.active, s.x, s.y, optimizer, s.options);
    if (workers === undefined) return steps.map((s) => own(s)());
    const results: TrainStepResult[] = [];
    const version = `${this.readoutsVersion}:${optimizer.type}`;
    for (let i = 0; i < steps.length; i += 1 + workers.count) {
      const [first, ...rest] = steps.slice(i, i + 1 + workers.count) as [
        ConcurrentStep,
        ...ConcurrentStep[],
      ];
      rest.forEach((s, j) => {
        workers.attach(
          j,
          version,
          this.batchOf(s.x),
          () => this.layout(optimizer.type),
          (batch) => this.k.reserve(this.threadBytes(batch)),
        );
      });
      const jobs = rest.map((s) => ({
        active: s.active.map((row) => [...row]),
        // A view would send its whole buffer: send its elements only.
        x: s.x.byteLength === s.x.buffer.byteLength ? s.x : s.x.slice(),
        y: s.y.byteLength === s.y.buffer.byteLength ? s.y : s.y.slice(),
        options: s.options ?? {},
      }));
      results.push(...workers.run(jobs, optimizer, own(first)));
    }
    return results;
  }

  trainStep(
    active: readonly (readonly number[])[],
    x: Float32Array,
    y: Int32Array,
    optimizer: DenseOptimizerSpec,
    options: TrainStepOptions = {},
  ): TrainStepResult {
    const { mods, batch, r } = this.checkStep(active, x, y, optimizer, options);
    const C = r.classes;
    const ws = runForward(this, this.workspace(batch), mods, x, batch, r);

    // Softmax cross-entropy and its gradient, in float64.
    const logits = ws.logits.view();
    const gl = ws.gradLogits.view();
    let loss = 0;
    let correct = 0;
    for (let i = 0; i < batch; i++) {
      const row = i * C;
      let mx = -Infinity;
      let arg = 0;
      for (let c = 0; c < C; c++) {
        const v = logits[row + c] as number;
        if (v > mx) {
          mx = v;
          arg = c;
        }
      }
      let sum = 0;
      for (let c = 0; c < C; c++) sum += Math.exp((logits[row + c] as number) - mx);
      const label = y[i] as number;
      loss += Math.log(sum) - ((logits[row + label] as number) - mx);
      if (arg === label) correct++;
      for (let c = 0; c < C; c++) {
        const p = Math.exp((logits[row + c] as number) - mx) / sum;
        gl[row + c] = (p - (c === label ? 1 : 0)) / batch;
      }
    }
    const measured = { loss: loss / batch, accuracy: correct / batch };
    if (!Number.isFinite(loss)) return { ...measured, gradNorm: Number.NaN, skipped: true };
    return {
      ...measured,
      ...clipAndApply(this, backward(this, mods, batch, r, ws, options), optimizer),
    };
  }

  trainStepFromOutputGradient(
    active: readonly (readonly number[])[],
    x: Float32Array,
    lossFn: OutputLossFn,
    optimizer: DenseOptimizerSpec,
    options: TrainStepOptions = {},
  ): OutputGradientStepResult {
    const mods = this.normalize(active);
    const batch = this.batchOf(x);
    const r = this.readout(options.readout);
    this.checkOptions(optimizer, options);
    const n = batch * r.classes;
    const ws = runForward(this, this.workspace(batch), mods, x, batch, r);
    let result: ReturnType<OutputLossFn>;
    this.inCallback = true;
    try {
      result = lossFn(ws.logits.view().slice(0, n));
    } finally {
      this.inCallback = false;
    }
    const { loss, gradient } = result;
    if (!(gradient instanceof Float32Array) || gradient.length !== n) {
      throw new KernelArgumentError(
        'lossFn(...).gradient',
        gradient instanceof Float32Array ? `length ${gradient.length}` : typeof gradient,
        `a Float32Array [${batch}, ${r.classes}] (dLoss/dOutputs)`,
      );
    }
    if (!Number.isFinite(loss) || !allFinite(gradient)) {
      return { loss, gradNorm: Number.NaN, skipped: true };
    }
    ws.gradLogits.view().set(gradient);
    return { loss, ...clipAndApply(this, backward(this, mods, batch, r, ws, options), optimizer) };
  }

  share(
    kind: 'sgd' | 'rmsprop',
    options: { views: number; maxBatchSize: number },
  ): SharedPathwayGrid {
    if (kind !== 'sgd' && kind !== 'rmsprop') {
      throw new KernelArgumentError('kind', String(kind), "'sgd' or 'rmsprop'");
    }
    checkInt('options.views', options.views, 1);
    checkInt('options.maxBatchSize', options.maxBatchSize, 1);
    const layout = this.layout(kind);
    const bytes = this.threadBytes(options.maxBatchSize);
    const regions = Array.from({ length: options.views }, () => this.k.reserve(bytes));
    return { layout, regions, claims: new SharedArrayBuffer(4) };
  }

  getModuleState(layer: number, module: number, kind: DenseOptimizerSpec['type']): Float32Array[] {
    const l = this.layerAt(layer);
    checkInt('module', module, 0, l.modules - 1);
    const size = l.inSize * l.units;
    return (l.state.get(kind) ?? []).map((b, i) =>
      i % 2 === 0
        ? b.view().slice(module * size, (module + 1) * size)
        : b.view().slice(module * l.units, (module + 1) * l.units),
    );
  }

  getReadoutState(id: string, kind: DenseOptimizerSpec['type']): Float32Array[] {
    return (this.readout(id).state.get(kind) ?? []).map((b) => b.toArray());
  }

  getModule(layer: number, module: number): DenseModuleParameters {
    const l = this.layerAt(layer);
    checkInt('module', module, 0, l.modules - 1);
    const size = l.inSize * l.units;
    return {
      weights: l.weights.view().slice(module * size, (module + 1) * size),
      bias: l.bias.view().slice(module * l.units, (module + 1) * l.units),
    };
  }

  setModule(layer: number, module: number, params: DenseModuleParameters): void {
    const l = this.layerAt(layer);
    checkInt('module', module, 0, l.modules - 1);
    const size = l.inSize * l.units;
    if (params.weights.length !== size) {
      throw new KernelArgumentError(
        'params.weights',
        `length ${params.weights.length}`,
        `length ${size} ([${l.inSize}, ${l.units}])`,
      );
    }
    if (params.bias.length !== l.units) {
      throw new KernelArgumentError(
        'params.bias',
        `length ${params.bias.length}`,
        `length ${l.units}`,
      );
    }
    l.weights.view().set(params.weights, module * size);
    l.bias.view().set(params.bias, module * l.units);
  }

  removeReadout(id: string): void {
    this.readout(id);
    this.readoutMap.delete(id);
    this.readoutsVersion++;
  }

  getReadout(id: string): DenseModuleParameters {
    const r = this.readout(id);
    return { weights: r.weights.toArray(), bias: r.bias.toArray() };
  }

  setReadout(id: string, params: DenseModuleParameters): void {
    const r = this.readout(id);
    if (params.weights.length !== r.weights.length) {
      throw new KernelArgumentError(
        'params.weights',
        `length ${params.weights.length}`,
        `length ${r.weights.length} ([${lastSize(this)}, ${r.classes}])`,
      );
    }
    if (params.bias.length !== r.classes) {
      throw new KernelArgumentError(
        'params.bias',
        `length ${params.bias.length}`,
        `length ${r.classes}`,
      );
    }
    r.weights.view().set(params.weights);
    r.bias.view().set(params.bias);
  }

  get concurrency(): number {
    return this.stepWorkers?.ready === true ? 1 + this.stepWorkers.count : 1;
  }

  async ready(): Promise<void> {
    await Promise.all([this.k.ready(), this.stepWorkers?.whenReady()]);
  }

  dispose(): void {
    this.k.dispose();
    this.stepWorkers?.dispose();
  }

  resetOptimizerState(): void {
    const owners = [
      ...this.layers.map((l) => l.state),
      ...[...this.readoutMap.values()].map((r) => r.state),
    ];
    for (const owner of owners)
      for (const buffers of owner.values()) for (const b of buffers) b.view().fill(0);
    this.adamStep = 0;
  }
}
