/**
 * HF `TokenClassificationPipeline` ("ner"): per token `{entity, score, index, word, start, end}`,
 * or grouped `{entity_group, score, word, start, end}` by HF's aggregation strategies.
 */

import type { AlbertTokenizer } from '@albert-ts/tokenizer';
import * as tf from '@tensorflow/tfjs-core';
import type { AlbertForTokenClassification } from '../token-classification.js';
import { pipelineError, softmax, take } from './common.js';
import { argmax, batchSizeOf, chunks, labelOf, modelMaxLength, opt, tokensToString } from './task-common.js';

/** HF's `aggregation_strategy`: how sub-word tokens are merged into words and entities. */
export type AggregationStrategy = 'none' | 'simple' | 'first' | 'average' | 'max';

/** One token of the `token-classification` pipeline without aggregation, with HF's fields. */
export interface TokenEntity {
  entity: string;
  score: number;
  /** Token index in the encoded sequence ([CLS] = 0). */
  index: number;
  /** The token (sentencepiece piece, e.g. "▁new"; the text itself for `<unk>`), as HF. */
  word: string;
  start: number;
  end: number;
}

/**
 * One entity of the `token-classification` pipeline with aggregation, with HF's fields
 * (`entity_group`).
 */
export interface EntityGroup {
  entity_group: string;
  score: number;
  /** HF `convert_tokens_to_string` of the group's tokens (of its words for first/average/max). */
  word: string;
  start: number;
  end: number;
}

/** Call options of the `token-classification` ("ner") pipeline, HF's names or camelCase. */
export interface TokenClassificationPipelineOptions {
  /** HF `aggregation_strategy` (default 'none'). */
  aggregationStrategy?: AggregationStrategy;
  aggregation_strategy?: AggregationStrategy;
  /** HF `ignore_labels` (default `['O']`). */
  ignoreLabels?: string[];
  ignore_labels?: string[];
  batchSize?: number;
  batch_size?: number;
}

interface PreEntity {
  word: string;
  scores: number[];
  start: number;
  end: number;
  index: number;
  isSubword: boolean;
}

interface WordEntity {
  entity: string;
  score: number;
  word: string;
  start: number;
  end: number;
}

/** HF `gather_pre_entities` for a tokenizer without word ids (its fallback heuristic). */
function gatherPreEntities(
  tok: AlbertTokenizer,
  text: string,
  ids: number[],
  mask: number[],
  offsets: Array<[number, number]>,
  scores: number[][],
  special: Set<number>,
): PreEntity[] {
  const out: PreEntity[] = [];
  ids.forEach((id, i) => {
    const [start, end] = offsets[i]!;
    // HF's special_tokens_mask: the added [CLS]/[SEP] (offsets [0, 0]); padding by the mask.
    if (mask[i] === 0 || (special.has(id) && start === 0 && end === 0)) return;
    let word = tok.convertIdsToTokens(id);
    let isSubword = start > 0 && !text.slice(start - 1, start + 1).includes(' ');
    if (id === tok.unkTokenId) {
      word = text.slice(start, end);
      isSubword = false;
    }
    out.push({ word, scores: scores[i]!, start, end, index: i, isSubword });
  });
  return out;
}

function aggregateWord(
  tok: AlbertTokenizer,
  model: AlbertForTokenClassification,
  group: PreEntity[],
  how: AggregationStrategy,
): WordEntity {
  const word = tokensToString(
    tok,
    group.map((e) => e.word),
  );
  let scores: number[];
  if (how === 'first') scores = group[0]!.scores;
  else if (how === 'max') {
    let best = group[0]!;
    for (const e of group) if (Math.max(...e.scores) > Math.max(...best.scores)) best = e;
    scores = best.scores;
  } else {
    scores = group[0]!.scores.map((_, j) => group.reduce((s, e) => s + e.scores[j]!, 0) / group.length);
  }
  const idx = argmax(scores);
  return {
    entity: labelOf(model, idx),
    score: scores[idx]!,
    word,
    start: group[0]!.start,
    end: group[group.length - 1]!.end,
  };
}

function tagOf(name: string): [string, string] {
  if (name.startsWith('B-')) return ['B', name.slice(2)];
  if (name.startsWith('I-')) return ['I', name.slice(2)];
  return ['I', name];
}

