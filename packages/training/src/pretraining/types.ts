import type * as tf from '@tensorflow/tfjs-core';

// The pretraining vocabulary: documents, options, examples, batches, outputs and metrics.

/** A document: running text (split with `splitSentences`) or its sentences. */
export type PretrainingDocument = string | readonly string[];

/** Documents, streamed: any (async) iterable — read lazily, never held whole. */
export type DocumentSource = Iterable<PretrainingDocument> | AsyncIterable<PretrainingDocument>;

/** Options, named and defaulted as the flags of ALBERT's create_pretraining_data.py. */
export interface PretrainingDataOptions {
  /** Default 512. */
  maxSeqLength?: number;
  /** Default 0.1. */
  shortSeqProb?: number;
  /** Default 0.15. */
  maskedLmProb?: number;
  /** Default 20. */
  maxPredictionsPerSeq?: number;
  /** Longest masked n-gram in words. Default 3. */
  ngram?: number;
  /** Passes over each document (with different segments and masks). Default 40. */
  dupeFactor?: number;
  /** Default 12345. */
  randomSeed?: number | string;
  /** Default true. */
  doWholeWordMask?: boolean;
  /** Default true: p(n) ∝ 1/n. */
  favorShorterNgram?: boolean;
  /** See `InstanceOptions.singleSegment`. Default 'split'. */
  singleSegment?: 'split' | 'randomDocument';
  /**
   * Documents held in memory at once (the reference holds the whole corpus). Each full buffer is
   * shuffled and turned into `dupeFactor` rounds of examples, each round shuffled, before the
   * next documents are read. Default 1000.
   */
  documentBufferSize?: number;
}

/** One pretraining example in the layout `AlbertForPreTraining.call` takes. */
export interface PretrainingExample {
  /** `[CLS] A [SEP] B [SEP]`, masked, padded with the pad id to `maxSeqLength`. */
  inputIds: number[];
  attentionMask: number[];
  tokenTypeIds: number[];
  /** The original id at masked positions, -100 elsewhere (HF convention). */
  labels: number[];
  /** 0 = A then B in document order, 1 = swapped. */
  sentenceOrderLabel: number;
  /** Unpadded length. */
  length: number;
  maskedLmPositions: number[];
  maskedLmIds: number[];
  tokenBoundary: number[];
  /** The n drawn (p(n) ∝ 1/n) for each masked n-gram; see `MaskedLmPredictions.ngramSizes`. */
  maskedNgramSizes: number[];
  /** Whole words actually masked per n-gram (≤ its size); see `MaskedLmPredictions.ngramLengths`. */
  maskedNgramLengths: number[];
}

/** `PretrainingDataOptions` with every field set (see `resolvePretrainingDataOptions`). */
export type ResolvedPretrainingDataOptions = Required<PretrainingDataOptions>;

/** A batch in the layout `AlbertForPreTraining.call` takes (nested arrays; the model makes tensors). */
export interface PretrainingBatch {
  inputIds: number[][];
  attentionMask: number[][];
  tokenTypeIds: number[][];
  labels: number[][];
  sentenceOrderLabel: number[];
}

export interface PretrainingDatasetOptions extends PretrainingDataOptions {
  batchSize: number;
  /** Drop a last batch smaller than `batchSize` (default true: every update sees full batches). */
  dropLast?: boolean;
}

/**
 * What `evaluatePretraining` measures: total, MLM and SOP losses, MLM and SOP accuracy, over
 * `examples` examples.
 */
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

/** Outputs of the gathered pretraining forward. */
export interface GatheredPretrainingOutput {
  /** MLM logits at the masked positions only, `[M, V]`, in row-major (batch, position) order. */
  mlmLogits: tf.Tensor2D;
  /** Their target ids, `[M]`. */
  mlmTargets: tf.Tensor1D;
  sopLogits: tf.Tensor2D;
  mlmLoss: tf.Scalar;
  sopLoss: tf.Scalar;
  loss: tf.Scalar;
}
