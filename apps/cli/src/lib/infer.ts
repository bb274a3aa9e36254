import * as tf from '@tensorflow/tfjs-core';
import type { Encoded } from './encode.js';
import { lengthSortedBatches, padBatch } from './encode.js';

export interface InferModel {
  // biome-ignore lint/suspicious/noExplicitAny: inputs/outputs depend on the head
  call(inputs: any, opts?: any): any;
}

/**
 * Runs a model over encoded examples in length-sorted batches (little padding) and hands each
 * example's output rows back in input order. `pick` selects and copies what is needed from the
 * output tensors while they are alive (every tensor is disposed afterwards).
 */
export async function inferBatches<R>(
  model: InferModel,
  items: readonly Encoded[],
  padId: number,
  batchSize: number,
  pick: (out: Record<string, tf.Tensor>, batch: number[]) => Promise<R[]>,
  onBatch?: (done: number) => void,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let done = 0;
  for (const idx of lengthSortedBatches(
    items.map((e) => e.ids.length),
    batchSize,
  )) {
    const padded = padBatch(
      idx.map((i) => items[i]!),
      padId,
    );
    const out = model.call(padded) as Record<string, tf.Tensor>;
    try {
      const rows = await pick(out, idx);
      idx.forEach((i, k) => {
        results[i] = rows[k]!;
      });
    } finally {
      for (const v of Object.values(out)) if (v instanceof tf.Tensor) v.dispose();
    }
    done += idx.length;
    onBatch?.(done);
  }
  return results;
}

/** Each row of a `[B, C]` tensor as a plain array. */
export async function rows2d(t: tf.Tensor): Promise<number[][]> {
  return (await t.array()) as number[][];
}

export function argmax(xs: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i]! > xs[best]!) best = i;
  return best;
}

export function softmax(xs: readonly number[]): number[] {
  const m = Math.max(...xs);
  const e = xs.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}
