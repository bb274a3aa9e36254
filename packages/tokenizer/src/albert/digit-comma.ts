/**
 * AlbertTokenizer's digit-comma rule: a piece ending in a digit and "," is re-encoded without the
 * comma ("▁9," -> "▁9" ","), and where those pieces sit in the text.
 */
import type { EncodeDetail } from '../processor.js';
import { isPyDigit } from '../unicode/python.js';

/** Python: `len(piece) > 1 and piece[-1] == "," and piece[-2].isdigit()` (code points). */
export function endsWithDigitComma(piece: string): boolean {
  const n = piece.length;
  if (n < 2 || piece.charCodeAt(n - 1) !== 0x2c) return false;
  const prev = piece.codePointAt(n - 2)!;
  if (prev >= 0xdc00 && prev <= 0xdfff && n >= 3) return isPyDigit(piece.codePointAt(n - 3)!);
  return isPyDigit(prev);
}

/**
 * Spans of the re-encoded pieces of a digit-comma piece: laid out in order over the piece's
 * normalized bytes (without its leading U+2581 and final comma); if their text does not add up
 * (the re-encoding normalized differently), each gets the whole range.
 */
export function subPieceSpans(d: EncodeDetail, k: number, cur: string[]): Array<[number, number]> {
  const enc = new TextEncoder();
  let b = d.nb[k]!;
  const piece = d.pieces[k]!;
  if (piece.startsWith('\u2581')) b += 3;
  const e = d.ne[k]! - 1;
  const lens = cur.map((c) => enc.encode(c.replaceAll('\u2581', '')).length);
  const total = lens.reduce((x, y) => x + y, 0);
  if (total !== e - b) return cur.map(() => d.spanOf(b, e));
  const spans: Array<[number, number]> = [];
  for (const l of lens) {
    spans.push(d.spanOf(b, b + l));
    b += l;
  }
  return spans;
}
