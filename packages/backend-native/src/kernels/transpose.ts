import { util } from '@tensorflow/tfjs-core';
import { heapOf, offsetOf } from '../wasm.js';
import { TRANSPOSE_MAX_DIMS as MAX_DIMS, params, TransposeArg } from './args.js';
import type { NativeKernel, NativeKernelSpec } from './types.js';
import { delegate } from './types.js';

/**
 * Drops size-1 axes and merges axes that stay adjacent and in order, e.g. [B,S,h,d] with
 * perm [0,2,1,3] stays 4-d but [B,S,H] with perm [0,1,2] becomes one copy.
 */
export function collapseTranspose(shape: number[], perm: number[]): { dims: number[]; perm: number[] } {
  const kept = perm.filter((ax) => shape[ax] !== 1);
  const groups: number[][] = [];
  for (const ax of kept) {
    const g = groups[groups.length - 1];
    if (g && ax === g[g.length - 1] + 1) g.push(ax);
    else groups.push([ax]);
  }
  if (groups.length === 0) return { dims: [util.sizeFromShape(shape)], perm: [0] };
  const byInput = [...groups].sort((g1, g2) => g1[0] - g2[0]);
  const dims = byInput.map((g) => g.reduce((acc, ax) => acc * shape[ax], 1));
  return { dims, perm: groups.map((g) => byInput.indexOf(g)) };
}

/** tf.transpose's checks (the wasm kernel itself has none and would read past the shape). */
function checkPerm(shape: number[], perm: number[]): void {
  const rank = shape.length;
  if (!Array.isArray(perm) || perm.length !== rank) {
    throw new Error(`Error in transpose: rank of input ${rank} must match length of perm ${perm}.`);
  }
  const seen = new Set(perm);
  if (seen.size !== rank || perm.some((ax) => !Number.isInteger(ax) || ax < 0 || ax >= rank)) {
    throw new Error(`All entries in 'perm' must be a permutation of 0..${rank - 1} but got ${perm}`);
  }
}

export const transposeSpec: NativeKernelSpec = {
  kernelName: 'Transpose',
  make(addon): NativeKernel {
    const p = params(TransposeArg);
    return (args, original) => {
      const x = args.inputs.x;
      const perm = args.attrs.perm as number[];
      if (x) checkPerm(x.shape, perm);
      if (!x || (x.dtype !== 'float32' && x.dtype !== 'int32')) {
        return delegate(original, args, 'Transpose');
      }
      const { dims, perm: cperm } = collapseTranspose(x.shape, perm);
      if (dims.length > MAX_DIMS) return delegate(original, args, 'Transpose');
      const { backend } = args;
      const shared = backend as unknown as { incRef?: (dataId: object) => void };
      if (cperm.every((q, i) => q === i) && typeof shared.incRef === 'function') {
        // The data order does not change (an identity perm, or one that moves only size-1 axes):
        // share the memory by reference count, as Reshape does, instead of copying it.
        shared.incRef(x.dataId);
        return { dataId: x.dataId, shape: perm.map((ax) => x.shape[ax]), dtype: x.dtype };
      }
      const out = backend.makeOutput(
        perm.map((ax) => x.shape[ax]),
        x.dtype,
      );
      if (util.sizeFromShape(x.shape) === 0) return out;
      p.fill(0);
      p[TransposeArg.x] = offsetOf(backend, x);
      p[TransposeArg.out] = offsetOf(backend, out);
      p[TransposeArg.rank] = dims.length;
      p.set(dims, TransposeArg.dims);
      p.set(cperm, TransposeArg.perm);
      addon.transpose(heapOf(backend), p);
      return out;
    };
  },
};
