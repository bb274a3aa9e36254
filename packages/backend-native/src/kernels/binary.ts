import { backend_util, util } from '@tensorflow/tfjs-core';
import { heapOf, offsetOf } from '../wasm.js';
import { BinaryArg, BinaryOp, BINARY_MAX_DIMS as MAX_DIMS, params } from './args.js';
import type { NativeKernel, NativeKernelSpec } from './types.js';
import { delegate } from './types.js';

// tfjs kernel name -> the addon's op.
const OPS = {
  Add: BinaryOp.Add,
  Sub: BinaryOp.Sub,
  Multiply: BinaryOp.Mul,
  RealDiv: BinaryOp.Div,
  SquaredDifference: BinaryOp.SquaredDiff,
  Maximum: BinaryOp.Max,
  Minimum: BinaryOp.Min,
} as const;

/**
 * Merges adjacent output dims in which each operand is either broadcast or not alike, drops
 * size-1 dims, and gives each operand's element strides (0 where it is broadcast). Returns
 * null when more than MAX_DIMS dims remain.
 */
export function collapseBroadcast(
  out: number[],
  a: number[],
  b: number[],
): { dims: number[]; aStrides: number[]; bStrides: number[] } | null {
  const r = out.length;
  const pa = [...new Array<number>(r - a.length).fill(1), ...a];
  const pb = [...new Array<number>(r - b.length).fill(1), ...b];
  const dims: number[] = [];
  const fa: boolean[] = [];
  const fb: boolean[] = [];
  for (let d = 0; d < r; d++) {
    if (out[d] === 1) continue;
    const ba = pa[d] === 1;
    const bb = pb[d] === 1;
    const last = dims.length - 1;
    if (last >= 0 && fa[last] === ba && fb[last] === bb) {
      dims[last] *= out[d];
    } else {
      dims.push(out[d]);
      fa.push(ba);
      fb.push(bb);
    }
  }
  if (dims.length === 0) {
    dims.push(1);
    fa.push(false);
    fb.push(false);
  }
  if (dims.length > MAX_DIMS) return null;
  const strides = (flags: boolean[]) => {
    const s = new Array<number>(dims.length).fill(0);
    let acc = 1;
    for (let d = dims.length - 1; d >= 0; d--) {
      if (!flags[d]) {
        s[d] = acc;
        acc *= dims[d];
      }
    }
    return s;
  };
  return { dims, aStrides: strides(fa), bStrides: strides(fb) };
}

function binarySpec(kernelName: keyof typeof OPS): NativeKernelSpec {
  return {
    kernelName,
    make(addon): NativeKernel {
      const p = params(BinaryArg);
      return (args, original) => {
        const { a, b } = args.inputs;
        if (!a || !b || a.dtype !== 'float32' || b.dtype !== 'float32')
          return delegate(original, args, kernelName);
        const outShape = backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
        const layout = collapseBroadcast(outShape, a.shape, b.shape);
        if (!layout) return delegate(original, args, kernelName);
        const { backend } = args;
        const out = backend.makeOutput(outShape, 'float32');
        if (util.sizeFromShape(outShape) === 0) return out;
        p.fill(0);
        p[BinaryArg.op] = OPS[kernelName];
        p[BinaryArg.a] = offsetOf(backend, a);
        p[BinaryArg.b] = offsetOf(backend, b);
        p[BinaryArg.out] = offsetOf(backend, out);
        p[BinaryArg.rank] = layout.dims.length;
        p.set(layout.dims, BinaryArg.dims);
        p.set(layout.aStrides, BinaryArg.aStrides);
        p.set(layout.bStrides, BinaryArg.bStrides);
        addon.binary(heapOf(backend), p);
        return out;
      };
    },
  };
}

export const binarySpecs: NativeKernelSpec[] = (Object.keys(OPS) as (keyof typeof OPS)[]).map(binarySpec);
