import { crc32c, maskCrc32c } from './crc32c.js';

// TFRecord framing (tensorflow/core/lib/io/record_writer.cc), one record:
//   uint64 length (little-endian) | uint32 masked_crc32c(length bytes) | data | uint32 masked_crc32c(data)

/** Bytes a record adds around its data: 8 + 4 before, 4 after. */
export const RECORD_OVERHEAD = 16;

/** Frames `data` as one TFRecord record (a fresh buffer of `data.length + 16` bytes). */
export function frameRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + RECORD_OVERHEAD);
  const view = new DataView(out.buffer);
  // Lengths beyond 2^32 are not reachable from a Uint8Array here, but the high word is written
  // as the format defines it rather than assumed zero.
  view.setUint32(0, data.length % 0x1_0000_0000, true);
  view.setUint32(4, Math.floor(data.length / 0x1_0000_0000), true);
  view.setUint32(8, maskCrc32c(crc32c(out.subarray(0, 8))), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskCrc32c(crc32c(data)), true);
  return out;
}
