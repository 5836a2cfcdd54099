import { writeCheckpoint } from './checkpoint.js';
import { checkLengths, moduleParamShapes, product } from './checks.js';
import { type LayerShape, layerShapes, type PathNetConfig } from './config.js';
import type { Engine, GridEngine } from './engines/engine.js';
import {
  DisposedError,
  DuplicateReadoutError,
  EngineError,
  FrozenModuleError,
  InvalidConfigError,
  ShapeMismatchError,
  UnknownReadoutError,
} from './errors.js';
import { deriveSeed, glorotUniform, uniformValues } from './init.js';
import { type Pathway, validatePathway } from './pathway.js';
import type { SharedGrid } from './shared-grid.js';
import type { CopyModuleOptions, CreateOptions, DenseLayout, NetworkValues } from './types.js';

const SALT_CREATE = 1;
const SALT_REINIT = 2;
const SALT_READOUT = 3;

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/**
 * The module grid of a PathNet (Fernando et al. 2017, Sec. 2 and 2.3): L layers of M modules
 * whose parameters live in an engine, one linear readout per task, the frozen set, the
 * transfer operations (freezing, re-initialising, module duplication) and checkpoints.
 * {@link PathNet} adds pathways: training, inference and sharing across threads.
 */
export abstract class ModuleGrid {
  /** The grid's configuration (a validated copy). */
  readonly config: PathNetConfig;
  /** The seed the initial parameters were drawn from. */
  readonly seed: number;
  /** Evaluation strategy of dense layers. */
  readonly denseLayout: DenseLayout;
  /** The resolved engine: `'tfjs'` variables and ops, or `'fused'` WebAssembly kernels. */
  readonly engine: Engine;
  /** Where the parameters live and how passes and steps run. */
  protected readonly impl: GridEngine;
  protected readonly shapes: LayerShape[];
  protected readonly frozen: boolean[][];
  /** Outputs of each task's readout, in insertion order. */
  protected readonly readouts = new Map<string, number>();
  /** True for a view opened by {@link PathNet.attach}. */
  private readonly attached: boolean;
  private disposed = false;

  protected constructor(
    config: PathNetConfig,
    seed: number,
    denseLayout: DenseLayout,
    engine: Engine,
    impl: GridEngine,
    values?: NetworkValues,
    view?: SharedGrid,
  ) {
    this.config = structuredClone(config) as PathNetConfig;
    this.seed = seed;
    this.denseLayout = denseLayout;
    this.engine = engine;
    this.impl = impl;
    this.attached = view !== undefined;
    this.shapes = layerShapes(this.config);
    const M = this.config.modulesPerLayer;
    const frozen = view?.frozen ?? values?.frozen;
    this.frozen = this.config.layers.map((_, l) =>
      Array.from({ length: M }, (_, m) => frozen?.[l]?.[m] === true),
    );
    if (view) {
      for (const [taskId, classes] of view.readouts) this.readouts.set(taskId, classes);
      return;
    }
    this.config.layers.forEach((_, l) => {
      const ps = moduleParamShapes(this.config, this.shapes, l);
      for (let m = 0; m < M; m++) {
        const v = values?.modules[l]?.[m];
        const fresh = () =>
          glorotUniform(
            deriveSeed(seed, SALT_CREATE, l, m),
            product(ps.kernel),
            ps.fanIn,
            ps.fanOut,
          );
        impl.writeModule(l, m, [v?.[0] ?? fresh(), v?.[1] ?? new Float32Array(product(ps.bias))]);
      }
    });
    for (const r of values?.readouts ?? []) this.addReadoutValues(r.taskId, r.numClasses, r.values);
  }

  protected alive(): void {
    if (this.disposed) throw new DisposedError('PathNet: used after dispose()');
  }

  /**
   * An optional engine method, bound to the engine.
   * @throws EngineError naming the method when this engine does not offer it.
   */
  protected capability<F extends (...args: never[]) => unknown>(
    method: string,
    fn: F | undefined,
  ): F {
    if (fn === undefined) {
      const other = this.engine === 'fused' ? 'tfjs' : 'fused';
      throw new EngineError(
        `${method}: needs engine '${other}' (this PathNet uses '${this.engine}'); create it with { engine: '${other}' }`,
      );
    }
    return fn.bind(this.impl) as F;
  }

  // ---- Readouts (one per task, Sec. 2) ----

  /** Classes of a task's readout. @throws UnknownReadoutError */
  protected readoutClasses(taskId: string): number {
    const c = this.readouts.get(taskId);
    if (c === undefined) {
      const known = this.readoutIds()
        .map((k) => JSON.stringify(k))
        .join(', ');
      throw new UnknownReadoutError(
        `taskId: no readout for ${JSON.stringify(taskId)}; known task ids: ${known || '(none; call addReadout first)'}`,
      );
    }
    return c;
  }

  /** Flattened output size of the last layer (the readout's input width). */
  get featureSize(): number {
    return product(this.shapes[this.shapes.length - 1]!.output);
  }

