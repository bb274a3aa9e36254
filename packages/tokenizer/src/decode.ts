/**
 * sentencepiece's `Decode`: control pieces vanish, the unknown piece becomes `unk_surface`, runs of
 * `<0xXX>` byte pieces are decoded as UTF-8 (a malformed byte becomes U+FFFD), a leading U+2581 is
 * dropped at the start of the text, and U+2581 becomes a space.
 */
import { PieceType } from './proto/model-proto.js';
import { SPACE_SYMBOL, validCharLen } from './utf8.js';
import type { Vocab } from './vocab.js';

export interface DecodeOptions {
  addDummyPrefix: boolean;
  removeExtraWhitespaces: boolean;
  unkSurface: string;
}

const SPACE_RE = /\u2581/g;

export function decodePieceSequence(
  vocab: Vocab,
  pieces: string[],
  ids: ArrayLike<number>,
  opts: DecodeOptions,
): string {
  let text = '';
  let isBosWs = true;
  let bosWsSeen = false;
  let byteStart = 0;
  const types = vocab.types;
  const flushBytes = (from: number, to: number) => {
    if (from >= to) return;
    const bytes = new Uint8Array(to - from);
    for (let i = from; i < to; i++) bytes[i - from] = Number.parseInt(pieces[i]!.slice(3, 5), 16);
    text += decodeBytesLikeSentencepiece(bytes);
  };
  for (let i = 0; i < pieces.length; i++) {
    const id = ids[i]!;
    if (types[id] === PieceType.BYTE) continue;
    flushBytes(byteStart, i);
    if (bosWsSeen || text.length > 0) isBosWs = false;
    byteStart = i + 1;
    let piece = pieces[i]!;
    const type = types[id];
    if (type === PieceType.CONTROL) {
      bosWsSeen = false;
      continue;
    }
    if (type === PieceType.UNKNOWN) {
      text += vocab.pieces[id] === piece ? opts.unkSurface : piece;
      bosWsSeen = false;
      continue;
    }
    let hasBosWs = false;
    if (isBosWs && (opts.addDummyPrefix || opts.removeExtraWhitespaces)) {
      if (piece.startsWith(SPACE_SYMBOL)) {
        piece = piece.slice(1);
        hasBosWs = true;
      }
      if (opts.removeExtraWhitespaces) hasBosWs = false;
    }
    text += piece.includes(SPACE_SYMBOL) ? piece.replace(SPACE_RE, ' ') : piece;
    bosWsSeen = hasBosWs;
  }
  flushBytes(byteStart, pieces.length);
  return text;
}

/** UTF-8 decoding where each malformed byte becomes one U+FFFD (sentencepiece's rule). */
export function decodeBytesLikeSentencepiece(bytes: Uint8Array): string {
  let s = '';
  for (let pos = 0; pos < bytes.length; ) {
    const len = validCharLen(bytes, pos, bytes.length);
    if (len < 0) {
      s += '\ufffd';
      pos += 1;
      continue;
    }
    let cp: number;
    const b0 = bytes[pos]!;
    if (len === 1) cp = b0;
    else if (len === 2) cp = ((b0 & 0x1f) << 6) | (bytes[pos + 1]! & 0x3f);
    else if (len === 3) cp = ((b0 & 0x0f) << 12) | ((bytes[pos + 1]! & 0x3f) << 6) | (bytes[pos + 2]! & 0x3f);
    else
      cp =
        ((b0 & 0x07) << 18) |
        ((bytes[pos + 1]! & 0x3f) << 12) |
        ((bytes[pos + 2]! & 0x3f) << 6) |
        (bytes[pos + 3]! & 0x3f);
    s += String.fromCodePoint(cp);
    pos += len;
  }
  return s;
}
