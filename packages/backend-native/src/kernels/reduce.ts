import { util } from '@tensorflow/tfjs-core';
import { heapOf, offsetOf } from '../wasm.js';
import { params, ReduceArg, ReduceMode, ReduceOp, SoftmaxArg } from './args.js';
import type { NativeKernel, NativeKernelSpec } from './types.js';
import { delegate } from './types.js';

// tfjs kernel name -> the addon's op.
const OPS = { Sum: ReduceOp.Sum, Mean: ReduceOp.Mean, Max: ReduceOp.Max, Min: ReduceOp.Min } as const;

/**
 * Reductions over a trailing block of axes (rows) or a leading block (columns), float32 only;
 * anything else goes to the wasm kernel.
 */
function reduceSpec(kernelName: keyof typeof OPS): NativeKernelSpec {
  return {
    kernelName,
    make(addon): NativeKernel {
      const p = params(ReduceArg);
      return (args, original) => {
        const x = args.inputs.x;
        if (!x || x.dtype !== 'float32') return delegate(original, args, kernelName);
        const rawAxis = (kernelName === 'Max' ? args.attrs.reductionIndices : args.attrs.axis) as
          | number
          | number[];
        const axes = [...util.parseAxisParam(rawAxis, x.shape)].sort((u, v) => u - v);
        const r = x.shape.length;
        if (axes.length === 0 || new Set(axes).size !== axes.length)
          return delegate(original, args, kernelName);
        const trailing = axes.every((ax, i) => ax === r - axes.length + i);
        const leading = axes.every((ax, i) => ax === i);
        if (!trailing && !leading) return delegate(original, args, kernelName);
        const reduced = util.sizeFromShape(axes.map((ax) => x.shape[ax]));
        if (reduced === 0) return delegate(original, args, kernelName);
        const kept = x.shape.filter((_, i) => !axes.includes(i));
        const outShape = args.attrs.keepDims ? x.shape.map((s, i) => (axes.includes(i) ? 1 : s)) : kept;
        const { backend } = args;
        const out = backend.makeOutput(outShape, 'float32');
        const keptSize = util.sizeFromShape(kept);
        if (keptSize === 0) return out;
        p[ReduceArg.op] = OPS[kernelName];
        p[ReduceArg.mode] = trailing ? ReduceMode.Rows : ReduceMode.Columns;
        p[ReduceArg.x] = offsetOf(backend, x);
        p[ReduceArg.out] = offsetOf(backend, out);
        p[ReduceArg.outer] = trailing ? keptSize : reduced;
        p[ReduceArg.inner] = trailing ? reduced : keptSize;
        addon.reduce(heapOf(backend), p);
        return out;
      };
    },
  };
}

export const reduceSpecs: NativeKernelSpec[] = (Object.keys(OPS) as (keyof typeof OPS)[]).map(reduceSpec);

export const softmaxSpec: NativeKernelSpec = {
  kernelName: 'Softmax',
  make(addon): NativeKernel {
    const p = params(SoftmaxArg);
    return (args, original) => {
      const logits = args.inputs.logits;
      const r = logits?.shape.length ?? 0;
      const dim = args.attrs.dim as number;
      if (!logits || logits.dtype !== 'float32' || r === 0 || (dim !== -1 && dim !== r - 1)) {
        return delegate(original, args, 'Softmax');
      }
      const { backend } = args;
      const out = backend.makeOutput(logits.shape, 'float32');
      const cols = logits.shape[r - 1];
      const size = util.sizeFromShape(logits.shape);
      if (size === 0) return out;
      p[SoftmaxArg.x] = offsetOf(backend, logits);
      p[SoftmaxArg.y] = offsetOf(backend, out);
      p[SoftmaxArg.rows] = size / cols;
      p[SoftmaxArg.cols] = cols;
      addon.softmax(heapOf(backend), p);
      return out;
    };
  },
};
