import * as tf from '@tensorflow/tfjs-core';
import { AlbertError } from '../errors.js';

/** Which values an id input may hold: `[lo, hi)`, plus any of `also` (e.g. -100 for labels). */
export interface IdRange {
  lo: number;
  hi: number;
  /** How the range is described in errors, e.g. `ids in [0, 30000) (vocab_size)`. */
  what: string;
  also?: readonly number[];
}

function bad(msg: string): AlbertError {
  return new AlbertError('INVALID_INPUT', msg);
}

/**
 * Checks an id tensor's VALUES as given, before any cast: tfjs' float32 → int32 cast wraps
 * (2^32 becomes 0, 1e12 becomes −727384064 on cpu and wasm), so checking after the cast lets
 * out-of-range ids through as valid ones. One `dataSync` of the original tensor, whatever its
 * dtype; bool tensors are refused unless `allowBool` (a mask is 0/1 by construction, an id is
 * not). Returns an int32 tensor (the input itself when it already is one).
 */
export function checkedIds(
  t: tf.Tensor,
  name: string,
  range: IdRange,
  opts: { allowBool?: boolean } = {},
): tf.Tensor {
  if (t.dtype === 'bool' && !opts.allowBool) {
    throw bad(`${name}: expected integer ids, found a bool tensor (cast it to int32 if 0/1 ids are meant)`);
  }
  if (t.dtype !== 'int32' && t.dtype !== 'float32' && t.dtype !== 'bool') {
    throw bad(`${name}: expected a numeric tensor, found ${t.dtype}`);
  }
  const v = t.dataSync();
  const float = t.dtype === 'float32';
  const { lo, hi, also } = range;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x >= lo && x < hi && (!float || Number.isInteger(x))) continue;
    if (also?.includes(x)) continue;
    if (!Number.isFinite(x)) throw bad(`${name}: value ${x} at flat index ${i} is not finite`);
    if (!Number.isInteger(x)) throw bad(`${name}: expected integers, found ${x} at flat index ${i}`);
    throw bad(`${name}: value ${x} at flat index ${i} is out of range: expected ${range.what}`);
  }
  return t.dtype === 'int32' ? t : tf.cast(t, 'int32');
}

/**
 * Refuses float values that an int32 cast would change (non-finite, fractional, outside int32):
 * what `toTensor(x, name, 'int32')` checks for a float32 tensor, so that labels and positions
 * cannot wrap either. Bool is exact as 0/1 and passes.
 */
export function checkInt32Exact(t: tf.Tensor, name: string): void {
  if (t.dtype !== 'float32') return;
  const v = t.dataSync();
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (Number.isInteger(x) && x >= -2147483648 && x <= 2147483647) continue;
    if (!Number.isFinite(x)) throw bad(`${name}: value ${x} at flat index ${i} is not finite`);
    if (!Number.isInteger(x)) throw bad(`${name}: expected integers, found ${x} at flat index ${i}`);
    throw bad(`${name}: value ${x} at flat index ${i} does not fit a 32-bit integer`);
  }
}
