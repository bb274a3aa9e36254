/** The CHAR and WORD model types of sentencepiece (`char_model.cc`, `word_model.cc`). */
import { ONE_CHAR_LEN } from '../utf8.js';
import type { Vocab } from '../vocab.js';
import type { Segmentation, SegmentationModel } from './segmentation.js';
import { isSpaceSymbolAt, prefixMatch } from './symbols.js';

export class CharModel implements SegmentationModel {
  constructor(private readonly vocab: Vocab) {}

  encode(norm: Uint8Array, n: number, out: Segmentation): void {
    out.reset(0);
    for (let pos = 0; pos < n; ) {
      const [l] = prefixMatch(this.vocab, norm, pos, n);
      out.push(this.vocab.bytesToId(norm, pos, pos + l), pos);
      pos += l;
    }
    out.finish(n);
  }
}

export class WordModel implements SegmentationModel {
  constructor(
    private readonly vocab: Vocab,
    private readonly treatWsAsSuffix: boolean,
    private readonly allowWsOnlyPieces: boolean,
  ) {}

  encode(norm: Uint8Array, n: number, out: Segmentation): void {
    out.reset(0);
    const begins = splitIntoWords(norm, n, this.treatWsAsSuffix, this.allowWsOnlyPieces);
    for (let k = 0; k < begins.length; k++) {
      const b = begins[k]!;
      const e = k + 1 < begins.length ? begins[k + 1]! : n;
      out.push(this.vocab.bytesToId(norm, b, e), b);
    }
    out.finish(n);
  }
}

/** sentencepiece's `SplitIntoWords`: the start offsets of the words. */
export function splitIntoWords(norm: Uint8Array, n: number, suffix: boolean, allowWsOnly: boolean): number[] {
  const begins: number[] = [];
  let inWs = false;
  if (suffix) {
    if (n > 0) begins.push(0);
    for (let pos = 0; pos < n; ) {
      const mblen = Math.min(ONE_CHAR_LEN[norm[pos]! >> 4]!, n - pos);
      const isWs = mblen === 3 && isSpaceSymbolAt(norm, pos, n);
      if (isWs) inWs = true;
      else if (inWs) {
        if (allowWsOnly) begins.push(pos);
        inWs = false;
      }
      pos += mblen;
      if (pos < n && isWs && !allowWsOnly) begins.push(pos);
    }
  } else {
    for (let pos = 0; pos < n; ) {
      const mblen = Math.min(ONE_CHAR_LEN[norm[pos]! >> 4]!, n - pos);
      const isWs = mblen === 3 && isSpaceSymbolAt(norm, pos, n);
      if (pos === 0 || (isWs && (!inWs || !allowWsOnly))) {
        begins.push(pos);
        inWs = true;
      }
      if (inWs && !isWs) inWs = false;
      pos += mblen;
    }
  }
  return begins;
}
