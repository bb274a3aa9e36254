/**
 * sentencepiece's `PopulateSentencePieceText`: from a segmentation to output pieces (consecutive
 * unknown pieces merged into one; with byte fallback, unknown pieces become `<0xXX>` pieces), and
 * the mapping of pieces back to spans of the input text.
 */
import type { Segmentation } from './model/segmentation.js';
import { decodeUtf8, SPACE_BYTES } from './utf8.js';
import type { Vocab } from './vocab.js';

/** @internal */
export interface EncodeDetail {
  ids: number[];
  pieces: string[];
  /** Normalized byte range [nb[k], ne[k]) of piece k. */
  nb: number[];
  ne: number[];
  /** Maps a normalized byte range to a UTF-16 span of the input (leading U+2581 skipped). */
  spanOf(b: number, e: number): [number, number];
}

export function assemblePieces(
  vocab: Vocab,
  seg: Segmentation,
  norm: Uint8Array,
  byteFallback: boolean,
): Omit<EncodeDetail, 'spanOf'> {
  const { ids: segIds, begins, count } = seg;
  const unkId = vocab.unkId;
  const ids: number[] = [];
  const pieces: string[] = [];
  // Normalized byte range of each output piece; byte-fallback pieces but the last of a character
  // get an empty range, as sentencepiece gives them an empty surface.
  const nb: number[] = [];
  const ne: number[] = [];
  // Output indices of unknown pieces: their text is decoded once, after merging, because
  // re-decoding the growing merged piece at every step is quadratic in the length of the run.
  const unkAt: number[] = [];
  let prevUnk = false;
  for (let k = 0; k < count; k++) {
    const id = segIds[k]!;
    const b = begins[k]!;
    const e = begins[k + 1]!;
    const isUnk = id === unkId;
    if (isUnk && byteFallback) {
      for (let i = b; i < e; i++) {
        const bid = vocab.byteToId[norm[i]!]!;
        ids.push(bid);
        pieces.push(vocab.pieces[bid]!);
        nb.push(i === e - 1 ? b : i);
        ne.push(i === e - 1 ? e : i);
      }
    } else if (isUnk && prevUnk) {
      ne[pieces.length - 1] = e;
    } else {
      if (isUnk) unkAt.push(pieces.length);
      ids.push(id);
      pieces.push(isUnk ? '' : vocab.pieces[id]!);
      nb.push(b);
      ne.push(e);
    }
    prevUnk = isUnk;
  }
  for (const k of unkAt) pieces[k] = decodeUtf8(norm, nb[k]!, ne[k]!);
  return { ids, pieces, nb, ne };
}

/**
 * Maps a normalized byte range to a UTF-16 span of the input. `start` / `end` give the input byte
 * span of the chunk each normalized byte came from, `final` the input bytes consumed, `map` input
 * byte offsets to UTF-16 offsets. The arrays must not be reused buffers.
 */
export function spanMapper(
  norm: Uint8Array,
  start: Int32Array,
  end: Int32Array,
  final: number,
  map: Int32Array,
): (b: number, e: number) => [number, number] {
  const m = norm.length;
  return (b0, e) => {
    let b = b0;
    while (
      b + 3 <= e &&
      norm[b] === SPACE_BYTES[0] &&
      norm[b + 1] === SPACE_BYTES[1] &&
      norm[b + 2] === SPACE_BYTES[2]
    ) {
      b += 3;
    }
    if (b0 >= e) {
      // An empty byte-fallback piece: an empty span at its character.
      const at = map[b0 < m ? start[b0]! : final]!;
      return [at, at];
    }
    // A piece of only U+2581 keeps the span of the whitespace it stands for (empty for the
    // dummy prefix, which stands for nothing).
    if (b >= e) b = b0;
    return [map[start[b]!]!, map[end[e - 1]!]!];
  };
}
