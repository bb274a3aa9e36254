import type * as tf from '@tensorflow/tfjs-core';
import { AlbertError } from '../errors.js';
import { parseSafetensors, readFloat32, type SafetensorsFile } from './safetensors.js';

/**
 * Named float weights in HF layout, read one at a time so that loading never holds more than the
 * source plus one tensor's copy beyond the model itself.
 */
export interface WeightSource {
  /** The tensor names (HF state_dict keys). */
  names(): string[];
  /** The shape of tensor `name`, known without reading its data. */
  shape(name: string): number[];
  /** The stored dtype (safetensors name: F32, F16, I64, …), known without reading the data. */
  dtype?(name: string): string | undefined;
  /** A NEW row-major Float32Array of the tensor in HF layout. */
  read(name: string): Float32Array;
}

/**
 * A `WeightSource` over a `.safetensors` file's bytes (parsed here) or a parsed file; F16, BF16 and
 * F64 tensors are converted to float32 when read.
 */
export function safetensorsSource(bytes: Uint8Array | ArrayBuffer | SafetensorsFile): WeightSource {
  const file = bytes instanceof Uint8Array || bytes instanceof ArrayBuffer ? parseSafetensors(bytes) : bytes;
  return {
    names: () => [...file.tensors.keys()],
    shape: (n) => [...(file.tensors.get(n)?.shape ?? [])],
    dtype: (n) => file.tensors.get(n)?.dtype,
    read: (n) => readFloat32(file, n),
  };
}

/**
 * A `WeightSource` over tensors already in memory, by HF name; reading copies the data (the map's
 * tensors stay the caller's).
 */
export function tensorMapSource(map: Map<string, tf.Tensor>): WeightSource {
  return {
    names: () => [...map.keys()],
    shape: (n) => [...(map.get(n)?.shape ?? [])],
    dtype: (n) => {
      const d = map.get(n)?.dtype;
      return d === 'float32' ? 'F32' : d;
    },
    read: (n) => {
      const t = map.get(n);
      if (!t || t.isDisposed)
        throw new AlbertError('INVALID_INPUT', `weights: tensor "${n}" is missing or disposed`);
      if (t.dtype !== 'float32')
        throw new AlbertError('INVALID_INPUT', `weights: tensor "${n}" is ${t.dtype}, expected float32`);
      return Float32Array.from(t.dataSync() as Float32Array);
    },
  };
}
