import { createRequire } from 'node:module';
import path from 'node:path';
import { nativeKernelsOutrun, registerWasmConvKernels } from './wasm-conv/index.js';

/**
 * How to make one tfjs backend available: a lazy loader plus what a user
 * needs to know when it fails. Registered as factory + priority, in the style
 * of tfjs's own `registerBackend(name, factory, priority)`.
 */
export interface BackendCandidate {
  /** tfjs backend name that `load` registers (`"tensorflow"`, `"wasm"`, `"cpu"`). */
  readonly name: string;
  /** npm package providing it. */
  readonly package: string;
  /** Higher is tried first. Negative: only when forced by name. */
  readonly priority: number;
  /** Command that installs the package. */
  readonly install: string;
  /**
   * Imports the package so that it registers its backend with tfjs-core.
   * @throws anything: a throw marks the candidate unavailable, with the message as reason.
   */
  readonly load: () => Promise<void>;
}

const requireHere = createRequire(import.meta.url);

/**
 * The folder holding tfjs-backend-wasm's `.wasm` files, found through Node's
 * module resolution so it works under Node, Bun and Deno without user setup.
 */
export function wasmBinaryDir(): string {
  const main = requireHere.resolve('@tensorflow/tfjs-backend-wasm');
  return `${path.dirname(main)}${path.sep}`;
}

/** The built-in candidates, by descending priority (PAPER-independent; see DESIGN.md). */
export const builtinCandidates: readonly BackendCandidate[] = [
  {
    name: 'tensorflow',
    package: '@tensorflow/tfjs-node-gpu',
    priority: 40,
    install:
      'npm install @tensorflow/tfjs-node-gpu   (needs CUDA and cuDNN; see the README GPU note)',
    load: async () => {
      await import('@tensorflow/tfjs-node-gpu' as string);
    },
  },
  {
    name: 'tensorflow',
    package: '@tensorflow/tfjs-node',
    priority: 30,
    install: 'npm install @tensorflow/tfjs-node',
    load: async () => {
      await import('@tensorflow/tfjs-node' as string);
    },
  },
  {
    name: 'wasm',
    package: '@tensorflow/tfjs-backend-wasm',
    priority: 20,
    install: 'npm install @tensorflow/tfjs-backend-wasm',
    load: async () => {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths(wasmBinaryDir());
      // tfjs 4.22's wasm backend has no Conv2DBackpropFilter and a slow Conv2DBackpropInput:
      // add ours where tfjs lacks them, and replace the native ones measured slower.
      registerWasmConvKernels({ replaceNative: nativeKernelsOutrun(wasm.version_wasm) });
    },
  },
  {
    name: 'cpu',
    package: '@tensorflow/tfjs-backend-cpu',
    priority: 10,
    install: 'npm install @tensorflow/tfjs-backend-cpu',
    load: async () => {
      await import('@tensorflow/tfjs-backend-cpu');
    },
  },
];
