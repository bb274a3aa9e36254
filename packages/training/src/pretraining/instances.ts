import type { Rng } from '../rng.js';

/** A sentence pair before masking. */
export interface RawInstance {
  /** `[CLS] A [SEP] B [SEP]` as ids. */
  ids: number[];
  /** 0 for `[CLS] A [SEP]`, 1 for `B [SEP]`. */
  segmentIds: number[];
  /** Index of the [SEP] after segment A. */
  firstSep: number;
  /** SOP label: true when A and B are in swapped order (or B is random, see `singleSegment`). */
  isRandomNext: boolean;
}

/**
 * Options of `createInstancesFromDocument`: sequence length, short-sequence probability, and how
 * single-segment chunks are split.
 */
export interface InstanceOptions {
  maxSeqLength: number;
  shortSeqProb: number;
  /**
   * What to do with a chunk of a single segment (one long sentence, or the last sentence of a
   * document). `'split'` (default): cut it at a random token into A and B, so A/B always come from
   * the same document and the SOP label is exactly "swapped". `'randomDocument'`: the reference's
   * behaviour, B from a random other document with label 1.
   */
  singleSegment: 'split' | 'randomDocument';
  clsTokenId: number;
  sepTokenId: number;
}

/**
 * `create_instances_from_document` of ALBERT's create_pretraining_data.py (sentence-order
 * prediction, `random_next_sentence = False`): sentences are packed into chunks up to a target
 * length (`maxSeqLength − 3`, or with probability `shortSeqProb` a random length in [2, max]),
 * each chunk is cut into A and B at a random sentence boundary, and A/B are swapped with
 * probability 0.5 (label 1). Pairs are truncated as `truncate_seq_pair` does.
 */
export function createInstancesFromDocument(
  documents: readonly (readonly number[][])[],
  documentIndex: number,
  opts: InstanceOptions,
  rng: Rng,
): RawInstance[] {
  const document = documents[documentIndex];
  const maxNumTokens = opts.maxSeqLength - 3;
  let targetSeqLength = maxNumTokens;
  if (rng.random() < opts.shortSeqProb) targetSeqLength = rng.randint(2, maxNumTokens);

  const instances: RawInstance[] = [];
  let chunk: number[][] = [];
  let length = 0;
  let i = 0;
  while (i < document.length) {
    const segment = document[i];
    chunk.push(segment);
    length += segment.length;
    if (i === document.length - 1 || length >= targetSeqLength) {
      if (chunk.length > 0) {
        const pair = makePair(chunk, documents, documentIndex, targetSeqLength, opts, rng);
        if (pair) {
          truncateSeqPair(pair.a, pair.b, maxNumTokens, rng);
          if (pair.a.length >= 1 && pair.b.length >= 1)
            instances.push(assemble(pair.a, pair.b, pair.isRandomNext, opts));
        }
      }
      chunk = [];
      length = 0;
    }
    i += 1;
  }
  return instances;
}

function makePair(
  chunk: number[][],
  documents: readonly (readonly number[][])[],
  documentIndex: number,
  targetSeqLength: number,
  opts: InstanceOptions,
  rng: Rng,
): { a: number[]; b: number[]; isRandomNext: boolean } | null {
  if (chunk.length === 1) {
    const only = chunk[0];
    if (opts.singleSegment === 'split') {
      if (only.length < 2) return null;
      const cut = rng.randint(1, only.length - 1);
      const a = only.slice(0, cut);
      const b = only.slice(cut);
      return rng.random() < 0.5 ? { a: b, b: a, isRandomNext: true } : { a, b, isRandomNext: false };
    }
    // Reference behaviour: B from a random other document.
    const a = only.slice();
    const targetB = targetSeqLength - a.length;
    let r = documentIndex;
    for (let k = 0; k < 10; k++) {
      r = rng.randint(0, documents.length - 1);
      if (r !== documentIndex) break;
    }
    const doc = documents[r];
    const b: number[] = [];
    for (let j = rng.randint(0, doc.length - 1); j < doc.length; j++) {
      b.push(...doc[j]);
      if (b.length >= targetB) break;
    }
    return { a, b, isRandomNext: true };
  }
  const aEnd = rng.randint(1, chunk.length - 1);
  const a = chunk.slice(0, aEnd).flat();
  const b = chunk.slice(aEnd).flat();
  // Sentence-order prediction: swap with probability 0.5 (label 1 = swapped).
  if (rng.random() < 0.5) return { a: b, b: a, isRandomNext: true };
  return { a, b, isRandomNext: false };
}

/** `truncate_seq_pair`: trim the longer side, from the front or the back at random. */
export function truncateSeqPair(a: number[], b: number[], maxNumTokens: number, rng: Rng): void {
  while (a.length + b.length > maxNumTokens) {
    const t = a.length > b.length ? a : b;
    if (rng.random() < 0.5) t.shift();
    else t.pop();
  }
}

function assemble(a: number[], b: number[], isRandomNext: boolean, opts: InstanceOptions): RawInstance {
  const ids = [opts.clsTokenId, ...a, opts.sepTokenId, ...b, opts.sepTokenId];
  const segmentIds = new Array<number>(ids.length).fill(0);
  for (let k = a.length + 2; k < ids.length; k++) segmentIds[k] = 1;
  return { ids, segmentIds, firstSep: a.length + 1, isRandomNext };
}
