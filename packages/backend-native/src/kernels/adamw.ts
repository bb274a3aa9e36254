import { util } from '@tensorflow/tfjs-core';
import { heapOf, offsetOf } from '../wasm.js';
import type { NativeKernel, NativeKernelSpec } from './types.js';

// AlbertAdamW: inputs {w, g, m, v} (float32, one shape), attrs {c1, beta1, beta2, sqrtBc2,
// epsilon, stepScale} -> [w', m', v'] (see native/adamw.cc and core's adamwUpdate).
export const adamwSpec: NativeKernelSpec = {
  kernelName: 'AlbertAdamW',
  make(addon): NativeKernel {
    const p = new Float64Array(16);
    return ({ inputs, attrs, backend }) => {
      const names = ['w', 'g', 'm', 'v'] as const;
      const ts = names.map((n) => {
        const t = inputs[n];
        if (!t) throw new Error(`AlbertAdamW: input '${n}' is missing`);
        if (t.dtype !== 'float32') throw new Error(`AlbertAdamW: '${n}' must be float32, got ${t.dtype}`);
        return t;
      });
      const shape = ts[0].shape;
      for (let i = 1; i < 4; i++) {
        if (!util.arraysEqual(ts[i].shape, shape)) {
          throw new Error(`AlbertAdamW: '${names[i]}' [${ts[i].shape}] must match w [${shape}]`);
        }
      }
      const outs = [0, 1, 2].map(() => backend.makeOutput(shape, 'float32'));
      const n = util.sizeFromShape(shape);
      if (n === 0) return outs;
      [...ts, ...outs].forEach((t, i) => {
        p[i] = offsetOf(backend, t);
      });
      const b1 = attrs.beta1 as number;
      const b2 = attrs.beta2 as number;
      p[7] = n;
      p.set(
        [attrs.c1 as number, b1, 1 - b1, b2, 1 - b2, attrs.sqrtBc2 as number, attrs.epsilon as number],
        8,
      );
      p[15] = attrs.stepScale as number;
      addon.adamw(heapOf(backend), p);
      return outs;
    };
  },
};
