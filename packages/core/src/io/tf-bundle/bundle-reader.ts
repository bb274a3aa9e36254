/**
 * Reading a TensorFlow tensor bundle (a V2 checkpoint): `<prefix>.index`, a table mapping "" to a
 * BundleHeaderProto and each tensor name to a BundleEntryProto, and `<prefix>.data-NNNNN-of-NNNNN`
 * shards holding the raw little-endian bytes. Platform-neutral: it takes the files' bytes.
 */

import {
  type BundleEntry,
  type BundleHeader,
  decodeEntry,
  decodeHeader,
  type TfDType,
} from './bundle-proto.js';
import { crc32c } from './crc32c.js';
import { checkCrc, readStrings } from './string-tensor.js';
import { readTable } from './table.js';
import { TfCheckpointError } from './tf-bundle-error.js';

/** The typed array a bundle tensor is read into, by dtype (16-bit floats as raw `Uint16Array`). */
export type TfTensorData =
  | Float32Array
  | Float64Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | Uint8Array[];

/**
 * A tensor as stored: row-major values in a typed array of the dtype's width. float16 and bfloat16
 * keep their raw 16-bit patterns (Uint16Array; see `tfTensorToFloat32`), bool is a Uint8Array of
 * 0/1, string is one Uint8Array per element (TensorFlow strings are bytes, not text).
 */
export interface TfTensor {
  dtype: TfDType;
  shape: number[];
  data: TfTensorData;
}

type Fixed = Exclude<TfDType, 'string'>;

/** Element width and typed-array view of the fixed-width dtypes this reader decodes. */
const FIXED: Partial<
  Record<Fixed, { bytes: number; view: (b: ArrayBuffer) => Exclude<TfTensorData, Uint8Array[]> }>
> = {
  float32: { bytes: 4, view: (b) => new Float32Array(b) },
  float64: { bytes: 8, view: (b) => new Float64Array(b) },
  int32: { bytes: 4, view: (b) => new Int32Array(b) },
  uint32: { bytes: 4, view: (b) => new Uint32Array(b) },
  int16: { bytes: 2, view: (b) => new Int16Array(b) },
  uint16: { bytes: 2, view: (b) => new Uint16Array(b) },
  float16: { bytes: 2, view: (b) => new Uint16Array(b) },
  bfloat16: { bytes: 2, view: (b) => new Uint16Array(b) },
  int8: { bytes: 1, view: (b) => new Int8Array(b) },
  uint8: { bytes: 1, view: (b) => new Uint8Array(b) },
  bool: { bytes: 1, view: (b) => new Uint8Array(b) },
  int64: { bytes: 8, view: (b) => new BigInt64Array(b) },
  uint64: { bytes: 8, view: (b) => new BigUint64Array(b) },
};

/** Byte width of a fixed-width dtype, or undefined for string and the types this reader refuses. */
export function tfDTypeBytes(dtype: TfDType): number | undefined {
  return dtype === 'string' ? undefined : FIXED[dtype]?.bytes;
}

/** `<prefix>.data-00000-of-00001`, TensorFlow's shard file name. */
export function tfDataFileName(prefix: string, shard: number, numShards: number): string {
  const p = (n: number) => String(n).padStart(5, '0');
  return `${prefix}.data-${p(shard)}-of-${p(numShards)}`;
}

/** The index file of a checkpoint prefix: `<prefix>.index`. */
export function tfIndexFileName(prefix: string): string {
  return `${prefix}.index`;
}

const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const MAX_ELEMENTS = 2 ** 31 - 1;

/** The files of a tensor bundle in memory: the `.index` table and the data shards. */
export interface TfBundleFiles {
  index: Uint8Array;
  /** Shard `i` is the bytes of `<prefix>.data-i-of-N`; an absent one is reported by name. */
  shards: ReadonlyArray<Uint8Array | undefined>;
}

/** The header and entries of an index file (no data read). */
export function parseTfBundleIndex(
  index: Uint8Array,
  file = 'index',
): { header: BundleHeader; entries: Map<string, BundleEntry> } {
  const rows = readTable(index, { file });
  if (rows.length === 0 || rows[0].key.length !== 0) {
    throw new TfCheckpointError('BAD_PROTO', 'the first table entry is not the bundle header (empty key)', {
      file,
    });
  }
  const header = decodeHeader(rows[0].value, { file, tensor: '' });
  const dec = new TextDecoder();
  const entries = new Map<string, BundleEntry>();
  for (const r of rows.slice(1)) {
    const name = dec.decode(r.key);
    entries.set(name, decodeEntry(r.value, { file, tensor: name }));
  }
  return { header, entries };
}

/** A parsed bundle: entries from the index, tensors read (and CRC-checked) on demand. */
export class TfBundle {
  readonly header: BundleHeader;
  private readonly entries: Map<string, BundleEntry>;

