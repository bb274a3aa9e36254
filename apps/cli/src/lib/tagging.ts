import type { Rng } from '@albert-ts/training';
import type * as tf from '@tensorflow/tfjs-core';
import { type AlignedWords, bucketedBatches, padBatch } from './encode.js';
import { argmax, type InferModel, inferBatches } from './infer.js';

export interface TagBatch {
  inputIds: number[][];
  attentionMask: number[][];
  tokenTypeIds: number[][];
  labels: number[][];
}

/** `(epoch) → batches` of word-aligned sentences (labels padded with -100). */
export function tagBatches(
  items: readonly AlignedWords[],
  batchSize: number,
  padId: number,
  rngFor: (epoch: number) => Rng,
): (epoch: number) => Iterable<TagBatch> {
  const lengths = items.map((e) => e.ids.length);
  return function* (epoch: number) {
    const rng = rngFor(epoch);
    for (const idx of bucketedBatches(lengths, batchSize, (xs) => rng.shuffle(xs))) {
      const chosen = idx.map((i) => items[i]!);
      const padded = padBatch(chosen, padId);
      const len = padded.inputIds[0]!.length;
      yield {
        ...padded,
        labels: chosen.map((e) => e.labels.concat(new Array<number>(len - e.labels.length).fill(-100))),
      };
    }
  };
}

/**
 * The predicted tag of every word (first-piece prediction, as trained); a word cut by truncation
 * gets -1 (counted as wrong by the caller, never silently dropped).
 */
export async function predictWordTags(
  model: InferModel,
  items: readonly AlignedWords[],
  padId: number,
  batchSize = 32,
  onBatch?: (done: number) => void,
): Promise<number[][]> {
  return inferBatches(
    model,
    items,
    padId,
    batchSize,
    async (out, idx) => {
      const logits = (await (out.logits as tf.Tensor).array()) as number[][][];
      return idx.map((i, k) => items[i]!.wordStarts.map((p) => (p < 0 ? -1 : argmax(logits[k]![p]!))));
    },
    onBatch,
  );
}
