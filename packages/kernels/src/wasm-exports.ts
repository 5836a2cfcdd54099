/**
 * The raw exports of the kernels' WebAssembly module (assembly/index.ts): the
 * functions the typed wrappers and the fused pathway passes call, on byte
 * offsets into the module's memory.
 */

/** The raw exports of the kernels' WebAssembly module (pointers are byte offsets). */
export interface WasmExports {
  heapBase(): number;
  sgemm(
    transA: number,
    transB: number,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    beta: number,
    c: number,
    ldc: number,
    work: number,
  ): void;
  sgemmSparseA(
    transA: number,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    beta: number,
    c: number,
    ldc: number,
    work: number,
  ): void;
  compactRows(
    transA: number,
    m: number,
    k: number,
    a: number,
    lda: number,
    idx: number,
    vals: number,
    counts: number,
  ): void;
  sgemmFromLists(
    m: number,
    n: number,
    k: number,
    alpha: number,
    idx: number,
    vals: number,
    counts: number,
    b: number,
    ldb: number,
    beta: number,
    c: number,
    ldc: number,
  ): void;
  scale(x: number, n: number, s: number): void;
  axpyInto(n: number, s: number, x: number, y: number): void;
  biasAdd(x: number, rows: number, n: number, bias: number): void;
  columnSum(x: number, rows: number, n: number, beta: number, out: number): void;
  reluForward(x: number, y: number, n: number): void;
  reluBackward(dy: number, y: number, dx: number, n: number): void;
  blockSum(x: number, rows: number, blocks: number, width: number, y: number): void;
  blockTile(x: number, rows: number, blocks: number, width: number, y: number): void;
  copyMatrix(src: number, lds: number, rows: number, width: number, dst: number, ldd: number): void;
  squaredNorm(x: number, n: number): number;
  sgdUpdate(p: number, g: number, n: number, lr: number, skip: number): void;
  rmspropUpdate(
    p: number,
    g: number,
    ms: number,
    mom: number,
    n: number,
    lr: number,
    decay: number,
    momentum: number,
    epsilon: number,
    skip: number,
  ): void;
  adamUpdate(
    p: number,
    g: number,
    m: number,
    v: number,
    n: number,
    lr: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    bc1: number,
    bc2: number,
    skip: number,
  ): void;
  im2col(
    x: number,
    b: number,
    h: number,
    w: number,
    c: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    padTop: number,
    padLeft: number,
    oh: number,
    ow: number,
    cols: number,
  ): void;
  col2im(
    dcols: number,
    b: number,
    h: number,
    w: number,
    c: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    padTop: number,
    padLeft: number,
    oh: number,
    ow: number,
    dx: number,
    accumulate: number,
  ): void;
}

/** A boolean as the module's i32 flag argument (1 true, 0 false or absent). */
export function flag(b: boolean | undefined): number {
  return b === true ? 1 : 0;
}
