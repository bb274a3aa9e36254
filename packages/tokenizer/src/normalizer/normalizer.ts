/**
 * sentencepiece's `Normalizer::Normalize`, on UTF-8 bytes: user-defined symbols copied verbatim
 * (longest match), else the longest precompiled-charsmap rule, else one character as-is (U+FFFD for
 * a malformed byte); then `remove_extra_whitespaces`, `add_dummy_prefix` (or suffix) and
 * `escape_whitespaces` (' ' -> U+2581), exactly in sentencepiece's order.
 *
 * With `track`, every output byte records the source span `[start, end)` (input byte offsets) of
 * the chunk it came from; `final` is sentencepiece's last `norm_to_orig` entry. The dummy prefix has
 * an empty span.
 */
import type { NormalizerSpec } from '../proto/model-proto.js';
import type { DoubleArrayTrie } from '../trie/double-array.js';
import { isOversized, RETAINED_MAX, validCharLen } from '../utf8.js';
import { PrecompiledCharsmap } from './charsmap.js';

export interface NormalizerFlags {
  addDummyPrefix: boolean;
  removeExtraWhitespaces: boolean;
  escapeWhitespaces: boolean;
  treatWhitespaceAsSuffix: boolean;
}

const FFFD = new Uint8Array([0xef, 0xbf, 0xbd]);
const SRC_INPUT = 0;
const SRC_TABLE = 1;
const SRC_FFFD = 2;

export class Normalizer {
  out = new Uint8Array(256);
  start = new Int32Array(256);
  end = new Int32Array(256);
  /** sentencepiece's final `norm_to_orig` entry (input bytes consumed). */
  final = 0;

  // Result of `prefix`: where the replacement bytes are.
  private src = SRC_INPUT;
  private rs = 0;
  private re = 0;
  private readonly matchOut = new Int32Array(1);
  private readonly udFirst: Uint8Array | null;
  /** ASCII bytes that are their own chunk unless a charsmap rule continues with the next ASCII byte. */
  private readonly fastAscii = new Uint8Array(128);
  private readonly asciiPair: Uint8Array;

  constructor(
    private readonly flags: NormalizerFlags,
    private readonly charsmap: PrecompiledCharsmap | null,
    private readonly userDefined: DoubleArrayTrie | null,
  ) {
    if (userDefined) {
      this.udFirst = new Uint8Array(256);
      for (let c = 0; c < 256; c++) if (userDefined.next(0, c) >= 0) this.udFirst[c] = 1;
    } else {
      this.udFirst = null;
    }
    for (let c = 0; c < 128; c++) {
      const ud = this.udFirst !== null && this.udFirst[c] === 1;
      const rule = charsmap !== null && charsmap.single[c] === 1;
      this.fastAscii[c] = ud || rule ? 0 : 1;
    }
    this.asciiPair = charsmap ? charsmap.asciiPair : new Uint8Array(128 * 128);
  }

  /** sentencepiece's `NormalizePrefix`: consumes one chunk at `pos`, returns its byte length. */
  private prefix(input: Uint8Array, pos: number, n: number): number {
    const b = input[pos]!;
    if (this.udFirst !== null && this.udFirst[b] === 1) {
      const len = this.userDefined!.longestPrefix(input, pos, n);
      if (len > 0) {
        this.src = SRC_INPUT;
        this.rs = pos;
        this.re = pos + len;
        return len;
      }
    }
    const cm = this.charsmap;
    if (cm !== null && cm.firstByte[b] === 1) {
      const len = cm.longestMatch(input, pos, n, this.matchOut);
      if (len > 0) {
        const off = this.matchOut[0]!;
        const e = cm.replacementEnd(off);
        this.src = SRC_TABLE;
        this.rs = e < 0 ? 0 : off;
        this.re = e < 0 ? 0 : e;
        return len;
      }
    }
    const clen = b < 0x80 ? 1 : validCharLen(input, pos, n);
    if (clen < 0) {
      this.src = SRC_FFFD;
      this.rs = 0;
      this.re = 3;
      return 1;
    }
    this.src = SRC_INPUT;
    this.rs = pos;
    this.re = pos + clen;
    return clen;
  }

