import * as tf from '@tensorflow/tfjs-core';
import type { AlbertForSequenceClassification } from '../sequence-classification.js';
import { encodeBatch, maxLen, type PipelineTokenizer, sigmoid, softmax, take } from './common.js';

/** A label and its score (probability after `functionToApply`). */
export interface LabelScore {
  label: string;
  score: number;
}

/** Options of `classify`, as HF's text-classification pipeline `top_k` and `function_to_apply`. */
export interface ClassifyOptions {
  /** How many labels per input, best first (default 1; `null` = all). */
  topK?: number | null;
  /** Default as HF: sigmoid for multi-label or a single label, softmax otherwise. */
  functionToApply?: 'softmax' | 'sigmoid' | 'none';
}

/** A sentence pair (HF `{"text": ..., "text_pair": ...}`). */
export interface TextPair {
  text: string;
  textPair: string;
}

/**
 * HF text classification of one text, a pair `{text, textPair}`, or an array of them (a batch):
 * labels (from the config's `id2label`) with scores, best first.
 */
export async function classify(
  model: AlbertForSequenceClassification,
  tokenizer: PipelineTokenizer,
  input: string | TextPair,
  opts?: ClassifyOptions,
): Promise<LabelScore[]>;
export async function classify(
  model: AlbertForSequenceClassification,
  tokenizer: PipelineTokenizer,
  input: Array<string | TextPair>,
  opts?: ClassifyOptions,
): Promise<LabelScore[][]>;
export async function classify(
  model: AlbertForSequenceClassification,
  tokenizer: PipelineTokenizer,
  input: string | TextPair | Array<string | TextPair>,
  opts: ClassifyOptions = {},
): Promise<LabelScore[] | LabelScore[][]> {
  const single = !Array.isArray(input);
  const list = (single ? [input] : input) as Array<string | TextPair>;
  const encs = encodeBatch(
    tokenizer,
    list.map((x) => (typeof x === 'string' ? x : ([x?.text, x?.textPair] as [string, string]))),
    maxLen(model),
  );
  const out = model.call({
    inputIds: encs.map((e) => e.inputIds),
    attentionMask: encs.map((e) => e.attentionMask),
    tokenTypeIds: encs.map((e) => e.tokenTypeIds),
  });
  const logits = await take<number[][]>(out.logits);
  tf.dispose(out);
  const cfg = model.config;
  const fn =
    opts.functionToApply ??
    (cfg.problemType === 'multi_label_classification' || cfg.numLabels === 1 ? 'sigmoid' : 'softmax');
  const k = opts.topK === null ? cfg.numLabels : (opts.topK ?? 1);
  const res = logits.map((row) => {
    const s = fn === 'softmax' ? softmax(row) : fn === 'sigmoid' ? row.map(sigmoid) : row;
    return s
      .map((score, i) => ({ label: cfg.id2label[i] ?? `LABEL_${i}`, score }))
      .sort((a, b) => b.score - a.score)
      .slice(0, k);
  });
  return single ? res[0] : res;
}
