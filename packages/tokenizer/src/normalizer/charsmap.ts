/**
 * sentencepiece's precompiled charsmap: `<uint32 LE trie size><darts-clone double array><normalized
 * strings>`. The double array maps UTF-8 byte sequences to offsets of NUL-terminated replacement
 * strings. Read as-is (no rebuild), so the rules are exactly the model's.
 */
import { TokenizerError } from '../errors.js';

export class PrecompiledCharsmap {
  /** darts-clone units. */
  private readonly units: Int32Array;
  /** The normalized-string table. */
  readonly table: Uint8Array;
  /** Bytes that can start a rule (first-byte filter for the hot path). */
  readonly firstByte: Uint8Array;

  constructor(blob: Uint8Array, where: string) {
    if (blob.length <= 4) {
      throw new TokenizerError(
        'MODEL_INVALID',
        `${where}: precompiled_charsmap is ${blob.length} bytes, too short`,
      );
    }
    const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
    const trieSize = view.getUint32(0, true);
    if (trieSize > blob.length - 4) {
      throw new TokenizerError(
        'MODEL_INVALID',
        `${where}: precompiled_charsmap trie size ${trieSize} does not fit its ${blob.length}-byte blob`,
      );
    }
    const n = Math.floor(trieSize / 4);
    this.units = new Int32Array(n);
    for (let i = 0; i < n; i++) this.units[i] = view.getInt32(4 + i * 4, true);
    this.table = blob.slice(4 + trieSize);
    this.firstByte = new Uint8Array(256);
    this.asciiPair = new Uint8Array(128 * 128);
    this.single = new Uint8Array(128);
    for (let c = 0; c < 256; c++) {
      const p = this.step(this.rootPos(), c);
      if (p < 0) continue;
      this.firstByte[c] = 1;
      if (c >= 128) continue;
      const u = this.units[p]!;
      const q = p ^ offsetOf(u);
      if ((u >>> 8) & 1) this.single[c] = 1;
      for (let d = 0; d < 128; d++) if (this.step(q, d) >= 0) this.asciiPair[(c << 7) | d] = 1;
    }
  }

  /** 1 where a rule key starts with ASCII byte c followed by ASCII byte d (index `c << 7 | d`). */
  readonly asciiPair: Uint8Array;
  /** 1 where ASCII byte c alone is a rule key. */
  readonly single: Uint8Array;

  private rootPos(): number {
    const u = this.units[0];
    return u === undefined ? -1 : offsetOf(u);
  }

  /** darts-clone transition; -1 when there is none. */
  private step(pos: number, c: number): number {
    if (pos < 0) return -1;
    const p = pos ^ c;
    const u = this.units[p];
    if (u === undefined || (u & 0x800000ff) !== c) return -1;
    return p;
  }

  /**
   * Longest rule matching a prefix of bytes[pos..end). Returns its byte length (0 = no rule) and
   * writes the replacement's table offset to `out[0]`.
   */
  longestMatch(bytes: Uint8Array, pos: number, end: number, out: Int32Array): number {
    const units = this.units;
    const u0 = units[0];
    if (u0 === undefined) return 0;
    let node = offsetOf(u0);
    let best = 0;
    for (let i = pos; i < end; i++) {
      const c = bytes[i]!;
      node ^= c;
      const u = units[node];
      if (u === undefined || (u & 0x800000ff) !== c) break;
      node ^= offsetOf(u);
      if ((u >>> 8) & 1) {
        const leaf = units[node];
        if (leaf === undefined) break;
        best = i + 1 - pos;
        out[0] = leaf & 0x7fffffff;
      }
    }
    return best;
  }

  /** End (exclusive) of the NUL-terminated replacement at `offset`; -1 if it is out of the table. */
  replacementEnd(offset: number): number {
    const t = this.table;
    if (offset >= t.length) return -1;
    let e = offset;
    while (e < t.length && t[e] !== 0) e++;
    return e;
  }
}

function offsetOf(u: number): number {
  return (u >>> 10) << ((u & 0x200) >>> 6);
}
