import type { TensorInfo } from '@tensorflow/tfjs-core';
import { util } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../addon.js';
import { heapOf, offsetOf } from '../wasm.js';
import type { KernelArgs, NativeKernel, NativeKernelSpec } from './types.js';
import { delegate } from './types.js';

// Must match native/unary.cc.
export const UnaryOp = {
  Sigmoid: 0,
  Tanh: 1,
  Exp: 2,
  Erf: 3,
  Rsqrt: 4,
  Sqrt: 5,
  Square: 6,
  Neg: 7,
  Log: 8,
  Abs: 9,
  Relu: 10,
  Reciprocal: 11,
  GeluTanh: 12,
  GeluErf: 13,
} as const;

/** Runs unary op `op` of the addon on `x` into a new float32 tensor. */
export function runUnary(
  addon: NativeAddon,
  p: Float64Array,
  args: KernelArgs,
  x: TensorInfo,
  op: number,
  c = 0,
) {
  const { backend } = args;
  const out = backend.makeOutput(x.shape, 'float32');
  const n = util.sizeFromShape(x.shape);
  if (n === 0) return out;
  p[0] = op;
  p[1] = offsetOf(backend, x);
  p[2] = offsetOf(backend, out);
  p[3] = n;
  p[4] = c;
  addon.unary(heapOf(backend), p);
  return out;
}

function unarySpec(kernelName: keyof typeof UnaryOp): NativeKernelSpec {
  return {
    kernelName,
    make(addon): NativeKernel {
      const p = new Float64Array(5);
      return (args, original) => {
        const x = args.inputs.x;
        if (!x || x.dtype !== 'float32') return delegate(original, args, kernelName);
        return runUnary(addon, p, args, x, UnaryOp[kernelName]);
      };
    },
  };
}

export const unarySpecs: NativeKernelSpec[] = (
  [
    'Sigmoid',
    'Tanh',
    'Exp',
    'Erf',
    'Rsqrt',
    'Sqrt',
    'Square',
    'Neg',
    'Log',
    'Abs',
    'Relu',
    'Reciprocal',
  ] as const
).map(unarySpec);
