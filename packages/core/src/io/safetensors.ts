import * as tf from '@tensorflow/tfjs-core';
import { SafetensorsError } from '../errors.js';

/** Bytes per element of every dtype the safetensors format defines. */
const DTYPE_SIZE: Record<string, number> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  F8_E4M3: 1,
  F8_E5M2: 1,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U64: 8,
  U32: 4,
  U16: 2,
  U8: 1,
  BOOL: 1,
};

/** The reference implementation refuses headers above 100 MB; so do we, before allocating. */
export const MAX_HEADER_BYTES = 100_000_000;

/** One tensor of a safetensors header: its dtype (`F32`, `F16`, `I64`…), shape and byte range. */
export interface SafetensorsEntry {
  dtype: string;
  shape: number[];
  /** Byte range relative to the start of the data section. */
  begin: number;
  end: number;
}

/**
 * A parsed `.safetensors` file: the header's metadata and entries, and the bytes they point into
 * (no data copied).
 */
export interface SafetensorsFile {
  metadata: Record<string, string> | null;
  /** Entries in header order. */
  tensors: Map<string, SafetensorsEntry>;
  /** Absolute byte offset of the data section in `bytes`. */
  dataStart: number;
  bytes: Uint8Array;
}

function fail(problem: ConstructorParameters<typeof SafetensorsError>[0], msg: string): never {
  throw new SafetensorsError(problem, msg);
}

/** What a safetensors header says: metadata, entries and where the data section starts. */
export type SafetensorsHeader = Omit<SafetensorsFile, 'bytes'>;

/**
 * Parses and validates a safetensors buffer without copying tensor data: header length within
 * the buffer and <= 100 MB, UTF-8 JSON object, each entry a known dtype with a shape whose size
 * matches its byte range, ranges inside the data section, in order, not overlapping and covering
 * it exactly (as the reference reader demands). Errors are `SafetensorsError`s naming the tensor.
 */
export function parseSafetensors(input: Uint8Array | ArrayBuffer): SafetensorsFile {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  return { ...parseSafetensorsHeader(bytes), bytes };
}

/**
 * The header checks of {@link parseSafetensors} on the first bytes of a file: `head` holds at least
 * the 8-byte length and the header, `totalBytes` is the file's size (the data section is checked
 * against it), so a reader can list a large file's tensors without reading their data.
 */
export function parseSafetensorsHeader(head: Uint8Array, totalBytes = head.byteLength): SafetensorsHeader {
  if (totalBytes < 8 || head.byteLength < 8)
    fail('TRUNCATED', `buffer of ${totalBytes} bytes is shorter than the 8-byte header length`);
  const dv = new DataView(head.buffer, head.byteOffset, 8);
  const lo = dv.getUint32(0, true);
  const hi = dv.getUint32(4, true);
  const n = hi * 4294967296 + lo;
  if (n > MAX_HEADER_BYTES)
    fail('HEADER_TOO_LARGE', `header length ${n} exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  if (n > totalBytes - 8 || n > head.byteLength - 8) {
    fail('TRUNCATED', `header length ${n} runs past the end of the ${totalBytes}-byte buffer`);
  }
  if (n < 2) fail('HEADER_NOT_JSON', `header length ${n} is too short for a JSON object`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(8, 8 + n)));
  } catch (e) {
    fail('HEADER_NOT_JSON', `header is not UTF-8 JSON (${(e as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    fail('HEADER_NOT_JSON', 'header is not a JSON object');
  }
  const dataStart = 8 + n;
  const dataLen = totalBytes - dataStart;
  let metadata: Record<string, string> | null = null;
  const tensors = new Map<string, SafetensorsEntry>();
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
        fail('BAD_ENTRY', '__metadata__ is not an object');
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof v !== 'string') fail('BAD_ENTRY', `__metadata__.${k} is not a string`);
      }
      metadata = raw as Record<string, string>;
      continue;
    }
    tensors.set(name, checkEntry(name, raw, dataLen));
  }
  // Ranges must tile the data section: sorted by begin, each starting where the last ended.
  const sorted = [...tensors.entries()].sort((a, b) => a[1].begin - b[1].begin || a[1].end - b[1].end);
  let pos = 0;
  for (const [name, e] of sorted) {
    if (e.begin < pos)
      fail(
        'BAD_OFFSETS',
        `tensor "${name}" [${e.begin}, ${e.end}) overlaps the previous tensor (ends at ${pos})`,
      );
    if (e.begin > pos)
      fail('BAD_OFFSETS', `gap before tensor "${name}": data_offsets begin at ${e.begin}, expected ${pos}`);
    pos = e.end;
  }
  if (pos !== dataLen) {
    fail('BAD_OFFSETS', `tensors cover ${pos} bytes but the data section holds ${dataLen} bytes`);
  }
  return { metadata, tensors, dataStart };
}

