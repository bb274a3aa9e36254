import type * as tf from '@tensorflow/tfjs-core';
export declare class ToyModel {
  constructor(opts?: { vocab?: number; dim?: number; classes?: number; seed?: number });
  namedParameters(): Array<[string, tf.Variable]>;
  // biome-ignore lint/suspicious/noExplicitAny: test helper
  call(inputs: any, opts?: any): { logits: tf.Tensor; loss?: tf.Scalar; auxLoss?: tf.Scalar };
  dispose(): void;
}
export declare function toyBatches(opts?: {
  batches?: number;
  batchSize?: number;
  seqLen?: number;
  vocab?: number;
  classes?: number;
}): { batches(epoch: number): Iterable<{ inputIds: number[][]; labels: number[] }> };
