import type { TensorInfo } from '@tensorflow/tfjs-core';
import { util } from '@tensorflow/tfjs-core';
import { heapOf, offsetOf } from '../wasm.js';
import type { KernelArgs, NativeKernel, NativeKernelSpec } from './types.js';

// AlbertSoftmaxCrossEntropy: {logits [..., C] float32, labels int32 (one per row)} {ignoreIndex}
//   -> [loss (scalar mean over rows whose label is not ignoreIndex), lse [rows]]
// AlbertSoftmaxCrossEntropyGrad: {dy (scalar), logits, labels, lse} {ignoreIndex} -> dlogits

function parse(kernel: string, args: KernelArgs) {
  const { logits, labels } = args.inputs as Record<string, TensorInfo | undefined>;
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

/**
 * torch rejects a target outside [0, C) that is not ignore_index; so do we, before any output is
 * allocated (an error thrown after makeOutput would leave its buffers on the heap).
 */
function checkLabels(
  kernel: string,
  backend: KernelArgs['backend'],
  labels: TensorInfo,
  rows: number,
  cols: number,
  ignore: number,
): void {
  const heap = heapOf(backend);
  const y = new Int32Array(heap.buffer, heap.byteOffset + offsetOf(backend, labels), rows);
  for (let i = 0; i < rows; i++) {
    const v = y[i];
    if (v !== ignore && (v < 0 || v >= cols)) {
      throw new Error(
        `${kernel}: label ${v} outside [0, ${cols}) at row ${i} (labels [${labels.shape}], ignoreIndex ${ignore})`,
      );
    }
  }
}

export const xentSpec: NativeKernelSpec = {
  kernelName: 'AlbertSoftmaxCrossEntropy',
  make(addon): NativeKernel {
    const p = new Float64Array(7);
    return (args) => {
      const { logits, labels, rows, cols } = parse('AlbertSoftmaxCrossEntropy', args);
      const { backend } = args;
      const ignore = (args.attrs.ignoreIndex as number | undefined) ?? -100;
      checkLabels('AlbertSoftmaxCrossEntropy', backend, labels, rows, cols, ignore);
      const loss = backend.makeOutput([], 'float32');
      const lse = backend.makeOutput([rows], 'float32');
      p.set([
        offsetOf(backend, logits),
        offsetOf(backend, labels),
        offsetOf(backend, loss),
        offsetOf(backend, lse),
      ]);
      p[4] = rows;
      p[5] = cols;
      p[6] = ignore;
      addon.xent(heapOf(backend), p);
      return [loss, lse];
    };
  },
};

export const xentGradSpec: NativeKernelSpec = {
  kernelName: 'AlbertSoftmaxCrossEntropyGrad',
  make(addon): NativeKernel {
    const p = new Float64Array(8);
    return (args) => {
      const K = 'AlbertSoftmaxCrossEntropyGrad';
      const { logits, labels, rows, cols } = parse(K, args);
      const { dy, lse } = args.inputs as Record<string, TensorInfo | undefined>;
      if (!dy || util.sizeFromShape(dy.shape) !== 1 || dy.dtype !== 'float32')
        throw new Error(`${K}: dy must be a float32 scalar`);
      if (!lse || util.sizeFromShape(lse.shape) !== rows)
        throw new Error(`${K}: lse must have ${rows} entries`);
      const { backend } = args;
      const ignore = (args.attrs.ignoreIndex as number | undefined) ?? -100;
      checkLabels(K, backend, labels, rows, cols, ignore);
      const dx = backend.makeOutput(logits.shape, 'float32');
      if (rows * cols === 0) return dx;
      const heap = heapOf(backend);
      const dyValue = new Float32Array(heap.buffer, heap.byteOffset + offsetOf(backend, dy), 1)[0];
      p.set([
        offsetOf(backend, logits),
        offsetOf(backend, labels),
        offsetOf(backend, lse),
        offsetOf(backend, dx),
      ]);
      p[4] = rows;
      p[5] = cols;
      p[6] = ignore;
      p[7] = dyValue;
      addon.xentGrad(heapOf(backend), p);
      return dx;
    };
  },
};
