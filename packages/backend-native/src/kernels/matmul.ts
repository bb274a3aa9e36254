import type { TensorInfo } from '@tensorflow/tfjs-core';
import { broadcast_util, util } from '@tensorflow/tfjs-core';
import { heapOf, offsetOf } from '../wasm.js';
import { Activation, Bcast, GemmArg, params } from './args.js';
import type { MatMulPlan } from './matmul-plan.js';
import { planMatMul } from './matmul-plan.js';
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
      fill(p, offsetOf(backend, a), offsetOf(backend, b), offsetOf(backend, out), plan, tA, tB);
      addon.gemm(heapOf(backend), p, plan.aIndex, plan.bIndex);
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
      addon.gemm(heapOf(backend), p, plan.aIndex, plan.bIndex);
      return out;
    };
  },
};
