import * as tf from '@tensorflow/tfjs-core';

/**
 * The tfjs kernels PathNet needs per module kind, forward and backward.
 * Dense modules: matMul, bias add, ReLU, reductions and the softmax
 * cross-entropy of the readout. Conv modules add the three Conv2D kernels.
 */
export const requiredKernels = {
  dense: [
    'BatchMatMul',
    'Add',
    'Relu',
    'Sum',
    'Softmax',
    'Max',
    'Sub',
    'Exp',
    'Log',
    'Multiply',
    'Step',
  ],
  conv2d: ['Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'Relu', 'Add', 'Sum'],
} as const satisfies Record<string, readonly string[]>;

/** Module kinds that {@link requiredKernels} knows. */
export type ModuleKernelKind = keyof typeof requiredKernels;

/**
 * Thrown before training when the chosen backend lacks a kernel a
 * configuration needs (e.g. tfjs 4.22's wasm backend has no conv gradients).
 */
export class MissingKernelError extends Error {
  override readonly name = 'MissingKernelError';
  constructor(
    /** The backend that lacks them. */
    readonly backend: string,
    /** Missing kernel names. */
    readonly kernels: readonly string[],
    /** Module kind that needs them. */
    readonly moduleKind: string,
  ) {
    super(
      `backend "${backend}" has no kernel ${kernels.map((k) => `"${k}"`).join(', ')}, needed to train ${moduleKind} modules. ` +
        'Fix: run on a backend that has it (PATHNET_BACKEND=cpu, or tensorflow via @tensorflow/tfjs-node), ' +
        'or register the kernel for this backend with tf.registerKernel.',
    );
  }
}

/**
 * For each module kind, which needed kernels the backend lacks.
 * @param backend - tfjs backend name (default: the active one).
 */
export function missingKernels(
  backend: string = tf.getBackend(),
): Record<ModuleKernelKind, string[]> {
  const out = {} as Record<ModuleKernelKind, string[]>;
  for (const [kind, names] of Object.entries(requiredKernels) as [
    ModuleKernelKind,
    readonly string[],
  ][]) {
    out[kind] = names.filter((n) => tf.getKernel(n, backend) === undefined);
  }
  return out;
}

/**
 * Fails before training if the backend cannot train these module kinds.
 * @throws {MissingKernelError} naming the first kind with missing kernels.
 */
export function assertCanTrain(
  kinds: Iterable<ModuleKernelKind>,
  backend: string = tf.getBackend(),
): void {
  const missing = missingKernels(backend);
  for (const kind of kinds) {
    if (missing[kind].length > 0) throw new MissingKernelError(backend, missing[kind], kind);
  }
}
