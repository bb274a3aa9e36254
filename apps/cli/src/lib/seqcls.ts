import type { Rng } from '@albert-ts/training';
import { bucketedBatches, type Encoded, padBatch } from './encode.js';
import { argmax, type InferModel, inferBatches, rows2d } from './infer.js';

/** Encoded sequence-classification (or regression) examples with their targets. */
export interface SeqClsData {
  items: Encoded[];
  /** Class ids, or float targets for regression. */
  targets: number[];
}

export interface SeqClsBatch {
  inputIds: number[][];
  attentionMask: number[][];
  tokenTypeIds: number[][];
  labels: number[];
}

/** `(epoch) → batches`, shuffled per epoch from a seed (deterministic, so resume finds its place). */
export function seqClsBatches(
  data: SeqClsData,
  batchSize: number,
  padId: number,
  rngFor: (epoch: number) => Rng,
): (epoch: number) => Iterable<SeqClsBatch> {
  const lengths = data.items.map((e) => e.ids.length);
  return function* (epoch: number) {
    const rng = rngFor(epoch);
    for (const idx of bucketedBatches(lengths, batchSize, (xs) => rng.shuffle(xs))) {
      yield {
        ...padBatch(
          idx.map((i) => data.items[i]!),
          padId,
        ),
        labels: idx.map((i) => data.targets[i]!),
      };
    }
  };
}

/** Logits of every example (input order). */
export async function seqClsLogits(
  model: InferModel,
  items: readonly Encoded[],
  padId: number,
  batchSize = 32,
  onBatch?: (done: number) => void,
): Promise<number[][]> {
  return inferBatches(model, items, padId, batchSize, async (out) => rows2d(out.logits!), onBatch);
}

/** Predicted class of every example. */
export function predictedClasses(logits: readonly number[][]): number[] {
  return logits.map((l) => argmax(l));
}
