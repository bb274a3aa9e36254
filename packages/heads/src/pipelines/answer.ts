import * as tf from '@tensorflow/tfjs-core';
import type { AlbertForQuestionAnswering } from '../question-answering.js';
import { maxLen, type PipelineTokenizer, pipelineError, take } from './common.js';
import { paddedInputs } from './padded-inputs.js';

/** A candidate answer span in token indices and its score `p_start * p_end` (softmax probabilities). */
export interface SpanScore {
  /** Token indices, inclusive. */
  start: number;
  end: number;
  score: number;
}

/** One answer of `answer`: the text cut from the context, its score and character offsets. */
export interface AnswerResult {
  /** `context.slice(start, end)`. */
  answer: string;
  score: number;
  /** Character offsets in the original context. */
  start: number;
  end: number;
}

/** Options of `answer` (extractive QA), as HF's question-answering pipeline arguments. */
export interface AnswerOptions {
  topK?: number;
  /** Longest answer in tokens (HF default 15). */
  maxAnswerLength?: number;
  /** Window length in tokens, question included (HF default 384, capped by the model). */
  maxSeqLength?: number;
  /** Tokens shared by consecutive windows of a long context (HF `doc_stride`, default 128). */
  docStride?: number;
  /** Question tokens kept (HF default 64). */
  maxQuestionLength?: number;
}

/**
 * HF's span decoding for one window: logits of tokens that cannot be in an answer are set to
 * -10000 (`allowed[i] = false`, except `keepInSoftmax` such as [CLS]); softmax over start and end;
 * `[CLS]` (index 0) zeroed; the best `start <= end < start + maxAnswerLength` by
 * `p_start * p_end`, over tokens allowed in an answer.
 */
export function bestSpans(
  startLogits: ArrayLike<number>,
  endLogits: ArrayLike<number>,
  allowed: ArrayLike<boolean>,
  opts: { topK?: number; maxAnswerLength?: number; keepInSoftmax?: number[] } = {},
): SpanScore[] {
  const n = startLogits.length;
  const keep = new Set(opts.keepInSoftmax ?? [0]);
  const prob = (logits: ArrayLike<number>) => {
    const z = Array.from({ length: n }, (_, i) => (allowed[i] || keep.has(i) ? logits[i] : -10000));
    const m = Math.max(...z);
    const e = z.map((x) => Math.exp(x - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / s);
  };
  const ps = prob(startLogits);
  const pe = prob(endLogits);
  const maxLen = opts.maxAnswerLength ?? 15;
  const out: SpanScore[] = [];
  for (let i = 1; i < n; i++) {
    if (!allowed[i]) continue;
    for (let j = i; j < Math.min(n, i + maxLen); j++) {
      if (allowed[j]) out.push({ start: i, end: j, score: ps[i] * pe[j] });
    }
  }
  out.sort((a, b) => b.score - a.score);
  return out.slice(0, opts.topK ?? 1);
}

/**
 * HF question answering: the context is split into overlapping windows
 * (`[CLS] question [SEP] context-window [SEP]`), spans are scored per window (`bestSpans`) and
 * the best are cut from the ORIGINAL context through the tokenizer's offsets.
 */
export async function answer(
  model: AlbertForQuestionAnswering,
  tokenizer: PipelineTokenizer,
  input: { question: string; context: string },
  opts: AnswerOptions = {},
): Promise<AnswerResult[]> {
  const { question, context } = input ?? ({} as { question: string; context: string });
  if (typeof question !== 'string' || typeof context !== 'string') {
    throw pipelineError('answer: expected {question: string, context: string}');
  }
  const seqLen = maxLen(model, opts.maxSeqLength ?? 384);
  const q = tokenizer
    .encode(question, null, { addSpecialTokens: false })
    .inputIds.slice(0, opts.maxQuestionLength ?? 64);
  const c = tokenizer.encode(context, null, { addSpecialTokens: false, returnOffsets: true });
  const room = seqLen - q.length - 3;
  if (room < 1) throw pipelineError(`answer: the question leaves no room for context in ${seqLen} tokens`);
  const stride = Math.min(opts.docStride ?? 128, room - 1);
  const windows: number[] = [];
  for (let s = 0; ; s += room - stride) {
    windows.push(s);
    if (s + room >= c.inputIds.length) break;
  }
  const ctxStart = q.length + 2;
  const rows = windows.map((s) => {
    const part = c.inputIds.slice(s, s + room);
    const ids = [tokenizer.clsTokenId, ...q, tokenizer.sepTokenId, ...part, tokenizer.sepTokenId];
    const types = ids.map((_, i) => (i < ctxStart ? 0 : 1));
    return { s, ids, types, n: part.length };
  });
  const { length: L, ...inputs } = paddedInputs(rows, tokenizer.padTokenId);
  const out = model.call(inputs);
  const starts = await take<number[][]>(out.startLogits);
  const ends = await take<number[][]>(out.endLogits);
  tf.dispose(out);
  const best = new Map<string, AnswerResult>();
  rows.forEach((r, w) => {
    const allowed = Array.from({ length: L }, (_, i) => i >= ctxStart && i < ctxStart + r.n);
    const spans = bestSpans(starts[w], ends[w], allowed, {
      topK: opts.topK ?? 1,
      maxAnswerLength: opts.maxAnswerLength,
    });
    for (const sp of spans) {
      const a = c.offsets![r.s + sp.start - ctxStart][0];
      const b = c.offsets![r.s + sp.end - ctxStart][1];
      const key = `${a}:${b}`;
      if (!best.has(key) || best.get(key)!.score < sp.score)
        best.set(key, { answer: context.slice(a, b), score: sp.score, start: a, end: b });
    }
  });
  return [...best.values()].sort((x, y) => y.score - x.score).slice(0, opts.topK ?? 1);
}