  /** Output shape of each layer, without batch axis. */
  get layerOutputShapes(): number[][] {
    return this.shapes.map((s) => [...s.output]);
  }

  private addReadoutValues(taskId: string, numClasses: number, values: readonly Float32Array[]) {
    const D = this.featureSize;
    checkLengths(`readout ${JSON.stringify(taskId)}`, values, [D * numClasses, numClasses]);
    this.impl.addReadout(taskId, numClasses, values);
    this.readouts.set(taskId, numClasses);
  }

  /**
   * Adds a task-specific linear readout (Fernando et al. 2017, Sec. 2): `logits = f · W + b`,
   * `W [featureSize, numClasses]` Glorot uniform from `seed`, `b` zeros.
   *
   * @param seed default: derived from the network seed and `taskId`.
   * @throws DuplicateReadoutError if `taskId` already has one; InvalidConfigError if
   *   `numClasses` is not a positive integer; EngineError on a view of a shared grid.
   */
  addReadout(taskId: string, numClasses: number, seed?: number): void {
    this.alive();
    this.notAttached('addReadout');
    if (this.readouts.has(taskId)) {
      throw new DuplicateReadoutError(
        `taskId: a readout for ${JSON.stringify(taskId)} already exists; remove it first`,
      );
    }
    if (!Number.isInteger(numClasses) || numClasses < 1) {
      throw new InvalidConfigError(
        `numClasses: expected a positive integer; got ${String(numClasses)}`,
      );
    }
    const D = this.featureSize;
    const s = seed ?? deriveSeed(this.seed, SALT_READOUT, hashString(taskId));
    const k = glorotUniform(deriveSeed(s, SALT_READOUT), D * numClasses, D, numClasses);
    this.addReadoutValues(taskId, numClasses, [k, new Float32Array(numClasses)]);
  }

  /** Removes and frees a task's readout. @throws UnknownReadoutError if there is none; EngineError on a view. */
  removeReadout(taskId: string): void {
    this.alive();
    this.notAttached('removeReadout');
    this.readoutClasses(taskId);
    this.impl.removeReadout(taskId);
    this.readouts.delete(taskId);
  }

  /** Throws on a view from {@link PathNet.attach} (its layout is fixed by the handle). */
  private notAttached(method: string): void {
    if (this.attached) {
      throw new EngineError(
        `${method}: not available on a view of a shared grid (its readouts are fixed at share time); call it on the grid before share()`,
      );
    }
  }

  /** Task ids that have a readout, in insertion order. */
  readoutIds(): string[] {
    return [...this.readouts.keys()];
  }

  /** Number of classes (outputs) of a task's readout. @throws UnknownReadoutError */
  readoutSize(taskId: string): number {
    return this.readoutClasses(taskId);
  }

  protected checkModule(layer: number, module: number): void {
    const L = this.config.layers.length;
    const M = this.config.modulesPerLayer;
    if (!Number.isInteger(layer) || layer < 0 || layer >= L) {
      throw new ShapeMismatchError(`layer: expected an integer in [0, ${L}); got ${layer}`);
    }
    if (!Number.isInteger(module) || module < 0 || module >= M) {
      throw new ShapeMismatchError(`module: expected an integer in [0, ${M}); got ${module}`);
    }
  }

  // ---- Freezing and transfer (Sec. 2.3) ----

  /**
   * Freezes every active module of a pathway (Fernando et al. 2017, Sec. 2.3, step 2):
   * from now on no training step, optimizer state, weight decay, clipping or
   * {@link PathNet.copyModule}/{@link PathNet.writeModule} changes them.
   * @throws InvalidPathwayError
   */
  freeze(pathway: Pathway): void {
    this.alive();
    const active = validatePathway(pathway, this.config);
    active.forEach((row, l) => {
      for (const m of row) this.frozen[l]![m] = true;
    });
  }

  /** Unfreezes every module (e.g. for a fine-tuning control). */
  unfreezeAll(): void {
    for (const row of this.frozen) row.fill(false);
  }

  /** Whether module `module` of layer `layer` is frozen. @throws ShapeMismatchError if out of range. */
  isFrozen(layer: number, module: number): boolean {
    this.checkModule(layer, module);
    return this.frozen[layer]![module]!;
  }

  /** A copy of the frozen set, boolean[L][M]. */
  frozenModules(): boolean[][] {
    return this.frozen.map((row) => [...row]);
  }

  /**
   * Re-initialises every module that is not frozen (Fernando et al. 2017, Sec. 2.3, step 3)
   * with Glorot-uniform kernels from `seed` (a stream distinct from `create`'s) and zero
   * biases. Frozen modules and readouts are left as they are.
   */
  reinitializeUnfrozen(seed: number): void {
    this.alive();
    this.frozen.forEach((row, l) => {
      const ps = moduleParamShapes(this.config, this.shapes, l);
      row.forEach((frozen, m) => {
        if (frozen) return;
        const k = glorotUniform(
          deriveSeed(seed, SALT_REINIT, l, m),
          product(ps.kernel),
          ps.fanIn,
          ps.fanOut,
        );
        this.writeModule(l, m, [k, new Float32Array(product(ps.bias))]);
      });
    });
  }

