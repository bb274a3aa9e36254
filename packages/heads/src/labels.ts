import { AlbertError, type NumInput, toTensor } from '@albert-ts/core';
import * as tf from '@tensorflow/tfjs-core';

function bad(msg: string): AlbertError {
  return new AlbertError('INVALID_INPUT', msg);
}

function checkShape(t: tf.Tensor, name: string, shape: number[]): void {
  if (t.rank !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw bad(`${name}: expected shape [${shape}], found [${t.shape}]`);
  }
}

/**
 * Class-index labels as int32: each value in `[0, numClasses)` or `ignoreIndex` (torch would
 * fail on anything else). Call inside `tf.tidy`.
 */
export function classLabels(
  v: NumInput,
  name: string,
  shape: number[],
  numClasses: number,
  ignoreIndex = -100,
): tf.Tensor {
  if (v instanceof tf.Tensor && v.dtype === 'float32') {
    const d = v.dataSync();
    for (let i = 0; i < d.length; i++)
      if (!Number.isInteger(d[i])) throw bad(`${name}: expected integer class ids, found ${d[i]}`);
  }
  const t = toTensor(v, name, 'int32');
  checkShape(t, name, shape);
  const d = t.dataSync();
  for (let i = 0; i < d.length; i++) {
    if (d[i] !== ignoreIndex && !(d[i] >= 0 && d[i] < numClasses)) {
      throw bad(
        `${name}: label ${d[i]} at flat index ${i} is outside [0, ${numClasses}) and is not ${ignoreIndex}`,
      );
    }
  }
  return t;
}

/** Integer positions (any value; the QA head clamps them as HF does), shape-checked. */
export function positions(v: NumInput, name: string, shape: number[]): tf.Tensor {
  const t = toTensor(v, name, 'int32');
  checkShape(t, name, shape);
  return t;
}

/** Float targets (regression / multi-label), shape-checked against one of the allowed shapes. */
export function floatTargets(v: NumInput, name: string, shapes: number[][]): tf.Tensor {
  const t = toTensor(v, name, 'float32');
  if (!shapes.some((s) => t.rank === s.length && t.shape.every((d, i) => d === s[i]))) {
    throw bad(`${name}: expected shape ${shapes.map((s) => `[${s}]`).join(' or ')}, found [${t.shape}]`);
  }
  return t;
}

/** True when the labels are integer-typed (HF's `labels.dtype in (long, int)`). */
export function isIntegerLabels(v: NumInput): boolean {
  if (v instanceof tf.Tensor) return v.dtype === 'int32' || v.dtype === 'bool';
  const flat = (Array.isArray(v) ? (v as unknown[]).flat(3) : []) as unknown[];
  return flat.every((x) => typeof x === 'number' && Number.isInteger(x));
}

/** Rank of a label input (tensor or nested arrays). */
export function rankOf(v: NumInput): number {
  if (v instanceof tf.Tensor) return v.rank;
  let r = 0;
  let cur: unknown = v;
  while (Array.isArray(cur)) {
    r++;
    cur = cur[0];
  }
  return r;
}
