import type { TensorInfo } from '@tensorflow/tfjs-core';
import { util } from '@tensorflow/tfjs-core';
import { heapOf, offsetOf } from '../wasm.js';
import type { NativeKernel, NativeKernelSpec } from './types.js';

// AlbertAttention: inputs {q [B,Sq,H], k [B,Sk,H], v [B,Sk,H], mask? float32 additive [B,Sk]},
// attrs {numHeads, scale, saveProbs} -> [context [B,Sq,H], probs [B,heads,Sq,Sk] or [0]].
// AlbertAttentionGrad: inputs {dy, q, k, v, probs}, attrs {numHeads, scale} -> [dq, dk, dv].

function check(cond: boolean, msg: () => string): void {
  if (!cond) throw new Error(msg());
}

interface Shapes {
  B: number;
  Sq: number;
  Sk: number;
  H: number;
  heads: number;
  d: number;
}

function shapes(kernel: string, q: TensorInfo, k: TensorInfo, v: TensorInfo, numHeads: number): Shapes {
  for (const [name, t] of [
    ['q', q],
    ['k', k],
    ['v', v],
  ] as const) {
    check(t.dtype === 'float32', () => `${kernel}: ${name} must be float32, got ${t.dtype}`);
    check(t.shape.length === 3, () => `${kernel}: ${name} must be [batch, seq, hidden], got [${t.shape}]`);
  }
  const [B, Sq, H] = q.shape;
  const Sk = k.shape[1];
  check(
    k.shape[0] === B && v.shape[0] === B && k.shape[2] === H && v.shape[2] === H && v.shape[1] === Sk,
    () => `${kernel}: q [${q.shape}], k [${k.shape}], v [${v.shape}] do not fit together`,
  );
  check(
    Number.isInteger(numHeads) && numHeads > 0 && H % numHeads === 0,
    () => `${kernel}: hidden size ${H} is not a multiple of numHeads ${numHeads}`,
  );
  return { B, Sq, Sk, H, heads: numHeads, d: H / numHeads };
}

export const attentionSpec: NativeKernelSpec = {
  kernelName: 'AlbertAttention',
  make(addon): NativeKernel {
    const p = new Float64Array(16);
    return ({ inputs, attrs, backend }) => {
      const K = 'AlbertAttention';
      const { q, k, v, mask } = inputs;
      check(!!q && !!k && !!v, () => `${K}: q, k and v are required`);
      const s = shapes(K, q!, k!, v!, attrs.numHeads as number);
      if (mask) {
        check(
          mask.dtype === 'float32' && util.sizeFromShape(mask.shape) === s.B * s.Sk,
          () => `${K}: mask must be float32 [${s.B}, ${s.Sk}], got ${mask.dtype} [${mask.shape}]`,
        );
      }
      check(s.Sk > 0 || s.B * s.Sq === 0, () => `${K}: attention over zero keys`);
      const ctx = backend.makeOutput([s.B, s.Sq, s.H], 'float32');
      const saveProbs = !!attrs.saveProbs;
      const probs = backend.makeOutput(saveProbs ? [s.B, s.heads, s.Sq, s.Sk] : [0], 'float32');
      if (s.B * s.Sq * s.H === 0) return [ctx, probs];
      p[0] = offsetOf(backend, q!);
      p[1] = offsetOf(backend, k!);
      p[2] = offsetOf(backend, v!);
      p[3] = mask ? offsetOf(backend, mask) : -1;
      p[4] = offsetOf(backend, ctx);
      p[5] = saveProbs ? offsetOf(backend, probs) : -1;
      p.set([s.B, s.Sq, s.Sk, s.heads, s.d, s.H, s.H, s.H, s.H, attrs.scale as number], 6);
      addon.attention(heapOf(backend), p);
      return [ctx, probs];
    };
  },
};

export const attentionGradSpec: NativeKernelSpec = {
  kernelName: 'AlbertAttentionGrad',
  make(addon): NativeKernel {
    const p = new Float64Array(19);
    return ({ inputs, attrs, backend }) => {
      const K = 'AlbertAttentionGrad';
      const { dy, q, k, v, probs } = inputs;
      check(!!dy && !!q && !!k && !!v && !!probs, () => `${K}: dy, q, k, v and probs are required`);
      const s = shapes(K, q!, k!, v!, attrs.numHeads as number);
      check(
        util.arraysEqual(dy!.shape, q!.shape),
        () => `${K}: dy [${dy!.shape}] must match q [${q!.shape}]`,
      );
      check(
        util.arraysEqual(probs!.shape, [s.B, s.heads, s.Sq, s.Sk]),
        () => `${K}: probs must be [${[s.B, s.heads, s.Sq, s.Sk]}], got [${probs!.shape}]`,
      );
      const dq = backend.makeOutput(q!.shape, 'float32');
      const dk = backend.makeOutput(k!.shape, 'float32');
      const dv = backend.makeOutput(v!.shape, 'float32');
      if (s.B * s.Sq * s.Sk * s.H === 0) return [dq, dk, dv];
      const offs = [dy!, q!, k!, v!, probs!, dq, dk, dv].map((t) => offsetOf(backend, t));
      p.set(offs, 0);
      p.set([s.B, s.Sq, s.Sk, s.heads, s.d, s.H, s.H, s.H, s.H, s.H, attrs.scale as number], 8);
      addon.attentionGrad(heapOf(backend), p);
      return [dq, dk, dv];
    };
  },
};
