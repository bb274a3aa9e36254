import {
  type AlignedWords,
  type ChoiceInput,
  type EncodedInput,
  padChoiceInputs,
  type TaskInputs,
  type TaskKind,
} from '@albert-ts/heads';
import { type CollatedBatch, collateWithPadding, type EncodedExample } from '../data-collator.js';
import { Rng } from '../rng.js';

/**
 * Shuffled batches of similar-length examples (less padding): shuffle, cut into pools of 50
 * batches, sort each pool by length, cut into batches, shuffle the batch order.
 */
export function bucketedBatches(
  lengths: readonly number[],
  batchSize: number,
  shuffle: <T>(xs: T[]) => T[],
): number[][] {
  const order = shuffle(Array.from({ length: lengths.length }, (_, i) => i));
  const pool = batchSize * 50;
  const out: number[][] = [];
  for (let p = 0; p < order.length; p += pool) {
    // A stable sort on length alone: equal lengths keep their shuffled order (an index tiebreak
    // would group examples by their position in the source, e.g. by label).
    const chunk = order.slice(p, p + pool).sort((a, b) => lengths[a]! - lengths[b]!);
    for (let i = 0; i < chunk.length; i += batchSize) out.push(chunk.slice(i, i + batchSize));
  }
  return shuffle(out);
}

/** Options of fine-tuning batches: batch size, pad id, and the seed of each epoch's order. */
export interface TaskBatchOptions {
  batchSize: number;
  padTokenId: number;
  /** Seeds the order of epoch `e` (default `${seed}:finetune:${e}`), so a resumed run finds its place. */
  seed: number | string;
  /** The Rng of an epoch, when the seed string is not enough (e.g. a demo's own naming). */
  rngFor?: (epoch: number) => Rng;
}

/** A task batch as a head model's `call` takes it (`[B, C, S]` inputs for multiple choice). */
export type TaskBatch = CollatedBatch | (ReturnType<typeof padChoiceInputs> & { labels: number[] });

function lengthOf(kind: TaskKind, x: EncodedInput | ChoiceInput): number {
  if (kind === 'multiple-choice')
    return Math.max(...(x as ChoiceInput).options.map((e) => e.inputIds.length));
  return (x as EncodedInput).inputIds.length;
}

function collate(
  kind: TaskKind,
  xs: ReadonlyArray<EncodedInput | ChoiceInput>,
  padTokenId: number,
): TaskBatch {
  if (kind === 'multiple-choice') {
    const cs = xs as readonly ChoiceInput[];
    return {
      ...padChoiceInputs(
        cs.map((c) => c.options),
        padTokenId,
      ),
      labels: cs.map((c) => c.labels),
    };
  }
  if (kind === 'token-classification') {
    // Only the model's fields: `wordStarts` is for reading predictions back.
    const rows = (xs as readonly AlignedWords[]).map(({ inputIds, tokenTypeIds, labels }) => ({
      inputIds,
      tokenTypeIds,
      labels,
    }));
    return collateWithPadding(rows, { padTokenId, tokenClassification: true });
  }
  return collateWithPadding(xs as unknown as readonly EncodedExample[], { padTokenId });
}

/** `(epoch) → batches` of any task's inputs: shuffled per epoch from a seed, bucketed by length. */
export function taskBatches<K extends TaskKind>(
  kind: K,
  inputs: readonly TaskInputs[K][],
  o: TaskBatchOptions,
): (epoch: number) => Iterable<TaskBatch> {
  const lengths = inputs.map((x) => lengthOf(kind, x));
  const rngFor = o.rngFor ?? ((e: number) => new Rng(`${o.seed}:finetune:${e}`));
  return function* (epoch: number) {
    const rng = rngFor(epoch);
    for (const idx of bucketedBatches(lengths, o.batchSize, (xs) => rng.shuffle(xs))) {
      yield collate(
        kind,
        idx.map((i) => inputs[i]!),
        o.padTokenId,
      );
    }
  };
}
