/**
 * HF `QuestionAnsweringPipeline`: `{score, start, end, answer}`. The context is cut into windows
 * (`max_seq_len`, `doc_stride`); per window HF's `select_starts_ends` + `decode_spans`; answers
 * are cut from the original context (aligned to whole words by default, `align_to_words`).
 */

import type { AlbertTokenizer } from '@albert-ts/tokenizer';
import * as tf from '@tensorflow/tfjs-core';
import type { AlbertForQuestionAnswering } from '../question-answering.js';
import { pipelineError, take } from './common.js';
import { paddedInputs } from './padded-inputs.js';
import { batchSizeOf, chunks, opt } from './task-common.js';

/** One input of the `question-answering` pipeline, as HF's `{question, context}`. */
export interface QuestionAnsweringInput {
  question: string;
  context: string;
}

/** One answer of the `question-answering` pipeline, with HF's fields. */
export interface AnswerOutput {
  score: number;
  /** Character offsets in the context; `answer === context.slice(start, end)`. */
  start: number;
  end: number;
  answer: string;
}

/**
 * Call options of the `question-answering` pipeline (`top_k`, `max_answer_len`, `max_seq_len`,
 * `doc_stride`...), HF's names or camelCase.
 */
export interface QuestionAnsweringPipelineOptions {
  /** HF `top_k` (default 1: one answer object; more: a list, best first). */
  topK?: number;
  top_k?: number;
  /** HF `max_answer_len` in tokens (default 15). */
  maxAnswerLen?: number;
  max_answer_len?: number;
  /** HF `max_seq_len` (default min(384, model_max_length), also bounded by the model). */
  maxSeqLen?: number;
  max_seq_len?: number;
  /** HF `doc_stride` (default min(max_seq_len / 2, 128)). */
  docStride?: number;
  doc_stride?: number;
  /** HF `max_question_len` (default 64 tokens; the question is cut to it). */
  maxQuestionLen?: number;
  max_question_len?: number;
  /** HF `handle_impossible_answer`: also score the empty answer (`[CLS]`). */
  handleImpossibleAnswer?: boolean;
  handle_impossible_answer?: boolean;
  /** HF `align_to_words` (default true): spans grow to whole whitespace-separated words. */
  alignToWords?: boolean;
  align_to_words?: boolean;
  batchSize?: number;
  batch_size?: number;
}

/** A span `decodeSpans` kept: start and end token indices (inclusive) and its probability. */
export interface DecodedSpan {
  start: number;
  end: number;
  score: number;
}

/**
 * HF `select_starts_ends` + `decode_spans` on one window. `allowed[i]`: token i may be in an
 * answer (HF `1 - p_mask`, [CLS] included, & attention mask). Logits of other tokens -> -10000;
 * softmax; the null score `p_start[0] * p_end[0]`; [CLS] zeroed; the `topK` best
 * `start <= end <= start + maxAnswerLen - 1` by `p_start * p_end` over ALL pairs, then those whose
 * start and end are allowed are kept (HF's order of operations).
 */
export function decodeSpans(
  startLogits: ArrayLike<number>,
  endLogits: ArrayLike<number>,
  allowed: ArrayLike<boolean>,
  topK = 1,
  maxAnswerLen = 15,
): { spans: DecodedSpan[]; nullScore: number } {
  const n = startLogits.length;
  const prob = (logits: ArrayLike<number>) => {
    const z = Array.from({ length: n }, (_, i) => (allowed[i] ? logits[i]! : -10000));
    const m = Math.max(...z);
    const e = z.map((x) => Math.exp(x - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / s);
  };
  const ps = prob(startLogits);
  const pe = prob(endLogits);
  const nullScore = ps[0]! * pe[0]!;
  ps[0] = 0;
  pe[0] = 0;
  const k = Math.max(1, topK);
  const band = (i: number, j: number) => (j >= i && j - i <= maxAnswerLen - 1 ? ps[i]! * pe[j]! : 0);
  // The positive scores, best first (row-major order on ties, as numpy's argmax; the sort is stable),
  // then, only when top_k reaches past them, the zero-score pairs in row-major order.
  const ranked: DecodedSpan[] = [];
  for (let i = 0; i < n; i++)
    for (let j = i; j < Math.min(n, i + maxAnswerLen); j++) {
      const score = band(i, j);
      if (score > 0) ranked.push({ start: i, end: j, score });
    }
  ranked.sort((a, b) => b.score - a.score);
  for (let i = 0; i < n && ranked.length < k; i++)
    for (let j = 0; j < n && ranked.length < k; j++)
      if (band(i, j) === 0) ranked.push({ start: i, end: j, score: 0 });
  const spans = ranked.slice(0, k).filter((c) => allowed[c.start] && allowed[c.end]);
  return { spans, nullScore };
}

/** The whitespace-separated word of `text` around `[a, b)`, HF's `word_to_chars` of the tokens' words. */
function alignToWords(text: string, a: number, b: number): [number, number] {
  const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);
  let s = a;
  while (s < b && isSpace(text[s])) s++;
  while (s > 0 && !isSpace(text[s - 1])) s--;
  let e = b;
  while (e < text.length && !isSpace(text[e])) e++;
  return [s, e];
}