  /** Drops output arrays grown past RETAINED_MAX (call once their contents have been used). */
  release(): void {
    if (this.out.length > RETAINED_MAX) this.out = new Uint8Array(256);
    if (this.start.length > RETAINED_MAX) {
      this.start = new Int32Array(256);
      this.end = new Int32Array(256);
    }
  }

  /** Grows the output arrays, keeping their contents. */
  private grow(need: number, track: boolean): void {
    if (need <= this.out.length) return;
    const cap = Math.max(need, this.out.length * 2);
    const out = new Uint8Array(cap);
    out.set(this.out);
    this.out = out;
    if (track) {
      const s = new Int32Array(cap);
      s.set(this.start.subarray(0, Math.min(this.start.length, cap)));
      this.start = s;
      const e = new Int32Array(cap);
      e.set(this.end.subarray(0, Math.min(this.end.length, cap)));
      this.end = e;
    }
  }

  /** Sizes the output arrays for a new input (contents are not kept); releases oversized ones. */
  private prepare(need: number, track: boolean): void {
    if (this.out.length < need || isOversized(this.out.length, need)) this.out = new Uint8Array(need);
    const cap = this.out.length;
    if (isOversized(this.start.length, cap)) {
      this.start = new Int32Array(256);
      this.end = new Int32Array(256);
    }
    if (track && this.start.length < cap) {
      this.start = new Int32Array(cap);
      this.end = new Int32Array(cap);
    }
  }

