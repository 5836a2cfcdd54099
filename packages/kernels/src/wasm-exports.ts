/**
 * The raw exports of the kernels' WebAssembly module (assembly/index.ts): the
 * functions the typed wrappers and the fused pathway passes call, on byte
 * offsets into the module's memory.
 */

/**
 * The operands of a product C [m, n] = alpha * op(A) [m, k] * op(B) [k, n]
 * + beta * C after its transpose flags, as sgemm, sgemmSparseA and
 * ParallelCalls.sgemmRaw take them: byte offsets, row strides in elements.
 */
export type GemmOperands = [
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
];

/**
 * The geometry arguments of im2col and col2im: batch, input height, width and
 * channels, kernel size, strides, padding and output size.
 */
export type ConvGeometryArgs = [
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
];

/**
 * The operands rmspropUpdate and adamUpdate share: the parameters, their
 * gradients and the optimizer's two state slots (rmsprop: mean square and
 * moment; adam: m and v) as byte offsets, their length and the learning rate.
 */
export type UpdateOperands = [
  p: number,
  g: number,
  slot0: number,
  slot1: number,
  n: number,
  lr: number,
];

/** The raw exports of the kernels' WebAssembly module (pointers are byte offsets). */
export interface WasmExports {
  heapBase(): number;
  sgemm(transA: number, transB: number, ...rest: [...GemmOperands, work: number]): void;
  sgemmSparseA(transA: number, ...rest: [...GemmOperands, work: number]): void;
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
    ...rest: [...UpdateOperands, decay: number, momentum: number, epsilon: number, skip: number]
  ): void;
  adamUpdate(
    ...rest: [
      ...UpdateOperands,
      beta1: number,
      beta2: number,
      epsilon: number,
      bc1: number,
      bc2: number,
      skip: number,
    ]
  ): void;
  im2col(x: number, ...rest: [...ConvGeometryArgs, cols: number]): void;
  col2im(dcols: number, ...rest: [...ConvGeometryArgs, dx: number, accumulate: number]): void;
}

/** A boolean as the module's i32 flag argument (1 true, 0 false or absent). */
export function flag(b: boolean | undefined): number {
  return b === true ? 1 : 0;
}
