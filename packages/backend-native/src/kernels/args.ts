// The JS ↔ C++ contract of the addon: the layout of each entry's Float64Array parameter block
// and the op codes it reads. THIS FILE IS THE SOURCE OF TRUTH: native/args.h is generated from
// it (scripts/gen-native-args.mjs, run by `pnpm build`; test/contract.test.ts fails when the
// committed header is stale, and when a kernel indexes a block by a bare number). The TS kernels
// write `p[LayerNormArg.rows]`, the C++ wrappers read `p[LayerNormArg::kRows]`: a field `rows`
// here is `kRows` there, and every block's `count` (its length) is `kCount`.
//
// Offsets are byte offsets into the wasm heap (-1 where an optional input is absent), sizes are
// element counts. A `[name, n]` field is an array of n slots starting at `name`.
//
// Validation is split by what each side can see (one check per thing, in one place):
// - the TS kernels check shapes and dtypes before allocating outputs, with a message naming the
//   kernel, the input, what was expected and what was found (C++ sees only offsets and counts);
// - the C++ entries check every offset and extent against the heap (a wrong call is a RangeError,
//   never a stray read or write) and the values they read (cross-entropy labels, gather indices):
//   that is the only check of those values; `callAddon` frees the outputs and names the kernel.

type Field = string | readonly [string, number];
type FieldName<F> = F extends string ? F : F extends readonly [infer N extends string, number] ? N : never;
export type ArgLayout<F extends readonly Field[] = readonly Field[]> = {
  readonly [K in FieldName<F[number]> | 'count']: number;
};

/** Slot indices of a parameter block, in field order (`count`: the block's length). */
function layout<const F extends readonly Field[]>(fields: F): ArgLayout<F> {
  const out: Record<string, number> = {};
  let at = 0;
  for (const f of fields) {
    const [name, width] = typeof f === 'string' ? [f, 1] : f;
    if (name in out || name === 'count') throw new Error(`args: duplicate field ${name}`);
    out[name] = at;
    at += width;
  }
  out.count = at;
  return Object.freeze(out) as ArgLayout<F>;
}

/** Most dims of a broadcast binary op after collapsing (longer shapes go to the wasm kernel). */
export const BINARY_MAX_DIMS = 8;
/** Most dims of a transpose after merging adjacent axes. */
export const TRANSPOSE_MAX_DIMS = 6;

// ---- op codes ---------------------------------------------------------------------------------

/** `unary` ops (C++ `kUnary<Name>`). */
export const UnaryOp = {
  Sigmoid: 0,
  Tanh: 1,
  Exp: 2,
  Erf: 3,
  Rsqrt: 4,
  Sqrt: 5,
  Square: 6,
  Neg: 7,
  Log: 8,
  Abs: 9,
  Relu: 10,
  Reciprocal: 11,
  /** x·sigmoid(2c(x + 0.044715x³)) == 0.5x(1 + tanh(c(x + 0.044715x³))) */
  GeluTanh: 12,
  /** 0.5x(1 + erf(x/√2)) */
  GeluErf: 13,
} as const;

/** `geluGrad` kinds (C++ `kGeluKind<Name>`). */
export const GeluKind = { Tanh: 0, Erf: 1 } as const;

/** `binary` ops (C++ `kBinary<Name>`). */
export const BinaryOp = { Add: 0, Sub: 1, Mul: 2, Div: 3, SquaredDiff: 4, Max: 5, Min: 6 } as const;

/** `reduce` ops (C++ `kReduce<Name>`). */
export const ReduceOp = { Sum: 0, Mean: 1, Max: 2, Min: 3 } as const;

/** `reduce` modes: over trailing axes (rows) or leading axes (columns) (C++ `kReduceMode<Name>`). */
export const ReduceMode = { Rows: 0, Columns: 1 } as const;

/** Activations of the `gemm` epilogue, tfjs's _FusedMatMul names (C++ `kAct<Name>`). */
export const Activation = {
  Linear: 0,
  Relu: 1,
  Relu6: 2,
  Prelu: 3,
  LeakyRelu: 4,
  Sigmoid: 5,
  Elu: 6,
  /** Not a tfjs name: HF gelu_new's tanh form with constant `alpha` (AlbertLinearGelu). */
  GeluTanh: 7,
  /** Not a tfjs name: exact GELU (AlbertLinearGelu). */
  GeluErf: 8,
} as const;

/** How a `gemm` bias / prelu-weight operand broadcasts onto C [batch, M, N] (C++ `k<Name>`). */
export const Bcast = { None: 0, VecN: 1, Scalar: 2, MatMN: 3, Full: 4, VecM: 5 } as const;

/** Every op-code enum: C++ `enum <key> { <prefix><Name> = code, …, <prefix>Last }` (no Last for Bcast). */
export const OP_CODES = {
  UnaryOp: { prefix: 'kUnary', codes: UnaryOp },
  GeluKind: { prefix: 'kGeluKind', codes: GeluKind },
  BinaryOp: { prefix: 'kBinary', codes: BinaryOp },
  ReduceOp: { prefix: 'kReduce', codes: ReduceOp },
  ReduceMode: { prefix: 'kReduceMode', codes: ReduceMode },
  Activation: { prefix: 'kAct', codes: Activation },
  Bcast: { prefix: 'k', codes: Bcast, last: false },
} as const;

/** Plain constants (C++ `constexpr int k<Name>`). */
export const CONSTANTS = {
  BinaryMaxDims: BINARY_MAX_DIMS,
  TransposeMaxDims: TRANSPOSE_MAX_DIMS,
} as const;

// ---- parameter blocks, one per addon entry ----------------------------------------------------

