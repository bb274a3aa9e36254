/** Shared helpers for the symbol-based models (BPE, char, word). */
import { ONE_CHAR_LEN, SPACE_BYTES } from '../utf8.js';
import type { Vocab } from '../vocab.js';

/**
 * sentencepiece's `PrefixMatcher::PrefixMatch`: the longest user-defined symbol at `pos` (frozen),
 * else one UTF-8 character.
 */
export function prefixMatch(vocab: Vocab, norm: Uint8Array, pos: number, n: number): [number, boolean] {
  const ud = vocab.userDefinedTrie;
  if (ud) {
    const l = ud.longestPrefix(norm, pos, n);
    if (l > 0) return [l, true];
  }
  return [Math.min(ONE_CHAR_LEN[norm[pos]! >> 4]!, n - pos), false];
}

export function isSpaceSymbolAt(norm: Uint8Array, pos: number, n: number): boolean {
  return (
    pos + 3 <= n &&
    norm[pos] === SPACE_BYTES[0] &&
    norm[pos + 1] === SPACE_BYTES[1] &&
    norm[pos + 2] === SPACE_BYTES[2]
  );
}
