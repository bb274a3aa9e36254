import {
  type AlbertBody,
  AlbertError,
  type AlbertModel,
  AlbertPreTrainedModel,
  type EncoderInputs,
} from '@albert-ts/core';
import type { AlbertTokenizer, EncodeOptions, Encoding } from '@albert-ts/tokenizer';
import type * as tf from '@tensorflow/tfjs-core';

/** What the pipelines need from a tokenizer (`AlbertTokenizer` has it all). */
export type PipelineTokenizer = Pick<
  AlbertTokenizer,
  'encode' | 'decode' | 'convertIdsToTokens' | 'clsTokenId' | 'sepTokenId' | 'padTokenId' | 'maskTokenId'
>;

export function pipelineError(msg: string): AlbertError {
  return new AlbertError('INVALID_INPUT', msg);
}

/** The encoder of any model: `AlbertModel` (its body) or a head model (`albert`). */
export function bodyOf(model: AlbertPreTrainedModel): AlbertBody {
  if (!(model instanceof AlbertPreTrainedModel)) throw pipelineError('pipeline: expected an ALBERT model');
  const m = model as unknown as { body?: AlbertBody; albert?: AlbertBody };
  const body = m.albert ?? m.body;
  if (!body) throw pipelineError(`pipeline: ${model.architecture} has no encoder`);
  return body;
}

/** Longest sequence the model takes (position embeddings), also bounded by the caller's limit. */
export function maxLen(model: AlbertPreTrainedModel | AlbertModel, limit?: number): number {
  return Math.min(limit ?? Number.POSITIVE_INFINITY, model.config.maxPositionEmbeddings);
}

/** Encodes texts (or pairs), truncated to the model's length, padded to the longest. */
export function encodeBatch(
  tokenizer: PipelineTokenizer,
  inputs: Array<string | [string, string]>,
  maxLength: number,
  extra: EncodeOptions = {},
): Encoding[] {
  const encs = inputs.map((x) =>
    Array.isArray(x)
      ? tokenizer.encode(x[0], x[1], { maxLength, truncation: 'longest_first', ...extra })
      : tokenizer.encode(x, null, { maxLength, truncation: 'longest_first', ...extra }),
  );
  const L = Math.max(...encs.map((e) => e.inputIds.length));
  for (const e of encs) {
    while (e.inputIds.length < L) {
      e.inputIds.push(tokenizer.padTokenId);
      e.attentionMask.push(0);
      e.tokenTypeIds.push(0);
      e.offsets?.push([0, 0]);
    }
  }
  return encs;
}

/** Batch tensors for `call` from encodings. */
export function toModelInputs(encs: Encoding[]): {
  inputIds: number[][];
  attentionMask: number[][];
  tokenTypeIds: number[][];
} {
  return {
    inputIds: encs.map((e) => e.inputIds),
    attentionMask: encs.map((e) => e.attentionMask),
    tokenTypeIds: encs.map((e) => e.tokenTypeIds),
  };
}

export function softmax(xs: ArrayLike<number>): number[] {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < xs.length; i++) m = Math.max(m, xs[i]);
  const e = Array.from(xs, (x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Reads a tensor into nested arrays and disposes it. */
export async function take<T>(t: tf.Tensor): Promise<T> {
  try {
    return (await t.array()) as T;
  } finally {
    t.dispose();
  }
}

export type { EncoderInputs };