interface Window {
  example: number;
  ids: number[];
  types: number[];
  /** Token index in the window -> offsets in the context, for context tokens. */
  offsets: Array<[number, number] | null>;
}

function windowsOf(
  tok: AlbertTokenizer,
  ex: QuestionAnsweringInput,
  example: number,
  seqLen: number,
  stride: number | undefined,
  maxQuestionLen: number,
): Window[] {
  const q = tok.encode(ex.question, null, { addSpecialTokens: false }).inputIds.slice(0, maxQuestionLen);
  const c = tok.encode(ex.context, null, { addSpecialTokens: false, returnOffsets: true });
  const room = seqLen - q.length - 3;
  if (room < 1)
    throw pipelineError(`question-answering: the question leaves no room for context in ${seqLen} tokens`);
  const step = room - Math.min(stride ?? Math.min(Math.floor(seqLen / 2), 128), room - 1);
  const out: Window[] = [];
  for (let s = 0; ; s += step) {
    const part = c.inputIds.slice(s, s + room);
    const ids = [tok.clsTokenId, ...q, tok.sepTokenId, ...part, tok.sepTokenId];
    const types = ids.map((_, i) => (i < q.length + 2 ? 0 : 1));
    const offsets: Array<[number, number] | null> = ids.map((_, i) => {
      const k = i - q.length - 2;
      return k >= 0 && k < part.length ? c.offsets![s + k]! : null;
    });
    out.push({ example, ids, types, offsets });
    if (s + room >= c.inputIds.length) break;
  }
  return out;
}

export async function runQuestionAnswering(
  model: AlbertForQuestionAnswering,
  tok: AlbertTokenizer,
  inputs: QuestionAnsweringInput | QuestionAnsweringInput[],
  opts: QuestionAnsweringPipelineOptions = {},
): Promise<AnswerOutput | AnswerOutput[] | Array<AnswerOutput | AnswerOutput[]>> {
  const single = !Array.isArray(inputs);
  const list = single ? [inputs] : inputs;
  list.forEach((x, i) => {
    if (!x || typeof x.question !== 'string' || typeof x.context !== 'string')
      throw pipelineError(`question-answering: inputs[${i}] must be {question: string, context: string}`);
  });
  const topK = opt<number>(opts, 'topK', 'top_k') ?? 1;
  const maxAnswerLen = opt<number>(opts, 'maxAnswerLen', 'max_answer_len') ?? 15;
  const seqLen = Math.min(
    opt<number>(opts, 'maxSeqLen', 'max_seq_len') ?? Math.min(384, tok.modelMaxLength),
    model.config.maxPositionEmbeddings,
  );
  const stride = opt<number>(opts, 'docStride', 'doc_stride');
  const impossible = opt<boolean>(opts, 'handleImpossibleAnswer', 'handle_impossible_answer') ?? false;
  const align = opt<boolean>(opts, 'alignToWords', 'align_to_words') ?? true;
  const maxQ = opt<number>(opts, 'maxQuestionLen', 'max_question_len') ?? 64;
  const windows = list.flatMap((ex, i) => windowsOf(tok, ex, i, seqLen, stride, maxQ));
  const answers: AnswerOutput[][] = list.map(() => []);
  const nullScores = list.map(() => 1_000_000);
  for (const part of chunks(windows, batchSizeOf(opts))) {
    const { length: L, ...inputs } = paddedInputs(part, tok.padTokenId);
    const out = model.call(inputs);
    const starts = await take<number[][]>(out.startLogits);
    const ends = await take<number[][]>(out.endLogits);
    tf.dispose(out);
    part.forEach((w, b) => {
      // HF p_mask: 0 for context tokens and [CLS]; padding excluded by the attention mask.
      const allowed = Array.from({ length: L }, (_, i) => i === 0 || w.offsets[i] != null);
      const { spans, nullScore } = decodeSpans(starts[b]!, ends[b]!, allowed, topK, maxAnswerLen);
      if (impossible) nullScores[w.example] = Math.min(nullScores[w.example]!, nullScore);
      const context = list[w.example]!.context;
      for (const sp of spans) {
        // [CLS] (kept allowed, its score zeroed) has offsets (0, 0) and no word, as in HF.
        const a = w.offsets[sp.start];
        const z = w.offsets[sp.end];
        let [s, e] = [a ? a[0] : 0, z ? z[1] : 0];
        if (align && a && z) [s, e] = alignToWords(context, s, e);
        answers[w.example]!.push({ score: sp.score, start: s, end: e, answer: context.slice(s, e) });
      }
    });
  }
  const results = answers.map((list, i) => {
    if (impossible) list.push({ score: nullScores[i]!, start: 0, end: 0, answer: '' });
    const best = list.sort((x, y) => y.score - x.score).slice(0, topK);
    return best.length === 1 ? best[0]! : best;
  });
  return single ? results[0]! : results;
}
