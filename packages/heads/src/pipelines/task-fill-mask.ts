/** HF `FillMaskPipeline`: `{score, token, token_str, sequence}` per mask, best first. */
import type { AlbertTokenizer } from '@albert-ts/tokenizer';
import type { AlbertForMaskedLM } from '../masked-lm.js';
import type { AlbertForPreTraining } from '../pretraining.js';
import { pipelineError } from './common.js';
import { predictMasked } from './fill-mask.js';
import { batchSizeOf, chunks, modelMaxLength, opt } from './task-common.js';

/** One result of the `fill-mask` pipeline, with HF's field names. */
export interface FillMaskOutput {
  score: number;
  token: number;
  /** The token decoded (`tokenizer.decode([token])`, e.g. "paris", not the piece "▁paris"). */
  token_str: string;
  /** The input with the token in place of its mask, decoded (special tokens skipped for a single mask). */
  sequence: string;
}

/**
 * Call options of the `fill-mask` pipeline (`top_k`, `targets`, batch size), HF's names or
 * camelCase.
 */
export interface FillMaskPipelineOptions {
  /** HF `top_k` (default 5). */
  topK?: number;
  top_k?: number;
  /** Only score these words (HF `targets`): a vocabulary piece, else the first token of the word. */
  targets?: string | string[];
  batchSize?: number;
  batch_size?: number;
}

/** One text: a flat list for one mask, a list per mask for several. A list of texts: one such result each. */
export type FillMaskResult = FillMaskOutput[] | FillMaskOutput[][];

function targetIds(tok: AlbertTokenizer, targets: string | string[]): number[] {
  const list = typeof targets === 'string' ? [targets] : targets;
  const ids = list.map((t) => {
    const id = tok.convertTokensToIds(t);
    if (id !== tok.unkTokenId || t === tok.unkToken) return id;
    const first = tok.tokenize(t)[0];
    if (first === undefined) throw pipelineError(`fill-mask: target ${JSON.stringify(t)} has no token`);
    return tok.convertTokensToIds(first);
  });
  return [...new Set(ids)];
}

export async function runFillMask(
  model: AlbertForMaskedLM | AlbertForPreTraining,
  tok: AlbertTokenizer,
  inputs: string | string[],
  opts: FillMaskPipelineOptions = {},
): Promise<FillMaskResult | FillMaskResult[]> {
  const single = !Array.isArray(inputs);
  const texts = single ? [inputs] : inputs;
  const targets = opts.targets === undefined ? null : targetIds(tok, opts.targets);
  let topK = opt<number>(opts, 'topK', 'top_k') ?? 5;
  if (targets) topK = Math.min(topK, targets.length);
  const maxLength = modelMaxLength(model, tok);
  const results: FillMaskResult[] = [];
  for (const part of chunks(texts, batchSizeOf(opts))) {
    const batch = tok.batch(part, { padding: 'longest', truncation: true, maxLength });
    const positions: Array<[number, number]> = [];
    const masksOf = batch.inputIds.map((ids, b) => {
      const m = ids.flatMap((id, i) => (id === tok.maskTokenId ? [i] : []));
      if (m.length === 0)
        throw pipelineError(
          `fill-mask: no mask token (${tok.maskToken}) in input ${JSON.stringify(part[b])}`,
        );
      for (const i of m) positions.push([b, i]);
      return m;
    });
    const k = targets ? model.config.vocabSize : topK;
    const preds = await predictMasked(model, batch, positions, k);
    let p = 0;
    batch.inputIds.forEach((ids, b) => {
      const masks = masksOf[b]!;
      const one = masks.length === 1;
      const perMask = masks.map((pos) => {
        let list = preds[p++]!;
        if (targets) list = list.filter((q) => targets.includes(q.token)).slice(0, topK);
        return list.map(({ token, score }) => {
          const filled = ids.slice();
          filled[pos] = token;
          const kept = filled.filter((id) => id !== tok.padTokenId); // HF drops every pad id
          return {
            score,
            token,
            token_str: tok.decode([token]),
            sequence: tok.decode(kept, { skipSpecialTokens: one }),
          };
        });
      });
      results.push(one ? perMask[0]! : perMask);
    });
  }
  return single ? results[0]! : results;
}
