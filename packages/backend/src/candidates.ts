import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** The file every tfjs-backend-wasm build loads first; its folder holds the other variants. */
const WASM_FILE = 'tfjs-backend-wasm.wasm';

/**
 * The folder holding tfjs-backend-wasm's `.wasm` files: `PATHNET_WASM_DIR` when set, else
 * the installed package found through Node's module resolution (Node, Bun and Deno), else
 * the folder of this module itself, where a bundle (e.g. `bun build`) can ship the files.
 * @throws {Error} naming every place looked at and how to fix it, when none holds the
 *   files — so a bundle run without them fails the wasm candidate with that reason
 *   (and {@link initBackend} warns) instead of silently running on cpu.
 */
export function wasmBinaryDir(): string {
  const tried: string[] = [];
  const fromEnv = globalThis.process?.env?.PATHNET_WASM_DIR;
  if (fromEnv) {
    if (existsSync(path.join(fromEnv, WASM_FILE))) return `${path.resolve(fromEnv)}${path.sep}`;
    tried.push(`${fromEnv} (PATHNET_WASM_DIR)`);
  }
  try {
    const main = requireHere.resolve('@tensorflow/tfjs-backend-wasm');
    return `${path.dirname(main)}${path.sep}`;
  } catch {
    tried.push('@tensorflow/tfjs-backend-wasm (module resolution)');
  }
  const here = path.dirname(fileURLToPath(import.meta.url));
  if (existsSync(path.join(here, WASM_FILE))) return `${here}${path.sep}`;
  tried.push(here);
  throw new Error(
    `the .wasm files of @tensorflow/tfjs-backend-wasm were not found (looked in: ${tried.join(', ')}); ` +
      'a bundle needs them beside it: copy node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm ' +
      'next to the bundle or set PATHNET_WASM_DIR to their folder',
  );
}

/**
 * Imports an optional package by a name bundlers do not resolve at build time: a native
 * backend is installed where the program runs, or not; it is never part of a bundle.
 */
function importOptional(name: string): Promise<unknown> {
  return import(name);
}

/**
 * A `tensorflow` (native) candidate: loading it imports the optional package
 * `pkg`, which registers the backend as it loads.
 */
function nativeCandidate(pkg: string, priority: number, install: string): BackendCandidate {
  return {
    name: 'tensorflow',
    package: pkg,
    priority,
    install,
    load: async () => {
      await importOptional(pkg);
    },
  };
}

/** The built-in candidates, by descending priority (PAPER-independent; see DESIGN.md). */
export const builtinCandidates: readonly BackendCandidate[] = [
  nativeCandidate(
    '@tensorflow/tfjs-node-gpu',
    40,
    'npm install @tensorflow/tfjs-node-gpu   (needs CUDA and cuDNN; see the README GPU note)',
  ),
  nativeCandidate('@tensorflow/tfjs-node', 30, 'npm install @tensorflow/tfjs-node'),
  {
    name: 'wasm',
    package: '@tensorflow/tfjs-backend-wasm',
    priority: 20,
    install: 'npm install @tensorflow/tfjs-backend-wasm',
    load: async () => {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths(wasmBinaryDir()); // before any use: throws when the files are missing
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
