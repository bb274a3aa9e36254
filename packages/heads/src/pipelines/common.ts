import {
  AlbertBody,
  AlbertError,
  type AlbertErrorCode,
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

/** A pipeline's refusal: bad inputs (default), or `'INVALID_OPTION'` for a bad option value. */
export function pipelineError(msg: string, code: AlbertErrorCode = 'INVALID_INPUT'): AlbertError {
  return new AlbertError(code, msg);
}

/**
 * The encoder of any ALBERT model: `model.albert`, the name `AlbertModel` and every head model use;
 * undefined for anything else (a subclass of AlbertPreTrainedModel outside this library may lack one).
 */
export function encoderOf(model: unknown): AlbertBody | undefined {
  if (model instanceof AlbertPreTrainedModel && 'albert' in model && model.albert instanceof AlbertBody) {
    return model.albert;
  }
  return undefined;
}

/** {@link encoderOf}, refusing a model without an encoder. */
export function bodyOf(model: AlbertPreTrainedModel): AlbertBody {
  if (!(model instanceof AlbertPreTrainedModel)) throw pipelineError('pipeline: expected an ALBERT model');
  const body = encoderOf(model);
  if (!body) throw pipelineError(`pipeline: ${model.architecture} has no encoder (model.albert)`);
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
