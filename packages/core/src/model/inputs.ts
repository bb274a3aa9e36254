import * as tf from '@tensorflow/tfjs-core';
import type { AlbertConfig } from '../config.js';
import { AlbertError, describe } from '../errors.js';

/** An integer input: an int32 tensor or nested number arrays. */
export type IntInput = tf.Tensor | number[] | number[][] | number[][][];
/** A numeric input (labels of a regression / multi-label head may be floats). */
export type NumInput = tf.Tensor | number[] | number[][] | number[][][];

/** The encoder's inputs under HF's camelCase names. */
export interface AlbertInputs {
  inputIds: IntInput;
  attentionMask?: IntInput | null;
  tokenTypeIds?: IntInput | null;
}

/** Validated `[batch, seq]` int32 tensors (owned by the caller's tidy scope). */
export interface EncoderInputs {
  inputIds: tf.Tensor2D;
  attentionMask: tf.Tensor2D;
  tokenTypeIds: tf.Tensor2D;
}

function bad(msg: string): AlbertError {
  return new AlbertError('INVALID_INPUT', msg);
}

function shapeOfNested(v: unknown, name: string): number[] {
  const shape: number[] = [];
  let cur: unknown = v;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0];
  }
  if (shape.length === 0)
    throw bad(`${name}: expected a tensor or nested number arrays, found ${describe(v)}`);
  return shape;
}

/** Flattens nested arrays, checking that they are rectangular numbers. */
function flatten(v: unknown, shape: number[], name: string): number[] {
  const out: number[] = [];
  const rec = (x: unknown, d: number): void => {
    if (d === shape.length) {
      if (typeof x !== 'number') throw bad(`${name}: expected numbers, found ${describe(x)}`);
      out.push(x);
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[d]) {
      throw bad(
        `${name}: ragged nested array (expected length ${shape[d]} at depth ${d}, found ${describe(x)})`,
      );
    }
    for (const e of x) rec(e, d + 1);
  };
  rec(v, 0);
  return out;
}

/** Converts an input to a tensor of `dtype`; tensors are cast (their values checked by the caller). */
export function toTensor(v: unknown, name: string, dtype: 'int32' | 'float32'): tf.Tensor {
  if (v instanceof tf.Tensor) {
    if (v.isDisposed) throw bad(`${name}: the tensor has been disposed`);
    if (v.dtype === 'string' || v.dtype === 'complex64')
      throw bad(`${name}: expected a numeric tensor, found ${v.dtype}`);
    return v.dtype === dtype ? v : tf.cast(v, dtype);
  }
  const shape = shapeOfNested(v, name);
  const flat = flatten(v, shape, name);
  if (dtype === 'int32') {
    for (const x of flat) {
      if (!Number.isInteger(x) || x < -2147483648 || x > 2147483647) {
        throw bad(`${name}: expected 32-bit integers, found ${x}`);
      }
    }
  }
  return tf.tensor(flat, shape, dtype);
}

function checkRange(t: tf.Tensor, name: string, lo: number, hi: number, what: string): void {
  const src = t.dataSync();
  for (let i = 0; i < src.length; i++) {
    const x = src[i];
    if (!(x >= lo && x < hi)) {
      throw bad(`${name}: value ${x} at flat index ${i} is out of range: expected ${what}`);
    }
  }
}

function checkIntegral(t: tf.Tensor, name: string): void {
  if (t.dtype !== 'float32') return;
  const src = t.dataSync();
  for (let i = 0; i < src.length; i++) {
    if (!Number.isInteger(src[i]))
      throw bad(`${name}: expected integer ids, found ${src[i]} at flat index ${i}`);
  }
}

/**
 * Checks and completes the encoder inputs: `inputIds` `[batch, seq]` of ids in `[0, vocab_size)`,
 * `seq <= max_position_embeddings`, a mask and token types of the same shape (defaults: all ones,
 * all zeros, as HF). Call inside `tf.tidy`. Values are read synchronously (`dataSync`), cheap for
 * id tensors and what keeps out-of-range ids away from the gather kernels.
 */
export function prepareEncoderInputs(config: AlbertConfig, inputs: AlbertInputs, rank = 2): EncoderInputs {
  if (inputs === null || typeof inputs !== 'object')
    throw bad(`inputs: expected an object, found ${describe(inputs)}`);
  if (inputs.inputIds == null) throw bad('inputIds: required');
  const rawIds = inputs.inputIds instanceof tf.Tensor ? inputs.inputIds : null;
  if (rawIds) checkIntegral(rawIds, 'inputIds');
  let ids = toTensor(inputs.inputIds, 'inputIds', 'int32');
  if (ids.rank !== rank) throw bad(`inputIds: expected rank ${rank}, found shape [${ids.shape}]`);
  if (ids.size === 0) throw bad(`inputIds: empty batch or sequence (shape [${ids.shape}])`);
  const seqLen = ids.shape[rank - 1];
  if (seqLen > config.maxPositionEmbeddings) {
    throw bad(
      `inputIds: sequence length ${seqLen} exceeds max_position_embeddings (${config.maxPositionEmbeddings})`,
    );
  }
  checkRange(ids, 'inputIds', 0, config.vocabSize, `ids in [0, ${config.vocabSize}) (vocab_size)`);
  const fullShape = ids.shape;
  const mask = companion(inputs.attentionMask, 'attentionMask', fullShape, () => tf.onesLike(ids));
  const mv = mask.dataSync();
  for (let i = 0; i < mv.length; i++) {
    if (mv[i] !== 0 && mv[i] !== 1)
      throw bad(`attentionMask: expected 0 or 1, found ${mv[i]} at flat index ${i}`);
  }
  const types = companion(inputs.tokenTypeIds, 'tokenTypeIds', fullShape, () => tf.zerosLike(ids));
  checkRange(
    types,
    'tokenTypeIds',
    0,
    config.typeVocabSize,
    `ids in [0, ${config.typeVocabSize}) (type_vocab_size)`,
  );
  if (rank !== 2) {
    ids = tf.reshape(ids, [-1, seqLen]);
    return {
      inputIds: ids as tf.Tensor2D,
      attentionMask: tf.reshape(mask, [-1, seqLen]) as tf.Tensor2D,
      tokenTypeIds: tf.reshape(types, [-1, seqLen]) as tf.Tensor2D,
    };
  }
  return {
    inputIds: ids as tf.Tensor2D,
    attentionMask: mask as tf.Tensor2D,
    tokenTypeIds: types as tf.Tensor2D,
  };
}

function companion(
  v: IntInput | null | undefined,
  name: string,
  shape: number[],
  dflt: () => tf.Tensor,
): tf.Tensor {
  if (v == null) return dflt();
  if (v instanceof tf.Tensor) checkIntegral(v, name);
  const t = toTensor(v, name, 'int32');
  if (t.rank !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw bad(`${name}: shape [${t.shape}] does not match inputIds [${shape}]`);
  }
  return t;
}
