import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

// An independent TFRecord + tf.train.Example reader for the tests: its own bit-by-bit CRC-32C
// (no tables, nothing shared with src/), its own framing parser, and protobufjs decoding with a
// schema restated from TensorFlow's example.proto / feature.proto.

/** CRC-32C, one bit at a time, straight from the definition (reflected polynomial 0x82F63B78). */
export function bitwiseCrc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** TensorFlow's crc32c::Mask. */
export function masked(crc: number): number {
  const rotated = ((crc >>> 15) | (crc << 17)) >>> 0;
  return (rotated + 0xa282ead8) >>> 0;
}

/** Splits a TFRecord file into record payloads, checking both CRCs of every record. */
export function readRecords(file: Uint8Array): Uint8Array[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const out: Uint8Array[] = [];
  let pos = 0;
  while (pos < file.length) {
    if (pos + 12 > file.length) throw new Error(`record ${out.length}: truncated header at byte ${pos}`);
    const lo = view.getUint32(pos, true);
    const hi = view.getUint32(pos + 4, true);
    if (view.getUint32(pos + 8, true) !== masked(bitwiseCrc32c(file.subarray(pos, pos + 8)))) {
      throw new Error(`record ${out.length}: length CRC mismatch at byte ${pos}`);
    }
    const len = hi * 2 ** 32 + lo;
    const start = pos + 12;
    if (start + len + 4 > file.length) throw new Error(`record ${out.length}: truncated data`);
    const data = file.subarray(start, start + len);
    if (view.getUint32(start + len, true) !== masked(bitwiseCrc32c(data))) {
      throw new Error(`record ${out.length}: data CRC mismatch`);
    }
    out.push(data);
    pos = start + len + 4;
  }
  return out;
}

// keepCase: field names as in the .proto (int64_list), not protobufjs' camelCase.
const root = new protobuf.Root().loadSync(fileURLToPath(new URL('./example.proto', import.meta.url)), {
  keepCase: true,
});
export const ExampleType = root.lookupType('tensorflow.Example');

export type DecodedFeature = { kind: 'int64' | 'float' | 'bytes'; values: number[] };

/**
 * Decodes a serialised tf.train.Example into name → {kind, values}, in the order the map entries
 * appear. Also re-encodes the decoded message with protobufjs and demands the same length, so an
 * unknown or malformed field cannot slip through the decoder's leniency (protobufjs drops unknown
 * fields; bytes are not compared because JS objects reorder integer-like map keys).
 */
export function decodeExample(bytes: Uint8Array): Map<string, DecodedFeature> {
  const msg = ExampleType.decode(bytes);
  const reencoded = ExampleType.encode(msg).finish();
  if (reencoded.length !== bytes.length) {
    throw new Error(`tf.train.Example re-encodes to ${reencoded.length} bytes, read ${bytes.length}`);
  }
  const obj = ExampleType.toObject(msg, { longs: Number, oneofs: true, arrays: true }) as {
    features?: { feature?: Record<string, Record<string, { value?: number[] } | string>> };
  };
  const out = new Map<string, DecodedFeature>();
  for (const [name, f] of Object.entries(obj.features?.feature ?? {})) {
    const kind = f.kind as string;
    const list = f[kind] as { value?: number[] };
    const short = ({ int64_list: 'int64', float_list: 'float', bytes_list: 'bytes' } as const)[kind];
    if (!short) throw new Error(`feature ${name}: no kind set`);
    out.set(name, { kind: short, values: list.value ?? [] });
  }
  return out;
}
