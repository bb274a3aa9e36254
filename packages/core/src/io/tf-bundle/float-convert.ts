/**
 * Float views of stored tensors: checkpoints may hold float16 or bfloat16 weights (mixed-precision
 * training) or float64, and a model loads float32.
 */
import type { TfTensor } from './bundle-reader.js';
import { TfCheckpointError } from './tf-bundle-error.js';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE half -> float (exact: every half is a float). */
export function float16ToFloat32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** bfloat16 is the upper half of a float32's bits. */
export function bfloat16ToFloat32(b: number): number {
  u32[0] = (b & 0xffff) << 16;
  return f32[0];
}

/** A NEW Float32Array of a float32/float16/bfloat16/float64 tensor; other dtypes are refused. */
export function tfTensorToFloat32(t: TfTensor, name: string): Float32Array {
  const d = t.data;
  switch (t.dtype) {
    case 'float32':
      return Float32Array.from(d as Float32Array);
    case 'float64':
      return Float32Array.from(d as Float64Array);
    case 'float16':
      return Float32Array.from(d as Uint16Array, float16ToFloat32);
    case 'bfloat16':
      return Float32Array.from(d as Uint16Array, bfloat16ToFloat32);
    default:
      throw new TfCheckpointError('UNSUPPORTED', `dtype ${t.dtype} cannot be read as float weights`, {
        tensor: name,
      });
  }
}
