/**
 * Writing a tensor bundle as TensorFlow's BundleWriter does: data bytes appended in the order the
 * tensors are given (no alignment padding), entries sorted by name in the index, after the header
 * entry under the empty key. Multiple shards are what TensorFlow's MergeBundles produces.
 */

import { type BundleEntry, encodeEntry, encodeHeader, type TfDType } from './bundle-proto.js';
import { type TfBundleFiles, type TfTensor, tfDTypeBytes } from './bundle-reader.js';
import { crc32c, maskCrc } from './crc32c.js';
import { concatBytes, stringBytes } from './string-tensor.js';
import { writeTable } from './table-write.js';

/** Options of `writeTfBundle`: the number of data shards and which shard each tensor goes to. */
export interface WriteTfBundleOptions {
  /** Number of data shards (default 1). */
  numShards?: number;
  /** Which shard tensor `i` (in the given order) goes to (default: `i % numShards`). */
  shardOf?: (name: string, i: number) => number;
}

/** The typed array each fixed-width dtype is given in (what the reader returns). */
const ARRAY_OF: Partial<Record<TfDType, new (n: number) => ArrayBufferView>> = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int16: Int16Array,
  uint16: Uint16Array,
  float16: Uint16Array,
  bfloat16: Uint16Array,
  int8: Int8Array,
  uint8: Uint8Array,
  bool: Uint8Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
};

function tensorBytes(name: string, t: TfTensor): { bytes: Uint8Array; crc: number } {
  let numel = 1;
  for (const d of t.shape) {
    if (!Number.isInteger(d) || d < 0)
      throw new RangeError(`writeTfBundle: "${name}" has shape [${t.shape}]`);
    numel *= d;
  }
  if (t.dtype === 'string') {
    const strs = t.data as Uint8Array[];
    if (!Array.isArray(strs) || strs.length !== numel) {
      throw new RangeError(`writeTfBundle: "${name}" needs ${numel} strings`);
    }
    return stringBytes(strs);
  }
  const width = tfDTypeBytes(t.dtype);
  const d = t.data as Exclude<TfTensor['data'], Uint8Array[]>;
  const Want = ARRAY_OF[t.dtype];
  if (width === undefined || !Want || !(d instanceof Want) || d.length !== numel) {
    throw new RangeError(`writeTfBundle: "${name}" is not ${numel} ${t.dtype} values of ${width} bytes each`);
  }
  const bytes = new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  return { bytes, crc: crc32c(bytes) };
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** The `.index` bytes and each `.data` shard's bytes for `tensors`. */
export function writeTfBundle(
  tensors: Iterable<[string, TfTensor]> | Map<string, TfTensor>,
  opts: WriteTfBundleOptions = {},
): { index: Uint8Array; shards: Uint8Array[] } & TfBundleFiles {
  const numShards = opts.numShards ?? 1;
  if (!Number.isInteger(numShards) || numShards < 1)
    throw new RangeError(`writeTfBundle: numShards ${numShards}`);
  const shardParts: Uint8Array[][] = Array.from({ length: numShards }, () => []);
  const shardSize = new Array<number>(numShards).fill(0);
  const enc = new TextEncoder();
  const rows: Array<{ key: Uint8Array; value: Uint8Array }> = [];
  const seen = new Set<string>();
  let i = 0;
  for (const [name, t] of tensors) {
    if (name === '' || seen.has(name))
      throw new RangeError(`writeTfBundle: empty or duplicate name "${name}"`);
    seen.add(name);
    const shardId = opts.shardOf ? opts.shardOf(name, i) : i % numShards;
    if (!(shardId >= 0 && shardId < numShards))
      throw new RangeError(`writeTfBundle: shard ${shardId} for "${name}"`);
    const { bytes, crc } = tensorBytes(name, t);
    const entry: BundleEntry = {
      dtype: t.dtype as TfDType,
      shape: [...t.shape],
      shardId,
      offset: shardSize[shardId],
      size: bytes.length,
      crc32c: maskCrc(crc),
      slices: 0,
    };
    shardParts[shardId].push(bytes);
    shardSize[shardId] += bytes.length;
    rows.push({ key: enc.encode(name), value: encodeEntry(entry) });
    i++;
  }
  rows.sort((a, b) => compareBytes(a.key, b.key));
  rows.unshift({ key: new Uint8Array(0), value: encodeHeader(numShards) });
  return { index: writeTable(rows), shards: shardParts.map(concatBytes) };
}
