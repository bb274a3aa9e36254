import type { TensorInfo } from '@tensorflow/tfjs-core';
import { util } from '@tensorflow/tfjs-core';
import { heapOf, offsetOf } from '../wasm.js';
import { AttentionArg, AttentionGradArg, params } from './args.js';
import { attrsOf, type Fused, inputsOf } from './contract.js';
import type { NativeKernel, NativeKernelSpec } from './types.js';

// AlbertAttention / AlbertAttentionGrad (contract: core's src/kernels/kernel-names.ts).

const ATTN = 'AlbertAttention' satisfies Fused<'AlbertAttention'>;
const ATTN_GRAD = 'AlbertAttentionGrad' satisfies Fused<'AlbertAttentionGrad'>;

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
  kernelName: ATTN,
  make(addon): NativeKernel {
    const p = params(AttentionArg);
    return (args) => {
      const K = ATTN;
      const { backend } = args;
      const { q, k, v, mask } = inputsOf(ATTN, args);
      const attrs = attrsOf(ATTN, args);
      check(!!q && !!k && !!v, () => `${K}: q, k and v are required`);
      const s = shapes(K, q!, k!, v!, attrs.numHeads);
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
      p[AttentionArg.q] = offsetOf(backend, q!);
      p[AttentionArg.k] = offsetOf(backend, k!);
      p[AttentionArg.v] = offsetOf(backend, v!);
      p[AttentionArg.mask] = mask ? offsetOf(backend, mask) : -1;
      p[AttentionArg.context] = offsetOf(backend, ctx);
      p[AttentionArg.probs] = saveProbs ? offsetOf(backend, probs) : -1;
      p[AttentionArg.batch] = s.B;
      p[AttentionArg.seqQ] = s.Sq;
      p[AttentionArg.seqK] = s.Sk;
      p[AttentionArg.heads] = s.heads;
      p[AttentionArg.headSize] = s.d;
      p[AttentionArg.qRow] = s.H;
      p[AttentionArg.kRow] = s.H;
      p[AttentionArg.vRow] = s.H;
      p[AttentionArg.contextRow] = s.H;
      p[AttentionArg.scale] = attrs.scale;
      addon.attention(heapOf(backend), p);
      return [ctx, probs];
    };
  },
};

export const attentionGradSpec: NativeKernelSpec = {
  kernelName: ATTN_GRAD,
  make(addon): NativeKernel {
    const p = params(AttentionGradArg);
    return (args) => {
      const K = ATTN_GRAD;
      const { backend } = args;
      const { dy, q, k, v, probs } = inputsOf(ATTN_GRAD, args);
      const attrs = attrsOf(ATTN_GRAD, args);
      check(!!dy && !!q && !!k && !!v && !!probs, () => `${K}: dy, q, k, v and probs are required`);
      const s = shapes(K, q!, k!, v!, attrs.numHeads);
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
      p[AttentionGradArg.dContext] = offsetOf(backend, dy!);
      p[AttentionGradArg.q] = offsetOf(backend, q!);
      p[AttentionGradArg.k] = offsetOf(backend, k!);
      p[AttentionGradArg.v] = offsetOf(backend, v!);
      p[AttentionGradArg.probs] = offsetOf(backend, probs!);
      p[AttentionGradArg.dq] = offsetOf(backend, dq);
      p[AttentionGradArg.dk] = offsetOf(backend, dk);
      p[AttentionGradArg.dv] = offsetOf(backend, dv);
      p[AttentionGradArg.batch] = s.B;
      p[AttentionGradArg.seqQ] = s.Sq;
      p[AttentionGradArg.seqK] = s.Sk;
      p[AttentionGradArg.heads] = s.heads;
      p[AttentionGradArg.headSize] = s.d;
      p[AttentionGradArg.qRow] = s.H;
      p[AttentionGradArg.kRow] = s.H;
      p[AttentionGradArg.vRow] = s.H;
      p[AttentionGradArg.contextRow] = s.H;
      p[AttentionGradArg.gradRow] = s.H;
      p[AttentionGradArg.scale] = attrs.scale;
      addon.attentionGrad(heapOf(backend), p);
      return [dq, dk, dv];
    };
  },
};
