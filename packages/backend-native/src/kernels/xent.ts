import type { TensorInfo } from '@tensorflow/tfjs-core';
import { util } from '@tensorflow/tfjs-core';
import { heapOf, offsetOf } from '../wasm.js';
import { params, XentArg, XentGradArg } from './args.js';
import { attrsOf, type Fused, inputsOf } from './contract.js';
import type { KernelArgs, NativeKernel, NativeKernelSpec } from './types.js';
import { callAddon } from './types.js';

// AlbertSoftmaxCrossEntropy / AlbertSoftmaxCrossEntropyGrad (contract: core's
// src/kernels/kernel-names.ts). Shapes and dtypes are checked here; the labels' range only by
// the addon (countValidLabels in native/xent.cc), which reads every label anyway and must check
// it to stay inside the logits: torch rejects a target outside [0, C) that is not ignore_index,
// and so does that check, before anything is written. callAddon then frees the outputs and gives
// the error the kernel's name.

const XENT = 'AlbertSoftmaxCrossEntropy' satisfies Fused<'AlbertSoftmaxCrossEntropy'>;
const XENT_GRAD = 'AlbertSoftmaxCrossEntropyGrad' satisfies Fused<'AlbertSoftmaxCrossEntropyGrad'>;

function parse(kernel: string, args: KernelArgs) {
  const { logits, labels } = inputsOf(XENT, args);
  if (!logits || !labels) throw new Error(`${kernel}: logits and labels are required`);
  if (logits.dtype !== 'float32') throw new Error(`${kernel}: logits must be float32, got ${logits.dtype}`);
  if (labels.dtype !== 'int32') throw new Error(`${kernel}: labels must be int32, got ${labels.dtype}`);
  const cols = logits.shape[logits.shape.length - 1] ?? 0;
  const rows = cols ? util.sizeFromShape(logits.shape) / cols : 0;
  if (logits.shape.length < 1 || util.sizeFromShape(labels.shape) !== rows) {
    throw new Error(
      `${kernel}: labels [${labels.shape}] must have one entry per row of logits [${logits.shape}]`,
    );
  }
  if (cols === 0) throw new Error(`${kernel}: logits [${logits.shape}] have no classes`);
  return { logits, labels, rows, cols };
}

export const xentSpec: NativeKernelSpec = {
  kernelName: XENT,
  make(addon): NativeKernel {
    const p = params(XentArg);
    return (args) => {
      const { logits, labels, rows, cols } = parse(XENT, args);
      const { backend } = args;
      const ignore = attrsOf(XENT, args).ignoreIndex ?? -100;
      const loss = backend.makeOutput([], 'float32');
      const lse = backend.makeOutput([rows], 'float32');
      p[XentArg.logits] = offsetOf(backend, logits);
      p[XentArg.labels] = offsetOf(backend, labels);
      p[XentArg.loss] = offsetOf(backend, loss);
      p[XentArg.lse] = offsetOf(backend, lse);
      p[XentArg.rows] = rows;
      p[XentArg.cols] = cols;
      p[XentArg.ignoreIndex] = ignore;
      callAddon(XENT, backend, [loss, lse], () => addon.xent(heapOf(backend), p));
      return [loss, lse];
    };
  },
};

export const xentGradSpec: NativeKernelSpec = {
  kernelName: XENT_GRAD,
  make(addon): NativeKernel {
    const p = params(XentGradArg);
    return (args) => {
      const K = XENT_GRAD;
      const { logits, labels, rows, cols } = parse(K, args);
      const { dy, lse } = inputsOf(XENT_GRAD, args) as Record<string, TensorInfo | undefined>;
      if (!dy || util.sizeFromShape(dy.shape) !== 1 || dy.dtype !== 'float32')
        throw new Error(`${K}: dy must be a float32 scalar`);
      if (!lse || util.sizeFromShape(lse.shape) !== rows)
        throw new Error(`${K}: lse must have ${rows} entries`);
      const { backend } = args;
      const ignore = attrsOf(XENT_GRAD, args).ignoreIndex ?? -100;
      const dx = backend.makeOutput(logits.shape, 'float32');
      const heap = heapOf(backend);
      p[XentGradArg.logits] = offsetOf(backend, logits);
      p[XentGradArg.labels] = offsetOf(backend, labels);
      p[XentGradArg.lse] = offsetOf(backend, lse);
      p[XentGradArg.dLogits] = offsetOf(backend, dx);
      p[XentGradArg.rows] = rows;
      p[XentGradArg.cols] = cols;
      p[XentGradArg.ignoreIndex] = ignore;
      p[XentGradArg.dy] = new Float32Array(heap.buffer, heap.byteOffset + offsetOf(backend, dy), 1)[0];
      callAddon(K, backend, [dx], () => addon.xentGrad(heap, p));
      return dx;
    };
  },
};
