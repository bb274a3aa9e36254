import { checkNumber, invalidOption, TrainingError } from '../errors.js';
import type { TrainDataset } from '../trainer/types.js';
import { createPretrainingExamples } from './examples.js';
import type { PretrainingTokenizer } from './tokenizer.js';
import type {
  DocumentSource,
  PretrainingBatch,
  PretrainingDatasetOptions,
  PretrainingExample,
} from './types.js';

/** Stacks examples into a batch. */
export function collatePretraining(examples: readonly PretrainingExample[]): PretrainingBatch {
  if (examples.length === 0) throw new TrainingError('INVALID_INPUT', 'collatePretraining: no examples');
  return {
    inputIds: examples.map((e) => e.inputIds),
    attentionMask: examples.map((e) => e.attentionMask),
    tokenTypeIds: examples.map((e) => e.tokenTypeIds),
    labels: examples.map((e) => e.labels),
    sentenceOrderLabel: examples.map((e) => e.sentenceOrderLabel),
  };
}

/**
 * Pretraining batches for the Trainer: epoch `e` streams the documents again and builds examples
 * with seed `randomSeed + e` (new segments and masks each epoch, deterministic, so a resumed run
 * regenerates exactly the batches it had not consumed yet). `documents` must be re-readable: an
 * array, or a function returning a fresh (async) iterable each call (e.g. `() => readDocuments(path)`).
 */
export function pretrainingDataset(
  documents: DocumentSource | (() => DocumentSource),
  tokenizer: PretrainingTokenizer,
  opts: PretrainingDatasetOptions,
): TrainDataset<PretrainingBatch> {
  const batchSize = checkNumber('batchSize', opts?.batchSize, { min: 1, integer: true });
  const seed = opts.randomSeed ?? 12345;
  if (typeof seed !== 'number') throw invalidOption('randomSeed', 'a number (epochs add to it)', seed);
  const dropLast = opts.dropLast ?? true;
  const open = typeof documents === 'function' ? documents : () => documents;
  return {
    async *batches(epoch: number) {
      let buf: PretrainingExample[] = [];
      for await (const ex of createPretrainingExamples(open(), tokenizer, {
        ...opts,
        randomSeed: seed + epoch,
      })) {
        buf.push(ex);
        if (buf.length === batchSize) {
          yield collatePretraining(buf);
          buf = [];
        }
      }
      if (buf.length > 0 && !dropLast) yield collatePretraining(buf);
    },
  };
}