  private constructor(
    parsed: { header: BundleHeader; entries: Map<string, BundleEntry> },
    private readonly shards: ReadonlyArray<Uint8Array | undefined>,
    /** Checkpoint prefix used in error messages and shard names. */
    readonly prefix: string,
  ) {
    this.header = parsed.header;
    this.entries = parsed.entries;
  }

  /** Parses the index and checks the header against the shards given. */
  static parse(files: TfBundleFiles, opts: { prefix?: string } = {}): TfBundle {
    const prefix = opts.prefix ?? 'checkpoint';
    const file = tfIndexFileName(prefix);
    const parsed = parseTfBundleIndex(files.index, file);
    const h = parsed.header;
    if (h.endianness !== 0) {
      throw new TfCheckpointError(
        'UNSUPPORTED',
        'the bundle was written big-endian; only little-endian is read',
        { file },
      );
    }
    if (h.version.minConsumer > 1 || h.version.badConsumers.includes(1) || h.version.producer < 0) {
      throw new TfCheckpointError(
        'UNSUPPORTED',
        `bundle format version (producer ${h.version.producer}, min consumer ${h.version.minConsumer}) needs a newer reader than version 1`,
        { file },
      );
    }
    if (h.numShards < 1 || h.numShards > 99999) {
      throw new TfCheckpointError('BAD_PROTO', `header declares ${h.numShards} data shards`, { file });
    }
    for (let i = 0; i < h.numShards; i++) {
      if (!files.shards[i]) {
        throw new TfCheckpointError('MISSING_SHARD', `data shard ${i} of ${h.numShards} is missing`, {
          file: tfDataFileName(prefix, i, h.numShards),
        });
      }
    }
    for (const [name, e] of parsed.entries) {
      if (e.slices === 0 && (e.shardId < 0 || e.shardId >= h.numShards)) {
        throw new TfCheckpointError(
          'BAD_PROTO',
          `shard id ${e.shardId}, the header declares ${h.numShards} shards`,
          {
            file,
            tensor: name,
          },
        );
      }
    }
    return new TfBundle(parsed, files.shards, prefix);
  }

  /** Tensor names in the index's (sorted) order, the header excluded. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /** Whether the bundle holds a tensor named `name`. */
  has(name: string): boolean {
    return this.entries.has(name);
  }

  /**
   * The index entry of tensor `name`. Throws `TfCheckpointError` (code `NOT_FOUND`) when there is
   * none.
   */
  entry(name: string): BundleEntry {
    const e = this.entries.get(name);
    if (!e)
      throw new TfCheckpointError('NOT_FOUND', 'no such tensor in the bundle', {
        file: this.indexFile,
        tensor: name,
      });
    return e;
  }

  get indexFile(): string {
    return tfIndexFileName(this.prefix);
  }

  /** The tensor `name`, its bytes checked against the entry's size and CRC32C. */
  read(name: string): TfTensor {
    const e = this.entry(name);
    if (e.slices > 0) {
      throw new TfCheckpointError('UNSUPPORTED', `a partitioned variable (${e.slices} slices)`, {
        file: this.indexFile,
        tensor: name,
      });
    }
    const file = tfDataFileName(this.prefix, e.shardId, this.header.numShards);
    const where = { file, tensor: name };
    const shard = this.shards[e.shardId]!;
    if (e.offset + e.size > shard.length) {
      throw new TfCheckpointError(
        'TRUNCATED',
        `bytes [${e.offset}, ${e.offset + e.size}) expected, the file has ${shard.length}`,
        where,
      );
    }
    let numel = 1;
    for (const d of e.shape) numel *= d;
    if (numel > MAX_ELEMENTS)
      throw new TfCheckpointError('UNSUPPORTED', `shape [${e.shape}] is too large`, where);
    const bytes = shard.subarray(e.offset, e.offset + e.size);
    if (e.dtype === 'string')
      return { dtype: e.dtype, shape: e.shape, data: readStrings(bytes, numel, e.crc32c, where) };
    const spec = FIXED[e.dtype];
    if (!spec) throw new TfCheckpointError('UNSUPPORTED', `dtype ${e.dtype} is not read`, where);
    if (e.size !== numel * spec.bytes) {
      throw new TfCheckpointError(
        'SIZE_MISMATCH',
        `${e.dtype}[${e.shape}] needs ${numel * spec.bytes} bytes, the entry says ${e.size}`,
        where,
      );
    }
    checkCrc(crc32c(bytes), e.crc32c, where);
    if (!HOST_LE && spec.bytes > 1) throw new TfCheckpointError('UNSUPPORTED', 'a big-endian host', where);
    // A copy: the shard offset need not be aligned for the typed array, and callers may keep it.
    return { dtype: e.dtype, shape: e.shape, data: spec.view(new Uint8Array(bytes).buffer) };
  }
}
