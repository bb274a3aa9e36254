import type { AlbertTokenizer } from '@albert-ts/tokenizer';
import { argmax } from '../pipelines/task-common.js';
import { logitsInOrder, type TaskModel } from './task-inference.js';
import type { AlignedWords, WordPooling } from './task-types.js';

/**
 * Tokenises each word on its own (ALBERT's SentencePiece never joins pieces across spaces, so this
 * equals tokenising the sentence) and labels the first piece of each word, as HF's token
 * classification examples do. Words that produce no piece (e.g. characters the model maps to
 * nothing) get `<unk>` so that every word keeps a position. Words past `maxLength` are cut.
 * With `labelAll`, every piece of a word carries the word's label (HF's `label_all_tokens`), so
 * that a word's later pieces (often its suffix) learn its tag too; see `wordTags` 'mean'.
 * `cache` (word → piece ids) spares re-tokenising frequent words.
 */
export function alignWords(
  tok: AlbertTokenizer,
  words: readonly string[],
  tags: readonly number[] | null,
  maxLength: number,
  cache: Map<string, number[]> = new Map(),
  labelAll = false,
): AlignedWords {
  const ids = [tok.clsTokenId];
  const labels = [-100];
  const wordStarts: number[] = [];
  const room = maxLength - 1;
  for (let w = 0; w < words.length; w++) {
    let pieces = cache.get(words[w]!);
    if (!pieces) {
      pieces = tok.convertTokensToIds(tok.tokenize(words[w]!));
      if (pieces.length === 0) pieces = [tok.unkTokenId];
      cache.set(words[w]!, pieces);
    }
    if (ids.length + pieces.length > room) {
      for (let r = w; r < words.length; r++) wordStarts.push(-1);
      break;
    }
    wordStarts.push(ids.length);
    ids.push(...pieces);
    const label = tags ? tags[w]! : 0;
    labels.push(label);
    for (let k = 1; k < pieces.length; k++) labels.push(labelAll ? label : -100);
  }
  ids.push(tok.sepTokenId);
  labels.push(-100);
  return { inputIds: ids, tokenTypeIds: new Array<number>(ids.length).fill(0), labels, wordStarts };
}

/**
 * One sentence's word tags from its `[position][label]` logits; a word cut by truncation gets -1
 * (counted as wrong by a caller, never silently dropped). 'first' reads the first piece's logits
 * (HF's convention, as trained by default); 'mean' sums the log-probabilities of all the word's
 * pieces (for models trained with every piece labelled, see `alignWords`).
 */
export function wordTags(
  item: Pick<AlignedWords, 'inputIds' | 'wordStarts'>,
  logits: readonly number[][],
  pooling: WordPooling,
): number[] {
  const starts = item.wordStarts;
  // A word's pieces run to the next word's first piece, or to [SEP] (the last position).
  const sep = item.inputIds.length - 1;
  return starts.map((p, w) => {
    if (p < 0) return -1;
    if (pooling === 'first') return argmax(logits[p]!);
    const next = starts[w + 1];
    const end = next !== undefined && next >= 0 ? next : sep;
    const sum = new Array<number>(logits[p]!.length).fill(0);
    for (let q = p; q < end; q++) {
      const row = logits[q]!;
      const m = Math.max(...row);
      const lse = m + Math.log(row.reduce((s, x) => s + Math.exp(x - m), 0));
      for (let c = 0; c < row.length; c++) sum[c]! += row[c]! - lse;
    }
    return argmax(sum);
  });
}

/** Every sentence's word tags (input order), read with `pooling` from batched, length-sorted logits. */
export async function predictWordTags(
  model: TaskModel,
  items: readonly AlignedWords[],
  padId: number,
  o: { batchSize?: number; wordPooling?: WordPooling; onProgress?: (done: number) => void } = {},
): Promise<number[][]> {
  const logits = await logitsInOrder<number[][]>(model, items, padId, o.batchSize ?? 32, o.onProgress);
  return items.map((item, i) => wordTags(item, logits[i]!, o.wordPooling ?? 'first'));
}