/** gemm(heap, p, aIndex?, bIndex?): C[b] = act(op(A[ia(b)])·op(B[ib(b)]) + bias). Strides in
 * elements (0: broadcast); aCount/bCount: matrices stored in A/B; modes are `Bcast` codes. */
export const GemmArg = layout([
  'a',
  'b',
  'c',
  'batch',
  'm',
  'n',
  'k',
  'transA',
  'transB',
  'aStride',
  'bStride',
  'aCount',
  'bCount',
  'bias',
  'biasMode',
  'act',
  'alpha',
  'prelu',
  'preluMode',
]);

/** packB(heap, p, out): op(B) (k × n, at `b`) packed into `out` (a Float32Array of at least
 * packedBLength(k, n) floats, off the heap) in the GEMM's own panel layout, for gemm's `packed`. */
export const PackBArg = layout(['b', 'k', 'n', 'transB']);

/** unary(heap, p): y = op(x) over `size` elements; `c` is GELU's constant. */
export const UnaryArg = layout(['op', 'x', 'y', 'size', 'c']);

/** geluGrad(heap, p): dx = dy · gelu'(x); `kind` a `GeluKind`. */
export const GeluGradArg = layout(['kind', 'dy', 'x', 'dx', 'size', 'c']);

/** binary(heap, p): out = a op b over `rank` collapsed dims, per-operand element strides. */
export const BinaryArg = layout([
  'op',
  'a',
  'b',
  'out',
  'rank',
  ['dims', BINARY_MAX_DIMS],
  ['aStrides', BINARY_MAX_DIMS],
  ['bStrides', BINARY_MAX_DIMS],
]);

/** reduce(heap, p): `mode` rows: out[outer] over `inner`; columns: out[inner] over `outer`. */
export const ReduceArg = layout(['op', 'mode', 'x', 'out', 'outer', 'inner']);

/** softmax(heap, p): over the last axis of x [rows, cols]. */
export const SoftmaxArg = layout(['x', 'y', 'rows', 'cols']);

/** transpose(heap, p): 4-byte elements, `rank` input dims and the permutation. */
export const TransposeArg = layout([
  'x',
  'out',
  'rank',
  ['dims', TRANSPOSE_MAX_DIMS],
  ['perm', TRANSPOSE_MAX_DIMS],
]);

/** gather(heap, p): out[o, i, :] = x[o, indices[i], :] (4-byte elements). */
export const GatherArg = layout(['x', 'indices', 'out', 'outer', 'numIndices', 'axisSize', 'inner']);

/** layerNorm(heap, p): y = LN(x + residual) over rows of `cols`; mean/rstd/residual may be -1. */
export const LayerNormArg = layout([
  'x',
  'gamma',
  'beta',
  'y',
  'mean',
  'rstd',
  'rows',
  'cols',
  'eps',
  'residual',
]);

/** layerNormGrad(heap, p): the gradient w.r.t. the residual (-1: none) equals dx. */
export const LayerNormGradArg = layout([
  'dy',
  'x',
  'gamma',
  'mean',
  'rstd',
  'dx',
  'dgamma',
  'dbeta',
  'rows',
  'cols',
  'residual',
]);

/** attention(heap, p): q/k/v/context rows are `*Row` elements apart; mask/probs may be -1. */
export const AttentionArg = layout([
  'q',
  'k',
  'v',
  'mask',
  'context',
  'probs',
  'batch',
  'seqQ',
  'seqK',
  'heads',
  'headSize',
  'qRow',
  'kRow',
  'vRow',
  'contextRow',
  'scale',
]);

/** attentionGrad(heap, p): dq/dk/dv rows are `gradRow` elements apart. */
export const AttentionGradArg = layout([
  'dContext',
  'q',
  'k',
  'v',
  'probs',
  'dq',
  'dk',
  'dv',
  'batch',
  'seqQ',
  'seqK',
  'heads',
  'headSize',
  'qRow',
  'kRow',
  'vRow',
  'contextRow',
  'gradRow',
  'scale',
]);

/** adamw(heap, p): one AdamW step over `size` elements (see native/adamw.cc). */
export const AdamwArg = layout([
  'w',
  'g',
  'm',
  'v',
  'wOut',
  'mOut',
  'vOut',
  'size',
  'c1',
  'beta1',
  'oneMinusBeta1',
  'beta2',
  'oneMinusBeta2',
  'sqrtBc2',
  'epsilon',
  'stepScale',
]);

/** xent(heap, p): loss = mean over rows whose label is not ignoreIndex; returns that count. */
export const XentArg = layout(['logits', 'labels', 'loss', 'lse', 'rows', 'cols', 'ignoreIndex']);

/** xentGrad(heap, p): dLogits for the scalar upstream gradient `dy`. */
export const XentGradArg = layout([
  'logits',
  'labels',
  'lse',
  'dLogits',
  'rows',
  'cols',
  'ignoreIndex',
  'dy',
]);

/** Every addon entry's block: C++ `struct <Entry>Arg { enum : int { k<Field> = i, …, kCount }; }`. */
export const ARG_BLOCKS = {
  gemm: GemmArg,
  packB: PackBArg,
  unary: UnaryArg,
  geluGrad: GeluGradArg,
  binary: BinaryArg,
  reduce: ReduceArg,
  softmax: SoftmaxArg,
  transpose: TransposeArg,
  gather: GatherArg,
  layerNorm: LayerNormArg,
  layerNormGrad: LayerNormGradArg,
  attention: AttentionArg,
  attentionGrad: AttentionGradArg,
  adamw: AdamwArg,
  xent: XentArg,
  xentGrad: XentGradArg,
} as const;

/** A fresh parameter block for `block` (one per kernel instance, reused call after call). */
export function params(block: ArgLayout): Float64Array {
  return new Float64Array(block.count);
}