/** HF `group_entities`: adjacent entities of one tag merged unless the next starts with B-. */
function groupEntities(tok: AlbertTokenizer, entities: WordEntity[]): EntityGroup[] {
  const groups: EntityGroup[] = [];
  let cur: WordEntity[] = [];
  const close = () => {
    const first = cur[0]!;
    const name = first.entity.includes('-')
      ? first.entity.slice(first.entity.indexOf('-') + 1)
      : first.entity;
    groups.push({
      entity_group: name,
      score: cur.reduce((s, e) => s + e.score, 0) / cur.length,
      word: tokensToString(
        tok,
        cur.map((e) => e.word),
      ),
      start: first.start,
      end: cur[cur.length - 1]!.end,
    });
  };
  for (const e of entities) {
    if (cur.length === 0) {
      cur.push(e);
      continue;
    }
    const [bi, tag] = tagOf(e.entity);
    const [, lastTag] = tagOf(cur[cur.length - 1]!.entity);
    if (tag === lastTag && bi !== 'B') cur.push(e);
    else {
      close();
      cur = [e];
    }
  }
  if (cur.length > 0) close();
  return groups;
}

/** HF's `aggregate` + `ignore_labels` filter for one text. */
export function aggregateEntities(
  tok: AlbertTokenizer,
  model: AlbertForTokenClassification,
  pre: PreEntity[],
  how: AggregationStrategy,
  ignore: string[],
): TokenEntity[] | EntityGroup[] {
  const ignored = new Set(ignore);
  if (how === 'none' || how === 'simple') {
    const entities = pre.map((p) => {
      const idx = argmax(p.scores);
      return {
        entity: labelOf(model, idx),
        score: p.scores[idx]!,
        index: p.index,
        word: p.word,
        start: p.start,
        end: p.end,
      };
    });
    if (how === 'none') return entities.filter((e) => !ignored.has(e.entity));
    return groupEntities(tok, entities).filter((g) => !ignored.has(g.entity_group));
  }
  const words: WordEntity[] = [];
  let group: PreEntity[] | null = null;
  for (const p of pre) {
    if (group === null) group = [p];
    else if (p.isSubword) group.push(p);
    else {
      words.push(aggregateWord(tok, model, group, how));
      group = [p];
    }
  }
  if (group !== null) words.push(aggregateWord(tok, model, group, how));
  return groupEntities(tok, words).filter((g) => !ignored.has(g.entity_group));
}

export async function runTokenClassification(
  model: AlbertForTokenClassification,
  tok: AlbertTokenizer,
  inputs: string | string[],
  opts: TokenClassificationPipelineOptions = {},
): Promise<Array<TokenEntity | EntityGroup> | Array<Array<TokenEntity | EntityGroup>>> {
  const single = !Array.isArray(inputs);
  const texts = single ? [inputs] : inputs;
  const how = opt<AggregationStrategy>(opts, 'aggregationStrategy', 'aggregation_strategy') ?? 'none';
  if (!['none', 'simple', 'first', 'average', 'max'].includes(how))
    throw pipelineError(
      `token-classification: unknown aggregation_strategy ${JSON.stringify(how)}`,
      'INVALID_OPTION',
    );
  const ignore = opt<string[]>(opts, 'ignoreLabels', 'ignore_labels') ?? ['O'];
  const special = new Set([tok.clsTokenId, tok.sepTokenId]);
  const maxLength = modelMaxLength(model, tok);
  const results: Array<Array<TokenEntity | EntityGroup>> = [];
  for (const part of chunks(texts, batchSizeOf(opts))) {
    const batch = tok.batch(part, { padding: 'longest', truncation: true, maxLength, returnOffsets: true });
    const out = model.call(batch);
    const logits = await take<number[][][]>(out.logits);
    tf.dispose(out);
    part.forEach((text, b) => {
      const scores = logits[b]!.map((row) => softmax(row));
      const pre = gatherPreEntities(
        tok,
        text,
        batch.inputIds[b]!,
        batch.attentionMask[b]!,
        batch.offsets![b]!,
        scores,
        special,
      );
      results.push(aggregateEntities(tok, model, pre, how, ignore));
    });
  }
  return single ? results[0]! : results;
}