  /** Normalizes input[0..n) into `out`; returns the normalized byte length. */
  normalize(input: Uint8Array, n: number, track: boolean): number {
    this.final = 0;
    if (n === 0) return 0;
    this.prepare(n * 3 + 16, track);
    const { removeExtraWhitespaces, escapeWhitespaces, addDummyPrefix, treatWhitespaceAsSuffix } = this.flags;
    let pos = 0;
    let consumed = 0;
    const table = this.charsmap?.table;

    if (removeExtraWhitespaces) {
      while (pos < n) {
        const len = this.prefix(input, pos, n);
        const isSpace =
          this.re - this.rs === 1 &&
          (this.src === SRC_INPUT ? input[this.rs] : this.src === SRC_TABLE ? table![this.rs] : 0) === 0x20;
        if (!isSpace) break;
        pos += len;
        consumed += len;
      }
    }
    if (pos >= n) return 0;

    let out = this.out;
    let o = 0;

    if (!treatWhitespaceAsSuffix && addDummyPrefix) {
      o = this.addWs(o, consumed, consumed, track);
    }

    let isPrevSpace = removeExtraWhitespaces;
    const fastAscii = this.fastAscii;
    const asciiPair = this.asciiPair;
    while (pos < n) {
      const c0 = input[pos]!;
      // Fast path: an ASCII byte that no user-defined symbol or charsmap rule starts with here.
      if (c0 < 0x80 && fastAscii[c0] === 1) {
        const c1 = pos + 1 < n ? input[pos + 1]! : 0;
        if (c1 < 0x80 && asciiPair[(c0 << 7) | c1] === 0) {
          if (o + 3 > out.length) {
            this.grow(o + 16, track);
            out = this.out;
          }
          if (c0 === 0x20) {
            if (!isPrevSpace) {
              if (track) {
                const k = escapeWhitespaces ? 3 : 1;
                for (let j = 0; j < k; j++) {
                  this.start[o + j] = consumed;
                  this.end[o + j] = consumed + 1;
                }
              }
              if (escapeWhitespaces) {
                out[o++] = 0xe2;
                out[o++] = 0x96;
                out[o++] = 0x81;
              } else {
                out[o++] = 0x20;
              }
            }
            isPrevSpace = removeExtraWhitespaces;
          } else {
            if (track) {
              this.start[o] = consumed;
              this.end[o] = consumed + 1;
            }
            out[o++] = c0;
            isPrevSpace = false;
          }
          consumed++;
          pos++;
          continue;
        }
      }
      const len = this.prefix(input, pos, n);
      const srcArr = this.src === SRC_INPUT ? input : this.src === SRC_TABLE ? table! : FFFD;
      let rs = this.rs;
      const re = this.re;
      while (isPrevSpace && rs < re && srcArr[rs] === 0x20) rs++;
      if (rs < re) {
        if (o + (re - rs) * 3 > out.length) {
          this.grow(o + (re - rs) * 3 + 16, track);
          out = this.out;
        }
        const chunkEnd = consumed + len;
        if (escapeWhitespaces) {
          for (let k = rs; k < re; k++) {
            const c = srcArr[k]!;
            if (c === 0x20) {
              if (track) {
                this.start[o] = consumed;
                this.start[o + 1] = consumed;
                this.start[o + 2] = consumed;
                this.end[o] = chunkEnd;
                this.end[o + 1] = chunkEnd;
                this.end[o + 2] = chunkEnd;
              }
              out[o++] = 0xe2;
              out[o++] = 0x96;
              out[o++] = 0x81;
            } else {
              if (track) {
                this.start[o] = consumed;
                this.end[o] = chunkEnd;
              }
              out[o++] = c;
            }
          }
        } else {
          for (let k = rs; k < re; k++) {
            if (track) {
              this.start[o] = consumed;
              this.end[o] = chunkEnd;
            }
            out[o++] = srcArr[k]!;
          }
        }
        isPrevSpace = srcArr[re - 1] === 0x20;
      }
      consumed += len;
      pos += len;
      if (!removeExtraWhitespaces) isPrevSpace = false;
    }

    if (removeExtraWhitespaces) {
      if (escapeWhitespaces) {
        while (o >= 3 && out[o - 3] === 0xe2 && out[o - 2] === 0x96 && out[o - 1] === 0x81) {
          o -= 3;
          if (track) consumed = this.start[o]!;
        }
      } else {
        while (o >= 1 && out[o - 1] === 0x20) {
          o -= 1;
          if (track) consumed = this.start[o]!;
        }
      }
    }

    if (treatWhitespaceAsSuffix && addDummyPrefix) {
      if (o + 3 > out.length) this.grow(o + 16, track);
      o = this.addWs(o, consumed, consumed, track);
    }
    this.final = consumed;
    return o;
  }

  private addWs(o: number, s: number, e: number, track: boolean): number {
    const out = this.out;
    const n = this.flags.escapeWhitespaces ? 3 : 1;
    if (track) {
      for (let k = 0; k < n; k++) {
        this.start[o + k] = s;
        this.end[o + k] = e;
      }
    }
    if (n === 3) {
      out[o] = 0xe2;
      out[o + 1] = 0x96;
      out[o + 2] = 0x81;
    } else {
      out[o] = 0x20;
    }
    return o + n;
  }
}

/** A Normalizer for a (resolved) NormalizerSpec. `where` names the spec in error messages. */
export function normalizerFor(
  spec: Required<Omit<NormalizerSpec, 'unknownFields'>>,
  treatWhitespaceAsSuffix: boolean,
  userDefined: DoubleArrayTrie | null,
  where: string,
): Normalizer {
  const charsmap =
    spec.precompiledCharsmap.length > 0 ? new PrecompiledCharsmap(spec.precompiledCharsmap, where) : null;
  return new Normalizer(
    {
      addDummyPrefix: spec.addDummyPrefix,
      removeExtraWhitespaces: spec.removeExtraWhitespaces,
      escapeWhitespaces: spec.escapeWhitespaces,
      treatWhitespaceAsSuffix,
    },
    charsmap,
    userDefined,
  );
}
