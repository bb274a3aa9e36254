import * as tf from '@tensorflow/tfjs-core';
import { AlbertError } from '../errors.js';

/** Raw tensor data for the writer. F32 from Float32Array, I32 from Int32Array, etc. */
export interface RawTensor {
  dtype: 'F32' | 'I32' | 'U8' | 'BOOL' | 'F16' | 'BF16' | 'I64';
  shape: number[];
  data: Float32Array | Int32Array | Uint8Array | Uint16Array | BigInt64Array;
}

/**
 * What `writeSafetensors` takes: tensors by name, as a Map, a record or pairs, either tf.Tensors or
 * raw typed arrays.
 */
export type WritableTensors =
  | Map<string, tf.Tensor | RawTensor>
  | Record<string, tf.Tensor | RawTensor>
  | Array<[string, tf.Tensor | RawTensor]>;

function toRaw(name: string, t: tf.Tensor | RawTensor): RawTensor {
  if (!(t instanceof tf.Tensor)) return t;
  switch (t.dtype) {
    case 'float32':
      return { dtype: 'F32', shape: t.shape, data: t.dataSync() as Float32Array };
    case 'int32':
      return { dtype: 'I32', shape: t.shape, data: t.dataSync() as Int32Array };
    case 'bool':
      return { dtype: 'BOOL', shape: t.shape, data: t.dataSync() as Uint8Array };
    default:
      throw new AlbertError(
        'INVALID_INPUT',
        `writeSafetensors: tensor "${name}" has dtype ${t.dtype}, which safetensors cannot hold`,
      );
  }
}

/**
 * Serialises tensors the way HF `save_pretrained` does (safetensors' `serialize`): an u64 LE
 * header length, a compact JSON header (`__metadata__` first, then tensors sorted by name), padded
 * with spaces to a multiple of 8 so the data section stays 8-byte aligned, then the raw
 * little-endian buffers in the same order. tf.Tensors are read with `dataSync()`.
 */
export function writeSafetensors(
  tensors: WritableTensors,
  metadata: Record<string, string> | null = { format: 'pt' },
): Uint8Array {
  const entries: Array<[string, tf.Tensor | RawTensor]> =
    tensors instanceof Map
      ? [...tensors.entries()]
      : Array.isArray(tensors)
        ? tensors
        : Object.entries(tensors);
  const raws = entries.map(([n, t]) => [n, toRaw(n, t)] as [string, RawTensor]);
  raws.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  const seen = new Set<string>();
  for (const [name, r] of raws) {
    if (name === '__metadata__' || seen.has(name)) {
      throw new AlbertError('INVALID_INPUT', `writeSafetensors: duplicate or reserved tensor name "${name}"`);
    }
    seen.add(name);
    const numel = r.shape.reduce((a, b) => a * b, 1);
    if (r.data.length !== numel) {
      throw new AlbertError(
        'INVALID_INPUT',
        `writeSafetensors: tensor "${name}" has ${r.data.length} values for shape [${r.shape}]`,
      );
    }
    header[name] = { dtype: r.dtype, shape: r.shape, data_offsets: [offset, offset + r.data.byteLength] };
    offset += r.data.byteLength;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.length + offset);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, json.length, true);
  dv.setUint32(4, 0, true);
  out.set(json, 8);
  let pos = 8 + json.length;
  const le = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  for (const [, r] of raws) {
    const bytes = new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength);
    if (le || bytes.byteLength === r.data.length) out.set(bytes, pos);
    else writeLE(out, pos, r);
    pos += r.data.byteLength;
  }
  return out;
}

function writeLE(out: Uint8Array, pos: number, r: RawTensor): void {
  const dv = new DataView(out.buffer, pos, r.data.byteLength);
  const w = r.data.byteLength / r.data.length;
  for (let i = 0; i < r.data.length; i++) {
    const v = r.data[i];
    if (w === 8) dv.setBigInt64(i * 8, v as bigint, true);
    else if (w === 4 && r.dtype === 'F32') dv.setFloat32(i * 4, v as number, true);
    else if (w === 4) dv.setInt32(i * 4, v as number, true);
    else dv.setUint16(i * 2, v as number, true);
  }
}
