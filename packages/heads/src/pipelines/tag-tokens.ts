import * as tf from '@tensorflow/tfjs-core';
import type { AlbertForTokenClassification } from '../token-classification.js';
import { encodeBatch, maxLen, type PipelineTokenizer, softmax, take } from './common.js';

/** One tagged token (or merged entity) of `tagTokens`: label, score, text and character offsets. */
export interface TokenTag {
  /** Label of the token (`aggregation: 'none'`) or entity group without its B-/I- prefix ('simple'). */
  entity: string;
  score: number;
  /** The text covered, cut from the input via offsets. */
  word: string;
  /** Character offsets in the input. */
  start: number;
  end: number;
  /** Token index in the encoded sequence ('none' only). */
  index?: number;
}

/**
 * Options of `tagTokens`: aggregation and labels to leave out, as HF's token-classification
 * pipeline.
 */
export interface TagOptions {
  /** 'none' (default): one entry per token; 'simple': adjacent tokens of one entity merged (mean score). */
  aggregation?: 'none' | 'simple';
  /** Labels left out of the result (HF default `['O']`). */
  ignoreLabels?: string[];
}

/** HF token classification ("ner"): a label and score for each (sub-word) token of `text`. */
export async function tagTokens(
  model: AlbertForTokenClassification,
  tokenizer: PipelineTokenizer,
  text: string,
  opts: TagOptions = {},
): Promise<TokenTag[]> {
  const [enc] = encodeBatch(tokenizer, [text], maxLen(model), { returnOffsets: true });
  const out = model.call({
    inputIds: [enc.inputIds],
    attentionMask: [enc.attentionMask],
    tokenTypeIds: [enc.tokenTypeIds],
  });
  const logits = (await take<number[][][]>(out.logits))[0];
  tf.dispose(out);
  const ignore = new Set(opts.ignoreLabels ?? ['O']);
  const special = new Set([tokenizer.clsTokenId, tokenizer.sepTokenId, tokenizer.padTokenId]);
  const tags: TokenTag[] = [];
  enc.inputIds.forEach((id, i) => {
    if (special.has(id) || enc.attentionMask[i] === 0) return;
    const p = softmax(logits[i]);
    let best = 0;
    for (let j = 1; j < p.length; j++) if (p[j] > p[best]) best = j;
    const [start, end] = enc.offsets![i];
    const entity = model.config.id2label[best] ?? `LABEL_${best}`;
    tags.push({ entity, score: p[best], word: text.slice(start, end), start, end, index: i });
  });
  if ((opts.aggregation ?? 'none') === 'none') return tags.filter((t) => !ignore.has(t.entity));
  const groups: TokenTag[] = [];
  let cur: { tag: TokenTag; scores: number[] } | null = null;
  const base = (e: string) => e.replace(/^[BI]-/, '');
  for (const t of tags) {
    const e = base(t.entity);
    if (cur && base(cur.tag.entity) === e && !t.entity.startsWith('B-')) {
      cur.tag.end = t.end;
      cur.scores.push(t.score);
      continue;
    }
    if (cur) groups.push(close(cur, text));
    cur = { tag: { entity: e, score: t.score, word: '', start: t.start, end: t.end }, scores: [t.score] };
  }
  if (cur) groups.push(close(cur, text));
  return groups.filter((g) => !ignore.has(g.entity));
}

function close(g: { tag: TokenTag; scores: number[] }, text: string): TokenTag {
  const t = g.tag;
  return {
    entity: t.entity,
    score: g.scores.reduce((a, b) => a + b, 0) / g.scores.length,
    word: text.slice(t.start, t.end).trim(),
    start: t.start,
    end: t.end,
  };
}
