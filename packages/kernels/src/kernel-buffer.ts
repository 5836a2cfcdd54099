import { checkInt, KernelArgumentError } from './errors.js';
import type { Kernels } from './kernels.js';

/**
 * A float32 array living in a {@link Kernels} instance's WebAssembly memory.
 * The memory is a shared one that grows in place, so a view stays valid;
 * {@link KernelBuffer.view} returns one over the memory's current buffer.
 */
export class KernelBuffer {
  /** @internal */
  readonly owner: Kernels;
  /** Byte offset in the owning instance's memory (16-byte aligned for `alloc`ed buffers). */
  readonly offset: number;
  /** Number of float32 elements. */
  readonly length: number;
  private cachedFor: ArrayBuffer | undefined;
  private cached: Float32Array | undefined;

  /** @internal */
  constructor(owner: Kernels, offset: number, length: number) {
    this.owner = owner;
    this.offset = offset;
    this.length = length;
  }

  /** A Float32Array [length] over the buffer's memory (re-created after memory growth). */
  view(): Float32Array {
    const memory = this.owner.memory.buffer;
    if (this.cachedFor !== memory || this.cached === undefined) {
      this.cached = new Float32Array(memory, this.offset, this.length);
      this.cachedFor = memory;
    }
    return this.cached;
  }

  /**
   * A buffer over elements [start, start + length) of this one (shares memory).
   * @throws KernelArgumentError when the range leaves this buffer.
   */
  subarray(start: number, length: number): KernelBuffer {
    checkInt('start', start, 0, this.length);
    checkInt('length', length, 0, this.length - start);
    return new KernelBuffer(this.owner, this.offset + start * 4, length);
  }

  /** Copies `data` into the buffer from element `start` (default 0). */
  set(data: ArrayLike<number>, start = 0): void {
    if (start + data.length > this.length) {
      throw new KernelArgumentError(
        'data',
        `${data.length} elements at ${start}`,
        `at most ${this.length - start} elements`,
      );
    }
    this.view().set(data, start);
  }

  /** A copy of the buffer's contents, detached from wasm memory. */
  toArray(): Float32Array {
    return this.view().slice();
  }
}

/**
 * Checks that `buffer` is a buffer of `owner` with at least `minLength` elements.
 * @throws KernelArgumentError naming the argument `name` otherwise.
 */
export function checkOwned(
  owner: Kernels,
  name: string,
  buffer: KernelBuffer,
  minLength: number,
): void {
  if (buffer.owner !== owner) {
    throw new KernelArgumentError(
      name,
      'a buffer of another Kernels instance',
      'a buffer of this instance',
    );
  }
  if (buffer.length < minLength) {
    throw new KernelArgumentError(name, `${buffer.length} elements`, `at least ${minLength}`);
  }
}
