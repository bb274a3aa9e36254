import { type AlbertInputs, prepareEncoderInputs } from '@albert-ts/core';
import * as tf from '@tensorflow/tfjs-core';
import type { AlbertForMaskedLM } from '../masked-lm.js';
import type { AlbertForPreTraining } from '../pretraining.js';
import { bodyOf, encodeBatch, maxLen, type PipelineTokenizer, pipelineError, take } from './common.js';

/** One vocabulary prediction at a masked position: the token id and its probability. */
export interface MaskPrediction {
  /** Vocabulary id of the predicted token. */
  token: number;
  /** Softmax probability over the vocabulary. */
  score: number;
}

/**
 * One prediction of `fillMask`, as HF's fill-mask pipeline (`token_str`, `sequence`) in camelCase.
 */
export interface FillMaskPrediction extends MaskPrediction {
  /** The token's piece (e.g. "▁paris"). */
  tokenStr: string;
  /** The input with this token in place of the mask, decoded without special tokens. */
  sequence: string;
}

/** A model with an MLM head, which `fillMask` and `predictMasked` can run. */
export type MlmModel = AlbertForMaskedLM | AlbertForPreTraining;

/**
 * Top-k vocabulary predictions at given positions of given ids (the decoding step of
 * `fillMask`). Only the masked rows go through the vocabulary projection.
 */
export async function predictMasked(
  model: MlmModel,
  inputs: AlbertInputs,
  positions: Array<[batch: number, token: number]>,
  topK = 5,
): Promise<MaskPrediction[][]> {
  if (positions.length === 0) return [];
  const k = Math.max(1, Math.min(topK, model.config.vocabSize));
  const [values, indices] = tf.tidy(() => {
    const enc = prepareEncoderInputs(model.config, inputs);
    const [B, S] = enc.inputIds.shape;
    for (const [b, s] of positions) {
      if (!(b >= 0 && b < B && s >= 0 && s < S))
        throw pipelineError(`predictMasked: position [${b}, ${s}] outside [${B}, ${S}]`);
    }
    const h = bodyOf(model).forward(enc).lastHiddenState;
    const rows = tf.gather(
      tf.reshape(h, [B * S, -1]),
      tf.tensor1d(
        positions.map(([b, s]) => b * S + s),
        'int32',
      ),
    );
    const probs = tf.softmax(model.head.predictions.forward(rows));
    const top = tf.topk(probs, k);
    return [top.values, top.indices];
  });
  const v = await take<number[][]>(values);
  const ix = await take<number[][]>(indices);
  return v.map((row, p) => row.map((score, j) => ({ token: ix[p][j], score })));
}

/**
 * HF fill-mask: for each `[MASK]` in `text`, the `topK` most likely tokens with their
 * probabilities, piece strings and the completed sequence. Returns one list per mask.
 */
export async function fillMask(
  model: MlmModel,
  tokenizer: PipelineTokenizer,
  text: string,
  opts: { topK?: number } = {},
): Promise<FillMaskPrediction[][]> {
  const [enc] = encodeBatch(tokenizer, [text], maxLen(model));
  const masks = enc.inputIds.flatMap((id, i) => (id === tokenizer.maskTokenId ? [i] : []));
  if (masks.length === 0)
    throw pipelineError(`fillMask: no mask token (id ${tokenizer.maskTokenId}) in the input`);
  const preds = await predictMasked(
    model,
    { inputIds: [enc.inputIds], attentionMask: [enc.attentionMask], tokenTypeIds: [enc.tokenTypeIds] },
    masks.map((m) => [0, m] as [number, number]),
    opts.topK ?? 5,
  );
  return preds.map((list, p) =>
    list.map(({ token, score }) => {
      const ids = enc.inputIds.slice();
      ids[masks[p]] = token;
      return {
        token,
        score,
        tokenStr: tokenizer.convertIdsToTokens(token),
        sequence: tokenizer.decode(ids, { skipSpecialTokens: true }),
      };
    }),
  );
}