function checkEntry(name: string, raw: unknown, dataLen: number): SafetensorsEntry {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    fail('BAD_ENTRY', `tensor "${name}": entry is not an object`);
  const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
  if (typeof dtype !== 'string') fail('BAD_ENTRY', `tensor "${name}": dtype is missing`);
  const size = DTYPE_SIZE[dtype];
  if (size === undefined || !Object.hasOwn(DTYPE_SIZE, dtype)) {
    fail('UNKNOWN_DTYPE', `tensor "${name}": unknown dtype ${JSON.stringify(dtype)}`);
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    fail(
      'BAD_ENTRY',
      `tensor "${name}": shape must be an array of integers >= 0, found ${JSON.stringify(shape)}`,
    );
  }
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) ||
    offsets[0] > offsets[1]
  ) {
    fail('BAD_OFFSETS', `tensor "${name}": data_offsets must be [begin, end] with 0 <= begin <= end`);
  }
  const [begin, end] = offsets as number[];
  if (end > dataLen)
    fail(
      'BAD_OFFSETS',
      `tensor "${name}": data_offsets [${begin}, ${end}) past the ${dataLen}-byte data section`,
    );
  let numel = (shape as number[]).includes(0) ? 0 : 1;
  for (const d of numel === 0 ? [] : (shape as number[])) {
    numel *= d;
    if (numel * size > dataLen) break;
  }
  if (numel * size !== end - begin) {
    fail(
      'SIZE_MISMATCH',
      `tensor "${name}": shape [${shape}] of ${dtype} needs ${numel * size} bytes, data_offsets give ${end - begin}`,
    );
  }
  return { dtype, shape: [...(shape as number[])], begin, end };
}

function f16ToF32(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? Number.NaN : s * Number.POSITIVE_INFINITY;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

/**
 * A tensor's values as a NEW Float32Array (F32 copied; F16/BF16/F64 converted). Integer dtypes
 * are refused here (model weights are floats); `readSafetensors` handles those.
 */
export function readFloat32(file: SafetensorsFile, name: string): Float32Array {
  const e = file.tensors.get(name);
  if (!e) fail('BAD_ENTRY', `no tensor named "${name}"`);
  const start = file.dataStart + e.begin;
  const len = e.end - e.begin;
  const dv = new DataView(file.bytes.buffer, file.bytes.byteOffset + start, len);
  switch (e.dtype) {
    case 'F32': {
      const out = new Float32Array(len / 4);
      new Uint8Array(out.buffer).set(file.bytes.subarray(start, start + len));
      if (!littleEndian) for (let i = 0; i < out.length; i++) out[i] = dv.getFloat32(i * 4, true);
      return out;
    }
    case 'F16': {
      const out = new Float32Array(len / 2);
      for (let i = 0; i < out.length; i++) out[i] = f16ToF32(dv.getUint16(i * 2, true));
      return out;
    }
    case 'BF16': {
      const out = new Float32Array(len / 2);
      const u = new Uint32Array(out.buffer);
      for (let i = 0; i < out.length; i++) u[i] = dv.getUint16(i * 2, true) << 16;
      return out;
    }
    case 'F64': {
      const out = new Float32Array(len / 8);
      for (let i = 0; i < out.length; i++) out[i] = dv.getFloat64(i * 8, true);
      return out;
    }
    default:
      return fail(
        'UNSUPPORTED_DTYPE',
        `tensor "${name}": dtype ${e.dtype} cannot be read as float32 weights`,
      );
  }
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function readInt32(file: SafetensorsFile, name: string, e: SafetensorsEntry): Int32Array {
  const dv = new DataView(
    file.bytes.buffer,
    file.bytes.byteOffset + file.dataStart + e.begin,
    e.end - e.begin,
  );
  const size = DTYPE_SIZE[e.dtype];
  const out = new Int32Array((e.end - e.begin) / size);
  for (let i = 0; i < out.length; i++) {
    let v: number | bigint;
    switch (e.dtype) {
      case 'I64':
        v = dv.getBigInt64(i * 8, true);
        break;
      case 'U64':
        v = dv.getBigUint64(i * 8, true);
        break;
      case 'I32':
        v = dv.getInt32(i * 4, true);
        break;
      case 'U32':
        v = dv.getUint32(i * 4, true);
        break;
      case 'I16':
        v = dv.getInt16(i * 2, true);
        break;
      case 'U16':
        v = dv.getUint16(i * 2, true);
        break;
      case 'I8':
        v = dv.getInt8(i);
        break;
      default:
        v = dv.getUint8(i);
    }
    const n = Number(v);
    if (n < -2147483648 || n > 2147483647) {
      fail('UNSUPPORTED_DTYPE', `tensor "${name}": ${e.dtype} value ${v} does not fit int32`);
    }
    out[i] = n;
  }
  return out;
}

/**
 * Reads every tensor of a safetensors buffer: float dtypes as float32 (F16/BF16/F64 upcast or
 * converted), integer dtypes as int32 (range-checked), BOOL as bool. The caller owns the tensors.
 */
export function readSafetensors(input: Uint8Array | ArrayBuffer): Map<string, tf.Tensor> {
  const file = parseSafetensors(input);
  const out = new Map<string, tf.Tensor>();
  try {
    for (const [name, e] of file.tensors) {
      if (e.dtype.startsWith('F') || e.dtype === 'BF16') {
        out.set(name, tf.tensor(readFloat32(file, name), e.shape, 'float32'));
      } else if (e.dtype === 'BOOL') {
        out.set(
          name,
          tf.tensor(file.bytes.slice(file.dataStart + e.begin, file.dataStart + e.end), e.shape, 'bool'),
        );
      } else {
        out.set(name, tf.tensor(readInt32(file, name, e), e.shape, 'int32'));
      }
    }
  } catch (err) {
    for (const t of out.values()) t.dispose();
    throw err;
  }
  return out;
}
