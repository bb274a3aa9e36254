import type { TensorInfo } from '@tensorflow/tfjs-core';
import { broadcast_util, util } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../addon.js';
import { heapOf, offsetOf } from '../wasm.js';
import { Activation, Bcast, GemmArg, params } from './args.js';
import { attrsOf, type Fused, inputsOf } from './contract.js';
import type { MatMulPlan } from './matmul-plan.js';
import { planMatMul } from './matmul-plan.js';
import { packCache } from './pack-cache.js';
import type { KernelArgs, NativeKernelSpec } from './types.js';
import { delegate } from './types.js';

// tfjs's _FusedMatMul activation name -> the addon's code.
const ACTIVATIONS: Record<string, number> = {
  linear: Activation.Linear,
  relu: Activation.Relu,
  relu6: Activation.Relu6,
  prelu: Activation.Prelu,
  leakyrelu: Activation.LeakyRelu,
  sigmoid: Activation.Sigmoid,
  elu: Activation.Elu,
};
type BcastMode = (typeof Bcast)[keyof typeof Bcast];

function stripOnes(shape: number[]): number[] {
  let i = 0;
  while (i < shape.length - 1 && shape[i] === 1) i++;
  return shape.slice(i);
}

/** How a bias / prelu tensor broadcasts onto the output, or null if the addon can't do it. */
function bcastMode(t: TensorInfo, plan: MatMulPlan): BcastMode | null {
  if (t.dtype !== 'float32') return null;
  if (util.sizeFromShape(t.shape) === 1) return Bcast.Scalar;
  const s = stripOnes(t.shape);
  const { M, N } = plan;
  if (s.length === 1 && s[0] === N) return Bcast.VecN;
  if (s.length === 2 && s[0] === M && s[1] === 1) return Bcast.VecM;
  if (s.length === 2 && s[0] === M && s[1] === N) return Bcast.MatMN;
  if (util.arraysEqual(s, stripOnes(plan.outShape))) return Bcast.Full;
  return null;
}

function fill(
  p: Float64Array,
  a: number,
  b: number,
  c: number,
  plan: MatMulPlan,
  tA: boolean,
  tB: boolean,
): void {
  p[GemmArg.a] = a;
  p[GemmArg.b] = b;
  p[GemmArg.c] = c;
  p[GemmArg.batch] = plan.batch;
  p[GemmArg.m] = plan.M;
  p[GemmArg.n] = plan.N;
  p[GemmArg.k] = plan.K;
  p[GemmArg.transA] = tA ? 1 : 0;
  p[GemmArg.transB] = tB ? 1 : 0;
  p[GemmArg.aStride] = plan.aStride;
  p[GemmArg.bStride] = plan.bStride;
  p[GemmArg.aCount] = plan.aCount;
  p[GemmArg.bCount] = plan.bCount;
  p[GemmArg.bias] = 0;
  p[GemmArg.biasMode] = Bcast.None;
  p[GemmArg.act] = Activation.Linear;
  p[GemmArg.alpha] = 0;
  p[GemmArg.prelu] = 0;
  p[GemmArg.preluMode] = Bcast.None;
}

/** A pre-packed B when this product's B is one matrix (a weight) seen before, else undefined. */
function packedB(
  addon: NativeAddon,
  backend: KernelArgs['backend'],
  b: TensorInfo,
  plan: MatMulPlan,
  tB: boolean,
): Float32Array | undefined {
  if (plan.bCount !== 1) return undefined;
  return packCache.get(addon, backend, b, tB, plan.K, plan.N);
}

function usable(a: TensorInfo, b: TensorInfo): boolean {
  return a.dtype === 'float32' && b.dtype === 'float32' && a.shape.length >= 2 && b.shape.length >= 2;
}

export const batchMatMulSpec: NativeKernelSpec = {
  kernelName: 'BatchMatMul',
  make(addon) {
    const p = params(GemmArg);
    return (args: KernelArgs, original) => {
      const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
      if (!usable(a, b)) return delegate(original, args, 'BatchMatMul');
      const tA = !!args.attrs.transposeA;
      const tB = !!args.attrs.transposeB;
      const plan = planMatMul(a.shape, b.shape, tA, tB, 'matMul');
      const { backend } = args;
      const out = backend.makeOutput(plan.outShape, 'float32');
      if (util.sizeFromShape(plan.outShape) === 0) return out;
      const packed = packedB(addon, backend, b, plan, tB);
      fill(p, offsetOf(backend, a), offsetOf(backend, b), offsetOf(backend, out), plan, tA, tB);
      addon.gemm(heapOf(backend), p, plan.aIndex, plan.bIndex, packed);
      return out;
    };
  },
};

