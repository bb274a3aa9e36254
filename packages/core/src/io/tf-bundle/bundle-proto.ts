/**
 * TensorFlow's `BundleHeaderProto` and `BundleEntryProto` (tensor_bundle.proto), with the
 * `TensorShapeProto` and `VersionDef` they embed, decoded and encoded by hand: a handful of
 * fields, so core needs no protobuf dependency.
 */
import { ProtoWriter, readFields } from './proto-wire.js';
import { TfCheckpointError, type TfCheckpointWhere } from './tf-bundle-error.js';

/** The TensorFlow dtypes a bundle can hold, by `DataType` enum value (types.proto). */
export const TF_DTYPES = {
  1: 'float32',
  2: 'float64',
  3: 'int32',
  4: 'uint8',
  5: 'int16',
  6: 'int8',
  7: 'string',
  8: 'complex64',
  9: 'int64',
  10: 'bool',
  11: 'qint8',
  12: 'quint8',
  13: 'qint32',
  14: 'bfloat16',
  15: 'qint16',
  16: 'quint16',
  17: 'uint16',
  18: 'complex128',
  19: 'float16',
  20: 'resource',
  21: 'variant',
  22: 'uint32',
  23: 'uint64',
} as const;

/** A TensorFlow dtype name (`float32`, `bfloat16`, `int64`…) a bundle entry can have. */
export type TfDType = (typeof TF_DTYPES)[keyof typeof TF_DTYPES];

export const TF_DTYPE_CODES: Record<TfDType, number> = Object.fromEntries(
  Object.entries(TF_DTYPES).map(([k, v]) => [v, Number(k)]),
) as Record<TfDType, number>;

/** `BundleHeaderProto`: the shard count, byte order and version of a tensor bundle. */
export interface BundleHeader {
  numShards: number;
  /** 0 = little-endian, 1 = big-endian data bytes. */
  endianness: number;
  version: { producer: number; minConsumer: number; badConsumers: number[] };
}

/**
 * `BundleEntryProto`: where one tensor of a bundle is (shard, offset, size), its dtype, shape and
 * checksum.
 */
export interface BundleEntry {
  dtype: TfDType;
  shape: number[];
  shardId: number;
  offset: number;
  size: number;
  /** The masked CRC32C of the tensor's bytes, as stored. */
  crc32c: number;
  /** Number of `TensorSliceProto`s: > 0 marks a partitioned variable's full-tensor entry. */
  slices: number;
}

function decodeShape(bytes: Uint8Array, where: TfCheckpointWhere): number[] {
  const dims: number[] = [];
  for (const f of readFields(bytes, where)) {
    if (f.field === 2 && f.wire === 2) {
      let size = 0;
      for (const d of readFields(f.bytes, where)) if (d.field === 1 && d.wire === 0) size = d.value;
      dims.push(size);
    } else if (f.field === 3 && f.wire === 0 && f.value !== 0) {
      throw new TfCheckpointError('UNSUPPORTED', 'tensor shape of unknown rank', where);
    }
  }
  return dims;
}

export function decodeHeader(bytes: Uint8Array, where: TfCheckpointWhere): BundleHeader {
  const h: BundleHeader = {
    numShards: 0,
    endianness: 0,
    version: { producer: 0, minConsumer: 0, badConsumers: [] },
  };
  for (const f of readFields(bytes, where)) {
    if (f.field === 1 && f.wire === 0) h.numShards = f.value;
    else if (f.field === 2 && f.wire === 0) h.endianness = f.value;
    else if (f.field === 3 && f.wire === 2) {
      for (const v of readFields(f.bytes, where)) {
        if (v.field === 1 && v.wire === 0) h.version.producer = v.value;
        else if (v.field === 2 && v.wire === 0) h.version.minConsumer = v.value;
        else if (v.field === 3 && v.wire === 0) h.version.badConsumers.push(v.value);
      }
    }
  }
  return h;
}

export function decodeEntry(bytes: Uint8Array, where: TfCheckpointWhere): BundleEntry {
  let dtypeCode = 0;
  const e: Omit<BundleEntry, 'dtype'> = { shape: [], shardId: 0, offset: 0, size: 0, crc32c: 0, slices: 0 };
  for (const f of readFields(bytes, where)) {
    if (f.field === 1 && f.wire === 0) dtypeCode = f.value;
    else if (f.field === 2 && f.wire === 2) e.shape = decodeShape(f.bytes, where);
    else if (f.field === 3 && f.wire === 0) e.shardId = f.value;
    else if (f.field === 4 && f.wire === 0) e.offset = f.value;
    else if (f.field === 5 && f.wire === 0) e.size = f.value;
    else if (f.field === 6 && f.wire === 5) e.crc32c = f.value;
    else if (f.field === 7 && f.wire === 2) e.slices++;
  }
  const dtype = (TF_DTYPES as Record<number, TfDType>)[dtypeCode];
  if (dtype === undefined)
    throw new TfCheckpointError('UNSUPPORTED', `unknown TensorFlow dtype enum ${dtypeCode}`, where);
  for (const d of e.shape) {
    if (d < 0) throw new TfCheckpointError('BAD_PROTO', `shape [${e.shape}] has a negative dimension`, where);
  }
  return { dtype, ...e };
}

/** Header bytes as TensorFlow's BundleWriter serialises them (little-endian, producer 1). */
export function encodeHeader(numShards: number): Uint8Array {
  const version = new ProtoWriter().uint(1, 1).finish();
  return new ProtoWriter().uint(1, numShards).bytes(3, version).finish();
}

export function encodeEntry(e: BundleEntry): Uint8Array {
  const shape = new ProtoWriter();
  for (const d of e.shape) shape.bytes(2, new ProtoWriter().uint(1, d).finish());
  return new ProtoWriter()
    .uint(1, TF_DTYPE_CODES[e.dtype])
    .bytes(2, shape.finish())
    .uint(3, e.shardId)
    .uint(4, e.offset)
    .uint(5, e.size)
    .fixed32(6, e.crc32c)
    .finish();
}
