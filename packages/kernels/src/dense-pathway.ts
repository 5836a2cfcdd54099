import { checkInt, KernelArgumentError } from './errors.js';
import { Kernels, type KernelsOptions, type KernelsRegion } from './kernels.js';
import { backward } from './pathway-backward.js';
import { activeModules, batchOf, checkOptions, checkStep, readoutOf } from './pathway-checks.js';
import { completeConfig, layerGeometries } from './pathway-config.js';
import { runForward } from './pathway-forward.js';
import { gridLayout } from './pathway-layout.js';
import { softmaxCrossEntropy } from './pathway-loss.js';
import { clipAndApply } from './pathway-optimizer.js';
import {
  readModule,
  readModuleState,
  readReadout,
  readReadoutState,
  writeModule,
  writeReadout,
} from './pathway-parameters.js';
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
 * @internal The grid of another thread, as that thread's {@link gridLayout}
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

  /** A workspace for `batch` rows (the current one while it is large enough). */
  private workspace(batch: number): Workspace {
    if (this.ws !== undefined && this.ws.capacity >= batch) return this.ws;
    this.ws = allocWorkspace(this, Math.max(batch, 2 * (this.ws?.capacity ?? 0)));
    return this.ws;
  }

  forward(active: readonly (readonly number[])[], x: Float32Array, readout?: string): Float32Array {
    const mods = activeModules(this, active);
    const batch = batchOf(this, x);
    const r = readoutOf(this, readout);
    const ws = runForward(this, this.workspace(batch), mods, x, batch, r);
    return ws.logits.view().slice(0, batch * r.classes);
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
    for (const s of steps) checkStep(this, s.active, s.x, s.y, optimizer, s.options ?? {});
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
          batchOf(this, s.x),
          () => gridLayout(this, optimizer.type),
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
    const { mods, batch, r } = checkStep(this, active, x, y, optimizer, options);
    const C = r.classes;
    const ws = runForward(this, this.workspace(batch), mods, x, batch, r);

    const measured = softmaxCrossEntropy(ws.logits.view(), ws.gradLogits.view(), y, batch, C);
    if (!Number.isFinite(measured.loss))
      return { ...measured, gradNorm: Number.NaN, skipped: true };
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
    const mods = activeModules(this, active);
    const batch = batchOf(this, x);
    const r = readoutOf(this, options.readout);
    checkOptions(this, optimizer, options);
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
    const layout = gridLayout(this, kind);
    const bytes = this.threadBytes(options.maxBatchSize);
    const regions = Array.from({ length: options.views }, () => this.k.reserve(bytes));
    return { layout, regions, claims: new SharedArrayBuffer(4) };
  }

  getModuleState(layer: number, module: number, kind: DenseOptimizerSpec['type']): Float32Array[] {
    return readModuleState(this, layer, module, kind);
  }

  getReadoutState(id: string, kind: DenseOptimizerSpec['type']): Float32Array[] {
    return readReadoutState(this, id, kind);
  }

  getModule(layer: number, module: number): DenseModuleParameters {
    return readModule(this, layer, module);
  }

  setModule(layer: number, module: number, params: DenseModuleParameters): void {
    writeModule(this, layer, module, params);
  }

  removeReadout(id: string): void {
    readoutOf(this, id);
    this.readoutMap.delete(id);
    this.readoutsVersion++;
  }

  getReadout(id: string): DenseModuleParameters {
    return readReadout(this, id);
  }

  setReadout(id: string, params: DenseModuleParameters): void {
    writeReadout(this, id, params);
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
