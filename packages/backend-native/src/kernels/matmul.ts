import type { TensorInfo } from '@tensorflow/tfjs-core';
import { broadcast_util, util } from '@tensorflow/tfjs-core';
import { heapOf, offsetOf } from '../wasm.js';
import type { MatMulPlan } from './matmul-plan.js';
import { planMatMul } from './matmul-plan.js';
import type { KernelArgs, NativeKernelSpec } from './types.js';
import { delegate } from './types.js';

// Must match native/gemm.cc.
const ACTIVATIONS: Record<string, number> = {
  linear: 0,
  relu: 1,
  relu6: 2,
  prelu: 3,
  leakyrelu: 4,
  sigmoid: 5,
  elu: 6,
};
enum Bcast {
  None = 0,
  VecN = 1,
  Scalar = 2,
  MatMN = 3,
  Full = 4,
  VecM = 5,
}

function stripOnes(shape: number[]): number[] {
  let i = 0;
  while (i < shape.length - 1 && shape[i] === 1) i++;
  return shape.slice(i);
}

/** How a bias / prelu tensor broadcasts onto the output, or null if the addon can't do it. */
function bcastMode(t: TensorInfo, plan: MatMulPlan): Bcast | null {
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
  p[0] = a;
  p[1] = b;
  p[2] = c;
  p[3] = plan.batch;
  p[4] = plan.M;
  p[5] = plan.N;
  p[6] = plan.K;
  p[7] = tA ? 1 : 0;
  p[8] = tB ? 1 : 0;
  p[9] = plan.aStride;
  p[10] = plan.bStride;
  p[11] = plan.aCount;
  p[12] = plan.bCount;
  p[13] = 0;
  p[14] = Bcast.None;
  p[15] = 0;
  p[16] = 0;
  p[17] = 0;
  p[18] = Bcast.None;
}

function usable(a: TensorInfo, b: TensorInfo): boolean {
  return a.dtype === 'float32' && b.dtype === 'float32' && a.shape.length >= 2 && b.shape.length >= 2;
}

export const batchMatMulSpec: NativeKernelSpec = {
  kernelName: 'BatchMatMul',
  make(addon) {
    const p = new Float64Array(19);
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
    const p = new Float64Array(19);
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
        p[13] = offsetOf(backend, bias);
        p[14] = biasMode;
      }
      p[15] = act;
      p[16] = (args.attrs.leakyreluAlpha as number | undefined) ?? 0.2;
      if (prelu && act === ACTIVATIONS.prelu) {
        p[17] = offsetOf(backend, prelu);
        p[18] = preluMode;
      }
      addon.gemm(heapOf(backend), p, plan.aIndex, plan.bIndex);
      return out;
    };
  },
};
