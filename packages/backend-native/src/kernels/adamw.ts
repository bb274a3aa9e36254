import { util } from '@tensorflow/tfjs-core';
import { heapOf, offsetOf } from '../wasm.js';
import { AdamwArg, params } from './args.js';
import { attrsOf, type Fused, inputsOf } from './contract.js';
import type { NativeKernel, NativeKernelSpec } from './types.js';

// AlbertAdamW (contract: core's src/kernels/kernel-names.ts; the update: native/adamw.cc and
// core's adamwUpdate).
const ADAMW = 'AlbertAdamW' satisfies Fused<'AlbertAdamW'>;
export const adamwSpec: NativeKernelSpec = {
  kernelName: ADAMW,
  make(addon): NativeKernel {
    const p = params(AdamwArg);
    return (args) => {
      const { backend } = args;
      const inputs = inputsOf(ADAMW, args);
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
      const [w, g, m, v] = ts;
      const [wOut, mOut, vOut] = outs;
      const attrs = attrsOf(ADAMW, args);
      p[AdamwArg.w] = offsetOf(backend, w);
      p[AdamwArg.g] = offsetOf(backend, g);
      p[AdamwArg.m] = offsetOf(backend, m);
      p[AdamwArg.v] = offsetOf(backend, v);
      p[AdamwArg.wOut] = offsetOf(backend, wOut);
      p[AdamwArg.mOut] = offsetOf(backend, mOut);
      p[AdamwArg.vOut] = offsetOf(backend, vOut);
      p[AdamwArg.size] = n;
      p[AdamwArg.c1] = attrs.c1;
      p[AdamwArg.beta1] = attrs.beta1;
      p[AdamwArg.oneMinusBeta1] = 1 - attrs.beta1;
      p[AdamwArg.beta2] = attrs.beta2;
      p[AdamwArg.oneMinusBeta2] = 1 - attrs.beta2;
      p[AdamwArg.sqrtBc2] = attrs.sqrtBc2;
      p[AdamwArg.epsilon] = attrs.epsilon;
      p[AdamwArg.stepScale] = attrs.stepScale;
      addon.adamw(heapOf(backend), p);
      return outs;
    };
  },
};
