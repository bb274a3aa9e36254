import type { DataType, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * `UnsortedSegmentSum` in one pass over the data: out[ids[i]] += x[i] (ids outside
 * [0, numSegments) are dropped, as the cpu kernel does). It is the gradient of `gather` (the
 * embedding lookup), which tfjs-backend-wasm has no kernel for and tfjs-backend-cpu computes
 * with one masked pass over the data per segment, i.e. O(vocabulary × tokens).
 */
export function segmentSum(
  x: ArrayLike<number>,
  ids: ArrayLike<number>,
  numSegments: number,
  inner: number,
  out: Float32Array | Int32Array,
): void {
  out.fill(0);
  const n = ids.length;
  for (let i = 0; i < n; i++) {
    const s = ids[i];
    if (!(s >= 0 && s < numSegments)) continue;
    const src = i * inner;
    const dst = s * inner;
    for (let j = 0; j < inner; j++) out[dst + j] += x[src + j];
  }
}

interface SegmentArgs {
  x: TensorInfo;
  ids: TensorInfo;
  numSegments: number;
  outShape: number[];
  inner: number;
}

function parse(args: Parameters<KernelFunc>[0]): SegmentArgs {
  const { x, segmentIds } = args.inputs as { x: TensorInfo; segmentIds: TensorInfo };
  const numSegments = Number(args.attrs?.numSegments);
  if (!x || !segmentIds) throw new Error('UnsortedSegmentSum: inputs x and segmentIds are required');
  if (!Number.isInteger(numSegments) || numSegments < 0) {
    throw new Error(
      `UnsortedSegmentSum: numSegments must be a non-negative integer, got ${args.attrs?.numSegments}`,
    );
  }
  const r = segmentIds.shape.length;
  const lead = x.shape.slice(0, r);
  if (lead.length !== r || lead.some((d, i) => d !== segmentIds.shape[i])) {
    throw new Error(
      `UnsortedSegmentSum: segmentIds shape [${segmentIds.shape}] must be a prefix of x shape [${x.shape}]`,
    );
  }
  const rest = x.shape.slice(r);
  return {
    x,
    ids: segmentIds,
    numSegments,
    outShape: [numSegments, ...rest],
    inner: rest.reduce((a, b) => a * b, 1),
  };
}

function checkDtypes(a: SegmentArgs): DataType {
  if (a.ids.dtype !== 'int32')
    throw new Error(`UnsortedSegmentSum: segmentIds must be int32, got ${a.ids.dtype}`);
  if (a.x.dtype !== 'float32' && a.x.dtype !== 'int32') {
    throw new Error(`UnsortedSegmentSum: x must be float32 or int32, got ${a.x.dtype}`);
  }
  return a.x.dtype;
}

/** The wasm backend's surface we use (zero-copy views of its heap). */
interface WasmLike {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** The cpu backend's surface we use. */
interface CpuLike {
  data: { get(dataId: object): { values: ArrayLike<number> } };
  makeTensorInfo(shape: number[], dtype: DataType, values: Float32Array | Int32Array): TensorInfo;
}

const wasmKernel: KernelFunc = (args) => {
  const a = parse(args);
  const dtype = checkDtypes(a);
  const backend = args.backend as unknown as WasmLike;
  const out = backend.makeOutput(a.outShape, dtype);
  // Views after the allocation: growing wasm memory replaces the heap buffer.
  const outView = backend.typedArrayFromHeap(out) as Float32Array | Int32Array;
  segmentSum(
    backend.typedArrayFromHeap(a.x),
    backend.typedArrayFromHeap(a.ids),
    a.numSegments,
    a.inner,
    outView,
  );
  return out;
};

const cpuKernel: KernelFunc = (args) => {
  const a = parse(args);
  const dtype = checkDtypes(a);
  const backend = args.backend as unknown as CpuLike;
  const size = a.outShape.reduce((p, d) => p * d, 1);
  const out = dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
  segmentSum(
    backend.data.get(a.x.dataId).values,
    backend.data.get(a.ids.dataId).values,
    a.numSegments,
    a.inner,
    out,
  );
  return backend.makeTensorInfo(a.outShape, dtype, out);
};

export const unsortedSegmentSumConfigs: Record<string, KernelConfig> = {
  wasm: { kernelName: 'UnsortedSegmentSum', backendName: 'wasm', kernelFunc: wasmKernel },
  cpu: { kernelName: 'UnsortedSegmentSum', backendName: 'cpu', kernelFunc: cpuKernel },
};
