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

/** How a word's tag is read from its pieces' logits. */
export type WordPooling = 'first' | 'mean';

/**
 * The predicted tag of every word; a word cut by truncation gets -1 (counted as wrong by the
 * caller, never silently dropped). 'first' reads the first piece's logits (HF's convention, as
 * trained by default); 'mean' averages the log-probabilities of all the word's pieces (for models
 * trained with every piece labelled, see `alignWords`).
 */
export async function predictWordTags(
  model: InferModel,
  items: readonly AlignedWords[],
  padId: number,
  batchSize = 32,
  onBatch?: (done: number) => void,
  pooling: WordPooling = 'first',
): Promise<number[][]> {
  return inferBatches(
    model,
    items,
    padId,
    batchSize,
    async (out, idx) => {
      const logits = (await (out.logits as tf.Tensor).array()) as number[][][];
      return idx.map((i, k) => wordTags(items[i]!, logits[k]!, pooling));
    },
    onBatch,
  );
}

/** One sentence's word tags from its `[position][label]` logits. */
export function wordTags(item: AlignedWords, logits: readonly number[][], pooling: WordPooling): number[] {
  const starts = item.wordStarts;
  // A word's pieces run to the next word's first piece, or to [SEP] (the last position).
  const sep = item.ids.length - 1;
  return starts.map((p, w) => {
    if (p < 0) return -1;
    if (pooling === 'first') return argmax(logits[p]!);
    const next = starts[w + 1];
    const end = next !== undefined && next >= 0 ? next : sep;
    const sum = new Array<number>(logits[p]!.length).fill(0);
    for (let q = p; q < end; q++) {
      const row = logits[q]!;
      const m = Math.max(...row);
      const lse = m + Math.log(row.reduce((s, x) => s + Math.exp(x - m), 0));
      for (let c = 0; c < row.length; c++) sum[c]! += row[c]! - lse;
    }
    return argmax(sum);
  });
}
