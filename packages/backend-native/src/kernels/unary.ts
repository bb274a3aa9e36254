import type { TensorInfo } from '@tensorflow/tfjs-core';
import { util } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../addon.js';
import { heapOf, offsetOf } from '../wasm.js';
import { params, UnaryArg, UnaryOp } from './args.js';
import type { KernelArgs, NativeKernel, NativeKernelSpec } from './types.js';
import { delegate } from './types.js';

export { UnaryOp };

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
  p[UnaryArg.op] = op;
  p[UnaryArg.x] = offsetOf(backend, x);
  p[UnaryArg.y] = offsetOf(backend, out);
  p[UnaryArg.size] = n;
  p[UnaryArg.c] = c;
  addon.unary(heapOf(backend), p);
  return out;
}

function unarySpec(kernelName: keyof typeof UnaryOp): NativeKernelSpec {
  return {
    kernelName,
    make(addon): NativeKernel {
      const p = params(UnaryArg);
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
