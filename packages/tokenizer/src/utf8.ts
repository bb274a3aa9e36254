/**
 * UTF-8 helpers on byte arrays. SentencePiece works on UTF-8 bytes; so do we, to get its exact
 * behaviour (longest match over bytes, byte offsets) without per-character string allocation.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Lengths by the high nibble of a lead byte, as sentencepiece's `OneCharLen` (continuation bytes count 1). */
export const ONE_CHAR_LEN = new Uint8Array([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4]);

/** The bytes of U+2581 (▁), sentencepiece's whitespace meta symbol. */
export const SPACE_SYMBOL = '\u2581';
export const SPACE_BYTES = new Uint8Array([0xe2, 0x96, 0x81]);

/**
 * True when a reusable buffer of `capacity` is far larger than `need` and large in absolute terms:
 * such buffers are released, so one huge input does not pin its memory forever.
 */
export function isOversized(capacity: number, need: number): boolean {
  return capacity > 1 << 20 && capacity > need * 8;
}

/**
 * Reused buffers larger than this many elements are dropped at the end of the call that grew
 * them: one huge input must not pin hundreds of MB for the life of the processor, and allocating
 * afresh costs little next to the work on such an input.
 */
export const RETAINED_MAX = 1 << 20;

/** A growable byte buffer reused across calls (released when far larger than the current need). */
export class ByteBuffer {
  bytes = new Uint8Array(256);

  /** Drops a buffer grown past RETAINED_MAX. */
  release(): void {
    if (this.bytes.length > RETAINED_MAX) this.bytes = new Uint8Array(256);
  }

  ensure(n: number): Uint8Array {
    if (this.bytes.length < n || isOversized(this.bytes.length, n)) {
      this.bytes = new Uint8Array(Math.max(n, Math.min(this.bytes.length * 2, n * 2), 256));
    }
    return this.bytes;
  }
}

/**
 * Encodes `text` as UTF-8 into `buf` and returns the byte length. Lone surrogates become U+FFFD
 * (EF BF BD), as the WHATWG encoder does; that is how a JS string with them reaches sentencepiece.
 */
export function encodeUtf8Into(text: string, buf: ByteBuffer): number {
  const bytes = buf.ensure(text.length * 3 + 4);
  return encoder.encodeInto(text, bytes).written;
}

export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function decodeUtf8(bytes: Uint8Array, start = 0, end = bytes.length): string {
  // Short ASCII-only runs are decoded without the TextDecoder call overhead.
  if (end - start <= 16) {
    let ascii = true;
    for (let i = start; i < end; i++) {
      if (bytes[i]! >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      let s = '';
      for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
      return s;
    }
  }
  return decoder.decode(bytes.subarray(start, end));
}

function isTrail(b: number): boolean {
  return (b & 0xc0) === 0x80;
}

/**
 * sentencepiece's `IsValidDecodeUTF8`: the length of the UTF-8 character at `pos` when it is
 * well-formed (overlongs, surrogates and > U+10FFFF are not), or -1 when it is malformed (the caller
 * then consumes one byte and emits U+FFFD).
 */
export function validCharLen(bytes: Uint8Array, pos: number, end: number): number {
  const b0 = bytes[pos]!;
  if (b0 < 0x80) return 1;
  const len = end - pos;
  if (len >= 2 && (b0 & 0xe0) === 0xc0) {
    const b1 = bytes[pos + 1]!;
    const cp = ((b0 & 0x1f) << 6) | (b1 & 0x3f);
    if (isTrail(b1) && cp >= 0x80) return 2;
  } else if (len >= 3 && (b0 & 0xf0) === 0xe0) {
    const b1 = bytes[pos + 1]!;
    const b2 = bytes[pos + 2]!;
    const cp = ((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
    if (isTrail(b1) && isTrail(b2) && cp >= 0x800 && (cp < 0xd800 || cp >= 0xe000)) return 3;
  } else if (len >= 4 && (b0 & 0xf8) === 0xf0) {
    const b1 = bytes[pos + 1]!;
    const b2 = bytes[pos + 2]!;
    const b3 = bytes[pos + 3]!;
    const cp = ((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
    if (isTrail(b1) && isTrail(b2) && isTrail(b3) && cp >= 0x10000 && cp <= 0x10ffff) return 4;
  }
  return -1;
}

/**
 * For each UTF-8 byte offset of `text` that starts a character (and for the end), the UTF-16 index
 * of that character. Entries inside a character are left as the index of the character.
 */
export function utf8ToUtf16Map(text: string, byteLength: number): Int32Array {
  const map = new Int32Array(byteLength + 1);
  let b = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let n: number;
    let units = 1;
    if (c < 0x80) n = 1;
    else if (c < 0x800) n = 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n = 4;
        units = 2;
      } else n = 3;
    } else n = 3;
    for (let k = 0; k < n; k++) map[b + k] = i;
    b += n;
    i += units - 1;
  }
  map[b] = text.length;
  return map;
}