  /**
   * Module duplication (Fernando et al. 2017, Sec. 3.4, Labyrinth): copies the
   * parameters of module `from` onto module `to` of the same layer, plus uniform noise
   * U(-p, p) with p = `perturbation`.
   * @throws FrozenModuleError if `to` is frozen; ShapeMismatchError if an index is out of range.
   */
  copyModule(layer: number, from: number, to: number, options: CopyModuleOptions = {}): void {
    this.alive();
    this.checkModule(layer, from);
    this.checkModule(layer, to);
    if (this.frozen[layer]![to]) {
      throw new FrozenModuleError(
        `to: module ${to} of layer ${layer} is frozen; expected an unfrozen target module`,
      );
    }
    const p = options.perturbation ?? 0;
    if (!(p >= 0) || !Number.isFinite(p)) {
      throw new ShapeMismatchError(`perturbation: expected a finite number ≥ 0; got ${p}`);
    }
    const src = this.readModule(layer, from);
    const seed = options.seed ?? 0;
    const values = src.map((v, i) => {
      if (p === 0) return v;
      const noise = uniformValues(deriveSeed(seed, layer, from, to, i), v.length, -p, p);
      return v.map((x, j) => x + noise[j]!);
    });
    this.writeModule(layer, to, values);
  }

  // ---- Parameters and checkpoints ----

  /**
   * Copies of a module's parameters: `[kernel, bias]`, kernel Float32Array
   * [inputSize · units] (dense) or [k · k · inChannels · filters] (conv2d), bias [units | filters].
   * @throws ShapeMismatchError if an index is out of range.
   */
  readModule(layer: number, module: number): Float32Array[] {
    this.alive();
    this.checkModule(layer, module);
    return this.impl.readModule(layer, module);
  }

  /**
   * Overwrites a module's parameters (same layout as {@link PathNet.readModule}).
   * @throws FrozenModuleError if the module is frozen; ShapeMismatchError on bad lengths.
   */
  writeModule(layer: number, module: number, values: readonly Float32Array[]): void {
    this.alive();
    this.checkModule(layer, module);
    if (this.frozen[layer]![module]) {
      throw new FrozenModuleError(
        `module ${module} of layer ${layer} is frozen; expected an unfrozen module to write`,
      );
    }
    const ps = moduleParamShapes(this.config, this.shapes, layer);
    checkLengths(`values of module ${module} of layer ${layer}`, values, [
      product(ps.kernel),
      product(ps.bias),
    ]);
    this.impl.writeModule(layer, module, values);
  }

  /** Copies of a readout's `[kernel [featureSize · C], bias [C]]`. @throws UnknownReadoutError */
  readReadout(taskId: string): Float32Array[] {
    this.alive();
    this.readoutClasses(taskId);
    return this.impl.readReadout(taskId);
  }

  /** Every parameter value, for checkpoints. */
  toValues(): NetworkValues {
    this.alive();
    return {
      config: structuredClone(this.config) as PathNetConfig,
      seed: this.seed,
      frozen: this.frozenModules(),
      modules: this.frozen.map((row, l) => row.map((_, m) => this.readModule(l, m))),
      readouts: this.readoutIds().map((taskId) => ({
        taskId,
        numClasses: this.readoutClasses(taskId),
        values: this.readReadout(taskId),
      })),
    };
  }

  /**
   * Saves config, seed, frozen set, every module and every readout to a folder: a JSON
   * manifest (format version, tensor names, shapes, dtypes, offsets, SHA-256) and one
   * binary weights file, written atomically (see {@link writeCheckpoint}).
   * @throws CheckpointError on I/O failure (the previous checkpoint in `dir`, if any, stays valid).
   */
  async save(dir: string): Promise<void> {
    await writeCheckpoint(dir, this.toValues());
  }

  // ---- Resources ----

  /** Number of tfjs parameter tensors held (2 per module + 2 per readout; 0 on the fused engine). */
  get numParameterTensors(): number {
    return this.impl.numParameterTensors;
  }

  /**
   * Pathways {@link PathNet.trainConcurrently} trains at once now: on the fused
   * engine, 1 + its step workers running (see {@link CreateOptions.concurrency}); else 1.
   */
  get concurrency(): number {
    return this.impl.concurrency;
  }

  /**
   * Resolves once the fused engine's helper threads and step workers (see
   * {@link CreateOptions.threads}, {@link CreateOptions.concurrency}) have started;
   * until then its steps run on the calling thread. At once on 'tfjs'.
   * @returns this network.
   */
  async ready(): Promise<this> {
    await this.impl.ready();
    return this;
  }

  /** Frees every tensor and stops the fused engine's helper threads. Later calls throw DisposedError; a second dispose is a no-op. */
  dispose(): void {
    if (this.disposed) return;
    this.impl.dispose();
    this.readouts.clear();
    this.disposed = true;
  }
}
