/**
 * The kernels' WebAssembly module: the embedded variants (plain SIMD and
 * relaxed SIMD), choosing one for this runtime, compiling it once per
 * process, and instantiating it over a shared memory.
 */
import { setFlagsFromString } from 'node:v8';
import {
  kernelsFmaWasmBase64,
  kernelsMemoryPages,
  kernelsWasmBase64,
} from './generated/kernels-wasm.js';
import type { Kernels } from './kernels.js';
import type { WasmExports } from './wasm-exports.js';

/** The part of a WebAssembly.Memory the kernels use. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

// The WebAssembly global exists in Node, Bun and Deno; its types live in
// lib.dom, which this package does not load, so declare what is used.
declare const WebAssembly: {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
};

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * A compiled variant of the kernels: `'relaxed-simd'` uses fused
 * multiply-add in the GEMM loops (WebAssembly relaxed SIMD: Node ≥ 22,
 * Deno, or Node 20–21 after {@link enableRelaxedSimd}); `'simd'` is plain
 * 128-bit SIMD and runs everywhere. Fused multiply-add rounds once instead
 * of twice, so the variants' results differ in the last bits.
 */
export type KernelsVariant = 'relaxed-simd' | 'simd';

const compiled = new Map<KernelsVariant, object>();
let fmaBytes: Uint8Array | undefined;

function relaxedSimdBytes(): Uint8Array {
  fmaBytes ??= decodeBase64(kernelsFmaWasmBase64);
  return fmaBytes;
}

/** True when this runtime validates the relaxed-SIMD module (checked anew until it does). */
export function hasRelaxedSimd(): boolean {
  return compiled.has('relaxed-simd') || WebAssembly.validate(relaxedSimdBytes());
}

/** Compiles one embedded variant, once per process (synchronously). */
export function wasmModule(variant: KernelsVariant): object {
  let module = compiled.get(variant);
  if (module === undefined) {
    const bytes = variant === 'simd' ? decodeBase64(kernelsWasmBase64) : relaxedSimdBytes();
    module = new WebAssembly.Module(bytes);
    compiled.set(variant, module);
  }
  return module;
}

/** The variant {@link Kernels.create} picks by default here: `'relaxed-simd'` where the runtime has it. */
export function kernelsVariant(): KernelsVariant {
  return hasRelaxedSimd() ? 'relaxed-simd' : 'simd';
}

/**
 * Turns on WebAssembly relaxed SIMD where Node has it behind a V8 flag
 * (Node 20 and 21: `--experimental-wasm-relaxed-simd`), so that instances
 * created afterwards run the fused multiply-add variant by default. An
 * application's choice, made once at start-up: it changes a process-wide
 * V8 setting. Does nothing where relaxed SIMD is already on or cannot be
 * turned on (Bun).
 * @returns the variant new instances will use by default.
 */
export function enableRelaxedSimd(): KernelsVariant {
  if (!hasRelaxedSimd() && !('bun' in process.versions)) {
    try {
      setFlagsFromString('--experimental-wasm-relaxed-simd');
    } catch {
      // a runtime without V8 flags: keep the plain SIMD variant
    }
  }
  return kernelsVariant();
}

/** A new shared memory of the size the module declares (it grows up to its maximum). */
export function createMemory(): WasmMemory {
  return new WebAssembly.Memory({ ...kernelsMemoryPages, shared: true });
}

/** Instantiates a compiled variant over `memory` (the module imports it as `env.memory`). */
export function instantiate(module: object, memory: WasmMemory): WasmExports {
  return new WebAssembly.Instance(module, { env: { memory } }).exports as WasmExports;
}
