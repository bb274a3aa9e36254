import { util } from '@tensorflow/tfjs-core';
import { heapOf, offsetOf } from '../wasm.js';
import type { NativeKernel, NativeKernelSpec } from './types.js';
import { delegate } from './types.js';

/** GatherV2 with batchDims 0 on 4-byte data (embedding lookups): rows copied in parallel. */
export const gatherSpec: NativeKernelSpec = {
  kernelName: 'GatherV2',
  make(addon): NativeKernel {
    const p = new Float64Array(7);
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
      const idx = new Int32Array(
        heapOf(backend).buffer,
        heapOf(backend).byteOffset + offsetOf(backend, indices),
        nIdx,
      );
      for (let i = 0; i < nIdx; i++) {
        const index = idx[i];
        // tfjs's own check and message
        util.assert(
          index <= axisDim - 1 && index >= 0,
          () => `GatherV2: the index value ${index} is not in [0, ${axisDim - 1}]`,
        );
      }
      const outShape = [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)];
      const out = backend.makeOutput(outShape, x.dtype);
      if (util.sizeFromShape(outShape) === 0) return out;
      p[0] = offsetOf(backend, x);
      p[1] = offsetOf(backend, indices);
      p[2] = offsetOf(backend, out);
      p[3] = util.sizeFromShape(x.shape.slice(0, axis));
      p[4] = nIdx;
      p[5] = axisDim;
      p[6] = util.sizeFromShape(x.shape.slice(axis + 1));
      addon.gather(heapOf(backend), p);
      return out;
    };
  },
};
