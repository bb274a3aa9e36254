/**
 * Snappy (raw format) decompression. TensorFlow writes bundle indexes uncompressed, but older
 * writers and LevelDB's defaults compressed table blocks with snappy, and such files exist (two of
 * the TF-written fixtures). Every length and offset is checked, so corrupt input cannot hang,
 * over-allocate or read outside the buffer.
 */
import { readVarint } from './proto-wire.js';
import { TfCheckpointError, type TfCheckpointWhere } from './tf-bundle-error.js';

/** Snappy cannot expand a byte to more than this many (a 2-byte copy element yields up to 64). */
const MAX_EXPANSION = 64;

export function snappyDecompress(src: Uint8Array, where: TfCheckpointWhere): Uint8Array {
  const fail = (msg: string) => new TfCheckpointError('BAD_SNAPPY', `snappy block: ${msg}`, where);
  let pos = 0;
  let length: number;
  try {
    [length, pos] = readVarint(src, 0, src.length, where);
  } catch {
    throw fail('bad uncompressed-length preamble');
  }
  if (length < 0 || length > src.length * MAX_EXPANSION) {
    throw fail(`declares ${length} bytes from ${src.length} compressed bytes`);
  }
  const out = new Uint8Array(length);
  let o = 0;
  while (pos < src.length) {
    const tag = src[pos++];
    const kind = tag & 3;
    if (kind === 0) {
      // Literal: length-1 in the tag's upper 6 bits, or in 1-4 following bytes when those say 60-63.
      let len = tag >>> 2;
      if (len >= 60) {
        const n = len - 59;
        if (pos + n > src.length) throw fail('literal length runs past the end');
        len = 0;
        for (let i = 0; i < n; i++) len += src[pos + i] * 2 ** (8 * i);
        pos += n;
      }
      len += 1;
      if (pos + len > src.length || o + len > length) throw fail(`literal of ${len} bytes overruns`);
      out.set(src.subarray(pos, pos + len), o);
      pos += len;
      o += len;
      continue;
    }
    let len: number;
    let offset: number;
    if (kind === 1) {
      if (pos + 1 > src.length) throw fail('copy runs past the end');
      len = 4 + ((tag >>> 2) & 7);
      offset = ((tag >>> 5) << 8) | src[pos];
      pos += 1;
    } else if (kind === 2) {
      if (pos + 2 > src.length) throw fail('copy runs past the end');
      len = (tag >>> 2) + 1;
      offset = src[pos] | (src[pos + 1] << 8);
      pos += 2;
    } else {
      if (pos + 4 > src.length) throw fail('copy runs past the end');
      len = (tag >>> 2) + 1;
      offset = (src[pos] | (src[pos + 1] << 8) | (src[pos + 2] << 16) | (src[pos + 3] << 24)) >>> 0;
      pos += 4;
    }
    if (offset === 0 || offset > o) throw fail(`copy offset ${offset} at output byte ${o}`);
    if (o + len > length) throw fail(`copy of ${len} bytes overruns ${length}`);
    // Byte by byte: a copy may overlap its own output (offset < len repeats a pattern).
    for (let i = 0; i < len; i++, o++) out[o] = out[o - offset];
  }
  if (o !== length) throw fail(`decoded ${o} bytes, the preamble says ${length}`);
  return out;
}
