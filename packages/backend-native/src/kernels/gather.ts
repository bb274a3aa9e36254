import { util } from '@tensorflow/tfjs-core';
import { heapOf, offsetOf } from '../wasm.js';
import { GatherArg, params } from './args.js';
import type { NativeKernel, NativeKernelSpec } from './types.js';
import { callAddon, delegate } from './types.js';

/**
 * GatherV2 with batchDims 0 on 4-byte data (embedding lookups): rows copied in parallel. The
 * addon checks the indices (tfjs's message, under the kernel's name) before copying anything.
 */
export const gatherSpec: NativeKernelSpec = {
  kernelName: 'GatherV2',
  make(addon): NativeKernel {
    const p = params(GatherArg);
    return (args, original) => {
      const { x, indices } = args.inputs;
      const batchDims = (args.attrs.batchDims as number | undefined) ?? 0;
      if (
        !x ||
        !indices ||
        batchDims !== 0 ||
        indices.dtype !== 'int32' ||
        (x.dtype !== 'float32' && x.dtype !== 'int32')
      ) {
        return delegate(original, args, 'GatherV2');
      }
      const axis = util.parseAxisParam(args.attrs.axis as number, x.shape)[0];
      const { backend } = args;
      const axisDim = x.shape[axis];
      const nIdx = util.sizeFromShape(indices.shape);
      const outShape = [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)];
      const out = backend.makeOutput(outShape, x.dtype);
      if (nIdx === 0) return out;
      p[GatherArg.x] = offsetOf(backend, x);
      p[GatherArg.indices] = offsetOf(backend, indices);
      p[GatherArg.out] = offsetOf(backend, out);
      p[GatherArg.outer] = util.sizeFromShape(x.shape.slice(0, axis));
      p[GatherArg.numIndices] = nIdx;
      p[GatherArg.axisSize] = axisDim;
      p[GatherArg.inner] = util.sizeFromShape(x.shape.slice(axis + 1));
      callAddon('GatherV2', backend, [out], () => addon.gather(heapOf(backend), p));
      return out;
    };
  },
};
