/**
 * The on-disk layout of a DT_STRING tensor (tensor_bundle.cc's WriteStringTensor and
 * ReadStringTensor): `numel` varint64 lengths, a masked CRC32C of the lengths (each taken as a
 * little-endian uint32, or uint64 above 2^32-1), then the bytes. The entry's CRC covers the
 * lengths as integers, that 4-byte checksum and the bytes.
 */
import { crc32c, maskCrc, unmaskCrc } from './crc32c.js';
import { encodeVarint, readFixed32, readVarint } from './proto-wire.js';
import { hex } from './table.js';
import { TfCheckpointError } from './tf-bundle-error.js';

type Where = { file: string; tensor: string };

export function checkCrc(actual: number, storedMasked: number, where: Where): void {
  if (maskCrc(actual) !== storedMasked) {
    throw new TfCheckpointError(
      'CHECKSUM',
      `CRC32C of the tensor bytes expected ${hex(unmaskCrc(storedMasked))}, found ${hex(actual)}`,
      where,
    );
  }
}

/** The elements of a string tensor's bytes, every checksum verified. */
export function readStrings(
  bytes: Uint8Array,
  numel: number,
  stored: number,
  where: { file: string; tensor: string },
) {
  // TensorFlow's reader accepts an empty entry for an empty tensor.
  if (bytes.length === 0 && numel === 0 && stored === maskCrc(0)) return [];
  const lengths: number[] = [];
  let pos = 0;
  let crc = 0;
  const word = new Uint8Array(8);
  const dv = new DataView(word.buffer);
  for (let i = 0; i < numel; i++) {
    const [len, p] = readVarint(bytes, pos, bytes.length, where);
    pos = p;
    if (len < 0) throw new TfCheckpointError('BAD_PROTO', `string ${i} has length ${len}`, where);
    lengths.push(len);
    if (len <= 0xffffffff) {
      dv.setUint32(0, len, true);
      crc = crc32c(word.subarray(0, 4), crc);
    } else {
      dv.setBigUint64(0, BigInt(len), true);
      crc = crc32c(word, crc);
    }
  }
  if (pos + 4 > bytes.length)
    throw new TfCheckpointError('TRUNCATED', 'string lengths run past the entry', where);
  const lengthCrc = readFixed32(bytes, pos);
  if (unmaskCrc(lengthCrc) !== crc) {
    throw new TfCheckpointError(
      'CHECKSUM',
      `CRC32C of the string lengths expected ${hex(unmaskCrc(lengthCrc))}, found ${hex(crc)}`,
      where,
    );
  }
  crc = crc32c(bytes.subarray(pos, pos + 4), crc);
  pos += 4;
  const total = lengths.reduce((a, b) => a + b, 0);
  if (pos + total !== bytes.length) {
    throw new TfCheckpointError(
      'SIZE_MISMATCH',
      `strings need ${pos + total} bytes, the entry says ${bytes.length}`,
      where,
    );
  }
  const out: Uint8Array[] = [];
  for (const len of lengths) {
    const s = new Uint8Array(bytes.subarray(pos, pos + len));
    crc = crc32c(s, crc);
    out.push(s);
    pos += len;
  }
  checkCrc(crc, stored, where);
  return out;
}

/** The bytes of a string tensor and the CRC32C its entry stores (unmasked). */
export function stringBytes(strs: Uint8Array[]): { bytes: Uint8Array; crc: number } {
  const parts: Uint8Array[] = [];
  let crc = 0;
  const word = new Uint8Array(8);
  const dv = new DataView(word.buffer);
  for (const s of strs) {
    parts.push(encodeVarint(s.length));
    dv.setUint32(0, s.length, true);
    crc = crc32c(word.subarray(0, 4), crc);
  }
  dv.setUint32(0, maskCrc(crc), true);
  const lengthCrc = word.slice(0, 4);
  parts.push(lengthCrc);
  crc = crc32c(lengthCrc, crc);
  for (const s of strs) {
    parts.push(s);
    crc = crc32c(s, crc);
  }
  return { bytes: concatBytes(parts), crc };
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
