import * as tf from '@tensorflow/tfjs-core';
import {
  createPretrainingExamples,
  type DocumentSource,
  type PretrainingDataOptions,
  type PretrainingExample,
} from '../data/pretraining.js';
import type { PretrainingTokenizer } from '../data/tokenizer.js';
import { checkNumber, invalidOption, TrainingError } from '../errors.js';
import { pretrainingForward } from './pretraining-loss.js';
import type { TrainableModel, TrainDataset } from './types.js';

/** Whether the model has AlbertForPreTraining's parts (encoder + MLM/SOP heads) for the gathered path. */
function isGatherable(m: TrainableModel): m is Parameters<typeof pretrainingForward>[0] {
  const x = m as {
    albert?: { forward?: unknown };
    head?: { predictions?: unknown; sop_classifier?: unknown };
  };
  return typeof x.albert?.forward === 'function' && !!x.head?.predictions && !!x.head?.sop_classifier;
}

/** A batch in the layout `AlbertForPreTraining.call` takes (nested arrays; the model makes tensors). */
export interface PretrainingBatch {
  inputIds: number[][];
  attentionMask: number[][];
  tokenTypeIds: number[][];
  labels: number[][];
  sentenceOrderLabel: number[];
}

/** Stacks examples into a batch. */
export function collatePretraining(examples: readonly PretrainingExample[]): PretrainingBatch {
  if (examples.length === 0) throw new TrainingError('BAD_INPUT', 'collatePretraining: no examples');
  return {
    inputIds: examples.map((e) => e.inputIds),
    attentionMask: examples.map((e) => e.attentionMask),
    tokenTypeIds: examples.map((e) => e.tokenTypeIds),
    labels: examples.map((e) => e.labels),
    sentenceOrderLabel: examples.map((e) => e.sentenceOrderLabel),
  };
}

export interface PretrainingDatasetOptions extends PretrainingDataOptions {
  batchSize: number;
  /** Drop a last batch smaller than `batchSize` (default true: every update sees full batches). */
  dropLast?: boolean;
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

export interface PretrainingMetrics {
  loss: number;
  mlmLoss: number;
  sopLoss: number;
  /** Accuracy of the MLM predictions at masked positions. */
  mlmAccuracy: number;
  /** Accuracy of the sentence-order predictions. */
  sopAccuracy: number;
  examples: number;
}

/**
 * Evaluates an `AlbertForPreTraining` (MLM head on masked positions only, see
 * `pretrainingForward`) or any model whose `call` returns `predictionLogits`, `sopLogits`,
 * `mlmLoss`, `sopLoss`, on batches, with dropout off. Losses are example-weighted means over
 * batches (MLM: weighted by masked tokens).
 */
export async function evaluatePretraining(
  model: TrainableModel,
  batches: Iterable<PretrainingBatch> | AsyncIterable<PretrainingBatch>,
): Promise<PretrainingMetrics> {
  let mlmLoss = 0;
  let sopLoss = 0;
  let masked = 0;
  let mlmRight = 0;
  let sopRight = 0;
  let n = 0;
  for await (const batch of batches) {
    const [ml, sl, mr, sr, mc] = tf.tidy(() => {
      let mlmHits: tf.Tensor;
      let count: tf.Tensor;
      let out: { sopLogits: tf.Tensor; mlmLoss?: tf.Tensor; sopLoss?: tf.Tensor };
      if (isGatherable(model)) {
        // MLM head on the masked positions only (same losses, much cheaper than all positions).
        const g = pretrainingForward(model, batch, { training: false });
        mlmHits = tf.sum(tf.cast(tf.equal(tf.argMax(g.mlmLogits, -1), g.mlmTargets), 'float32'));
        count = tf.scalar(g.mlmTargets.size);
        out = g;
      } else {
        const o = model.call(batch, { training: false });
        const labels = tf.tensor2d(batch.labels, undefined, 'int32');
        const valid = tf.notEqual(labels, -100);
        const pred = tf.argMax(o.predictionLogits as tf.Tensor, -1);
        mlmHits = tf.sum(tf.cast(tf.logicalAnd(valid, tf.equal(pred, labels)), 'float32'));
        count = tf.sum(tf.cast(valid, 'float32'));
        out = o;
      }
      const sopPred = tf.argMax(out.sopLogits, -1);
      const sopTargets = tf.tensor1d(batch.sentenceOrderLabel, 'int32');
      const sopHits = tf.sum(tf.cast(tf.equal(sopPred, sopTargets), 'float32'));
      return [out.mlmLoss as tf.Scalar, out.sopLoss as tf.Scalar, mlmHits, sopHits, count];
    });
    const [mlv, slv, mrv, srv, mcv] = await Promise.all(
      [ml, sl, mr, sr, mc].map(async (t) => (await t.data())[0]),
    );
    for (const t of [ml, sl, mr, sr, mc]) t.dispose();
    const b = batch.sentenceOrderLabel.length;
    mlmLoss += mlv * mcv;
    masked += mcv;
    sopLoss += slv * b;
    mlmRight += mrv;
    sopRight += srv;
    n += b;
  }
  if (n === 0) throw new TrainingError('BAD_INPUT', 'evaluatePretraining: no batches');
  const mlm = masked > 0 ? mlmLoss / masked : 0;
  return {
    loss: mlm + sopLoss / n,
    mlmLoss: mlm,
    sopLoss: sopLoss / n,
    mlmAccuracy: masked > 0 ? mlmRight / masked : 0,
    sopAccuracy: sopRight / n,
    examples: n,
  };
}
