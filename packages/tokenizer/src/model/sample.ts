/** Subword regularization entry: unigram sampling or BPE-dropout, by model type. */
import { TokenizerError } from '../errors.js';
import type { Vocab } from '../vocab.js';
import { BpeModel } from './bpe.js';
import type { Segmentation, SegmentationModel } from './segmentation.js';
import { UnigramModel } from './unigram.js';
import { sampleUnigram } from './unigram-sample.js';

/** Options of subword regularization (`sampleEncodeAsIds` / `sampleEncodeAsPieces`). */
export interface SampleOptions {
  /** Unigram: inverse temperature (sentencepiece's alpha); BPE: dropout probability. Default 0.1. */
  alpha?: number;
  /** Uniform random numbers in [0, 1). Default Math.random. */
  random?: () => number;
}

export function sampleSegmentation(
  model: SegmentationModel,
  vocab: Vocab,
  norm: Uint8Array,
  n: number,
  out: Segmentation,
  sample: SampleOptions,
  what: string,
): void {
  const alpha = sample.alpha ?? 0.1;
  const random = sample.random ?? Math.random;
  if (typeof alpha !== 'number' || !Number.isFinite(alpha) || typeof random !== 'function') {
    throw new TokenizerError(
      'INVALID_OPTION',
      `${what}: alpha must be a finite number and random a function`,
    );
  }
  if (model instanceof UnigramModel) sampleUnigram(vocab, norm, n, alpha, random, out);
  else if (model instanceof BpeModel) model.encode(norm, n, out, { alpha, random });
  else throw new TokenizerError('MODEL_UNSUPPORTED', `${what}: sampling needs a unigram or BPE model`);
}
