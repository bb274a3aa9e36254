import * as tf from '@tensorflow/tfjs-core';
import { padInputs } from './pad-inputs.js';
import type { EncodedInput } from './task-types.js';

/** What inference needs of a head model: `call` on a padded batch, giving named output tensors. */
export interface TaskModel {
  /**
   * Runs the model on a padded batch (`inputIds`, `attentionMask`, `tokenTypeIds`) and returns its
   * outputs.
   */
  // biome-ignore lint/suspicious/noExplicitAny: inputs and outputs depend on the head
  call(inputs: any, opts?: any): any;
}

/** Batches of indices in length order (little padding), each example's index kept. */
export function lengthSortedBatches(lengths: readonly number[], batchSize: number): number[][] {
  const order = lengths.map((l, i) => [l, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: number[][] = [];
  for (let i = 0; i < order.length; i += batchSize) out.push(order.slice(i, i + batchSize).map((x) => x[1]));
  return out;
}

/** Disposes every tensor of a model output. */
export function disposeOutput(out: Record<string, unknown>): void {
  for (const v of Object.values(out)) if (v instanceof tf.Tensor) v.dispose();
}

/**
 * Runs a model over encoded sequences in length-sorted batches and hands back each example's
 * `logits` rows in input order (`[C]` per sequence, or `[S][C]` per token). Every output tensor
 * is disposed.
 */
export async function logitsInOrder<R>(
  model: TaskModel,
  items: readonly EncodedInput[],
  padId: number,
  batchSize: number,
  onBatch?: (done: number) => void,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let done = 0;
  for (const idx of lengthSortedBatches(
    items.map((e) => e.inputIds.length),
    batchSize,
  )) {
    const out = model.call(
      padInputs(
        idx.map((i) => items[i]!),
        padId,
      ),
    ) as Record<string, tf.Tensor>;
    try {
      const rows = (await out.logits!.array()) as R[];
      idx.forEach((i, k) => {
        results[i] = rows[k]!;
      });
    } finally {
      disposeOutput(out);
    }
    done += idx.length;
    onBatch?.(done);
  }
  return results;
}
