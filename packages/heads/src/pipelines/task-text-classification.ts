/** HF `TextClassificationPipeline`: `{label, score}` with `top_k` and `function_to_apply`. */

import type { AlbertTokenizer } from '@albert-ts/tokenizer';
import * as tf from '@tensorflow/tfjs-core';
import type { AlbertForSequenceClassification } from '../sequence-classification.js';
import { pipelineError, sigmoid, softmax, take } from './common.js';
import { argmax, batchSizeOf, chunks, labelOf, modelMaxLength, opt } from './task-common.js';

/** One label of the `text-classification` pipeline and its score. */
export interface LabelScoreOutput {
  label: string;
  score: number;
}

/** A text, or a pair as HF's `{text, text_pair}` (`textPair` also accepted). */
export type TextClassificationInput = string | { text: string; text_pair?: string; textPair?: string };

/**
 * Call options of the `text-classification` pipeline (`top_k`, `function_to_apply`, batch size),
 * HF's names or camelCase.
 */
export interface TextClassificationPipelineOptions {
  /**
   * HF `top_k`. Not given: the best label per input (`[{label, score}]` for one text, one object
   * per text for a list - HF's legacy shape). A number: that many labels, best first, as a list
   * per input. `null`: all labels, best first.
   */
  topK?: number | null;
  top_k?: number | null;
  /** HF `function_to_apply`; default by `problem_type`/`num_labels` as HF (see README). */
  functionToApply?: 'softmax' | 'sigmoid' | 'none';
  function_to_apply?: 'softmax' | 'sigmoid' | 'none';
  batchSize?: number;
  batch_size?: number;
}

/** HF's default `function_to_apply` for a config. */
export function defaultFunctionToApply(
  model: AlbertForSequenceClassification,
): 'softmax' | 'sigmoid' | 'none' {
  const { problemType, numLabels } = model.config;
  if (problemType === 'regression') return 'none';
  if (problemType === 'multi_label_classification' || numLabels === 1) return 'sigmoid';
  if (problemType === 'single_label_classification' || numLabels > 1) return 'softmax';
  return 'none';
}

function split(x: TextClassificationInput, i: number): [string, string | null] {
  if (typeof x === 'string') return [x, null];
  if (x && typeof x === 'object' && typeof x.text === 'string') {
    const pair = x.text_pair ?? x.textPair ?? null;
    if (pair !== null && typeof pair !== 'string')
      throw pipelineError(`text-classification: inputs[${i}].text_pair must be a string`);
    return [x.text, pair];
  }
  throw pipelineError(`text-classification: inputs[${i}] must be a string or {text, text_pair}`);
}

export async function runTextClassification(
  model: AlbertForSequenceClassification,
  tok: AlbertTokenizer,
  inputs: TextClassificationInput | TextClassificationInput[],
  opts: TextClassificationPipelineOptions = {},
): Promise<LabelScoreOutput[] | LabelScoreOutput | Array<LabelScoreOutput | LabelScoreOutput[]>> {
  const single = !Array.isArray(inputs);
  const list = (single ? [inputs] : inputs) as TextClassificationInput[];
  const legacy = !('topK' in opts) && !('top_k' in opts);
  const topK = legacy ? 1 : opt<number | null>(opts, 'topK', 'top_k');
  const fn =
    opt<'softmax' | 'sigmoid' | 'none'>(opts, 'functionToApply', 'function_to_apply') ??
    defaultFunctionToApply(model);
  if (!['softmax', 'sigmoid', 'none'].includes(fn))
    throw pipelineError(
      `text-classification: unknown function_to_apply ${JSON.stringify(fn)}`,
      'INVALID_OPTION',
    );
  const maxLength = modelMaxLength(model, tok);
  const out: Array<LabelScoreOutput | LabelScoreOutput[]> = [];
  for (const part of chunks(list.map(split), batchSizeOf(opts))) {
    // Texts with and without a pair may share a batch: encoded one by one, padded together.
    const rows = part.map(([a, b]) => tok.encode(a, b, { truncation: 'longest_first', maxLength }));
    const L = Math.max(...rows.map((r) => r.inputIds.length));
    const padded = (xs: number[], v: number) => [...xs, ...Array(L - xs.length).fill(v)];
    const logitsT = model.call({
      inputIds: rows.map((r) => padded(r.inputIds, tok.padTokenId)),
      attentionMask: rows.map((r) => padded(r.attentionMask, 0)),
      tokenTypeIds: rows.map((r) => padded(r.tokenTypeIds, 0)),
    });
    const logits = await take<number[][]>(logitsT.logits);
    tf.dispose(logitsT);
    for (const row of logits) {
      const scores = fn === 'softmax' ? softmax(row) : fn === 'sigmoid' ? row.map(sigmoid) : row;
      if (legacy) {
        const best = argmax(scores);
        out.push({ label: labelOf(model, best), score: scores[best]! });
        continue;
      }
      const all = scores.map((score, i) => ({ label: labelOf(model, i), score }));
      all.sort((a, b) => b.score - a.score);
      out.push(topK === null || topK === undefined ? all : all.slice(0, topK));
    }
  }
  if (single) return legacy ? [out[0] as LabelScoreOutput] : (out[0] as LabelScoreOutput[]);
  return out;
}
