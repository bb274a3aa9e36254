import type { NativeKernelSpec } from './types.js';
import { delegate } from './types.js';

/**
 * `Identity` (tf.clone, and the copies tfjs keeps of tensors saved for gradients) sharing the
 * input's memory by reference count, as the cpu backend and wasm's own Reshape do, instead of
 * copying it. Safe because no kernel writes into its inputs.
 */
export const identitySpec: NativeKernelSpec = {
  kernelName: 'Identity',
  make() {
    return (args, original) => {
      const x = args.inputs.x;
      const backend = args.backend as unknown as { incRef?: (dataId: object) => void };
      if (!x || x.dtype === 'string' || typeof backend.incRef !== 'function')
        return delegate(original, args, 'Identity');
      backend.incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    };
  },
};
