/** Shared pieces of the HF-shaped `pipeline()` tasks. */
import type { AlbertPreTrainedModel } from '@albert-ts/core';
import type { AlbertTokenizer } from '@albert-ts/tokenizer';
import { pipelineError } from './common.js';

/** HF's `model_max_length` of the tokenizer, bounded by the model's position embeddings. */
export function modelMaxLength(model: AlbertPreTrainedModel, tok: AlbertTokenizer): number {
  return Math.min(tok.modelMaxLength, model.config.maxPositionEmbeddings);
}

/** `batchSize` (HF `batch_size`, default 8): how many inputs share one forward pass. */
export function batchSizeOf(opts: { batchSize?: number; batch_size?: number }): number {
  const n = opts.batchSize ?? opts.batch_size ?? 8;
  if (!Number.isInteger(n) || n < 1)
    throw pipelineError(`pipeline: batchSize must be a positive integer, got ${n}`, 'INVALID_OPTION');
  return n;
}

/** Consecutive slices of `xs` of at most `n` items. */
export function chunks<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** Index of the largest value (the first on ties, as numpy's argmax). */
export function argmax(xs: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] > xs[best]) best = i;
  return best;
}

/** The label of class `i` (`id2label`, else HF's `LABEL_i`). */
export function labelOf(model: AlbertPreTrainedModel, i: number): string {
  return model.config.id2label[i] ?? `LABEL_${i}`;
}

/**
 * HF `convert_tokens_to_string` of the ALBERT tokenizer: the pieces through sentencepiece's
 * decoder (U+2581 -> space, the first space dropped), then stripped.
 */
export function tokensToString(tok: AlbertTokenizer, tokens: string[]): string {
  return tok.sp.decodePieces(tokens).trim();
}

/** Reads `camel ?? snake` from options: both HF's snake_case name and the camelCase one work. */
export function opt<T>(o: object, camel: string, snake: string): T | undefined {
  const r = o as Record<string, unknown>;
  return (r[camel] !== undefined ? r[camel] : r[snake]) as T | undefined;
}