export const fusedMatMulSpec: NativeKernelSpec = {
  kernelName: '_FusedMatMul',
  make(addon) {
    const p = params(GemmArg);
    return (args: KernelArgs, original) => {
      const {
        a,
        b,
        bias,
        preluActivationWeights: prelu,
      } = args.inputs as Record<string, TensorInfo | undefined>;
      const activation = (args.attrs.activation as string | undefined) ?? 'linear';
      const act = ACTIVATIONS[activation];
      if (!a || !b || !usable(a, b) || act === undefined) return delegate(original, args, '_FusedMatMul');
      const tA = !!args.attrs.transposeA;
      const tB = !!args.attrs.transposeB;
      const plan = planMatMul(a.shape, b.shape, tA, tB, 'fused matMul');
      // tfjs's own message when the bias cannot broadcast onto the output.
      if (bias) broadcast_util.assertAndGetBroadcastShape(plan.outShape, bias.shape);
      const biasMode = bias ? bcastMode(bias, plan) : Bcast.None;
      const preluMode = act === ACTIVATIONS.prelu ? (prelu ? bcastMode(prelu, plan) : null) : Bcast.None;
      if (biasMode === null || preluMode === null) return delegate(original, args, '_FusedMatMul');
      const { backend } = args;
      const out = backend.makeOutput(plan.outShape, 'float32');
      if (util.sizeFromShape(plan.outShape) === 0) return out;
      fill(p, offsetOf(backend, a), offsetOf(backend, b), offsetOf(backend, out), plan, tA, tB);
      if (bias) {
        p[GemmArg.bias] = offsetOf(backend, bias);
        p[GemmArg.biasMode] = biasMode;
      }
      p[GemmArg.act] = act;
      p[GemmArg.alpha] = (args.attrs.leakyreluAlpha as number | undefined) ?? 0.2;
      if (prelu && act === ACTIVATIONS.prelu) {
        p[GemmArg.prelu] = offsetOf(backend, prelu);
        p[GemmArg.preluMode] = preluMode;
      }
      addon.gemm(heapOf(backend), p, plan.aIndex, plan.bIndex, packedB(addon, backend, b, plan, tB));
      return out;
    };
  },
};

const LINEAR_GELU = 'AlbertLinearGelu' satisfies Fused<'AlbertLinearGelu'>;
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/** gelu(x·w + bias) as one gemm: bias and GELU in the tile store (core's linear-gelu.ts). */
export const linearGeluSpec: NativeKernelSpec = {
  kernelName: LINEAR_GELU,
  make(addon) {
    const p = params(GemmArg);
    return (args: KernelArgs) => {
      const k = LINEAR_GELU;
      const { x, w, bias } = inputsOf(k, args);
      for (const [name, t] of [
        ['x', x],
        ['w', w],
      ] as const) {
        if (!t) throw new Error(`${k}: input '${name}' is missing`);
        if (t.dtype !== 'float32') throw new Error(`${k}: input '${name}' must be float32, got ${t.dtype}`);
        if (t.shape.length !== 2) throw new Error(`${k}: input '${name}' must be 2-D, got [${t.shape}]`);
      }
      const [M, K] = x!.shape;
      const [Kw, N] = w!.shape;
      if (K !== Kw) throw new Error(`${k}: x [${x!.shape}] and w [${w!.shape}] have different inner sizes`);
      if (
        bias &&
        (bias.dtype !== 'float32' || util.sizeFromShape(bias.shape) !== N || bias.shape.length !== 1)
      ) {
        throw new Error(`${k}: bias must be float32 [${N}], got ${bias.dtype} [${bias.shape}]`);
      }
      const { approximate, c = SQRT_2_OVER_PI } = attrsOf(k, args);
      const plan = planMatMul(x!.shape, w!.shape, false, false, 'matMul');
      const { backend } = args;
      const out = backend.makeOutput([M, N], 'float32');
      if (M * N === 0) return out;
      fill(p, offsetOf(backend, x!), offsetOf(backend, w!), offsetOf(backend, out), plan, false, false);
      if (bias) {
        p[GemmArg.bias] = offsetOf(backend, bias);
        p[GemmArg.biasMode] = Bcast.VecN;
      }
      p[GemmArg.act] = approximate ? Activation.GeluTanh : Activation.GeluErf;
      p[GemmArg.alpha] = c;
      addon.gemm(heapOf(backend), p, undefined, undefined, packedB(addon, backend, w!, plan, false));
      return out;
    };
  },
};
