import * as tf from '@tensorflow/tfjs-core';
import type { AlbertConfig } from '../config.js';
import { AlbertError, describeValue } from '../errors.js';
import { checkedIds, checkInt32Exact, type IdRange } from './check-ids.js';

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
    throw bad(`${name}: expected a tensor or nested number arrays, found ${describeValue(v)}`);
  return shape;
}

/** Flattens nested arrays, checking that they are rectangular numbers. */
function flatten(v: unknown, shape: number[], name: string): number[] {
  const out: number[] = [];
  const rec = (x: unknown, d: number): void => {
    if (d === shape.length) {
      if (typeof x !== 'number') throw bad(`${name}: expected numbers, found ${describeValue(x)}`);
      out.push(x);
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[d]) {
      throw bad(
        `${name}: ragged nested array (expected length ${shape[d]} at depth ${d}, found ${describeValue(x)})`,
      );
    }
    for (const e of x) rec(e, d + 1);
  };
  rec(v, 0);
  return out;
}

/**
 * Converts an input to a tensor of `dtype`. Tensors are cast; a float32 tensor cast to int32 must
 * hold values the cast keeps exactly (integers within int32), or the cast would wrap them silently.
 */
export function toTensor(v: unknown, name: string, dtype: 'int32' | 'float32'): tf.Tensor {
  if (v instanceof tf.Tensor) {
    checkLive(v, name);
    if (v.dtype === dtype) return v;
    if (dtype === 'int32') checkInt32Exact(v, name);
    return tf.cast(v, dtype);
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

function checkLive(v: tf.Tensor, name: string): void {
  if (v.isDisposed) throw bad(`${name}: the tensor has been disposed`);
  if (v.dtype === 'string' || v.dtype === 'complex64')
    throw bad(`${name}: expected a numeric tensor, found ${v.dtype}`);
}

/** A tensor as given (values unchecked), or nested arrays as an int32 tensor (int32-checked). */
function rawIds(v: unknown, name: string): tf.Tensor {
  if (v instanceof tf.Tensor) {
    checkLive(v, name);
    return v;
  }
  return toTensor(v, name, 'int32');
}

/**
 * Checks and completes the encoder inputs: `inputIds` `[batch, seq]` of ids in `[0, vocab_size)`,
 * `seq <= max_position_embeddings`, a mask and token types of the same shape (defaults: all ones,
 * all zeros, as HF). Call inside `tf.tidy`. Values are read synchronously (`dataSync`), cheap for
 * id tensors and what keeps out-of-range ids away from the gather kernels.
 */
export function prepareEncoderInputs(config: AlbertConfig, inputs: AlbertInputs, rank = 2): EncoderInputs {
  if (inputs === null || typeof inputs !== 'object')
    throw bad(`inputs: expected an object, found ${describeValue(inputs)}`);
  if (inputs.inputIds == null) throw bad('inputIds: required');
  const given = rawIds(inputs.inputIds, 'inputIds');
  if (given.rank !== rank) throw bad(`inputIds: expected rank ${rank}, found shape [${given.shape}]`);
  if (given.size === 0) throw bad(`inputIds: empty batch or sequence (shape [${given.shape}])`);
  const seqLen = given.shape[rank - 1];
  if (seqLen > config.maxPositionEmbeddings) {
    throw bad(
      `inputIds: sequence length ${seqLen} exceeds max_position_embeddings (${config.maxPositionEmbeddings})`,
    );
  }
  let ids = checkedIds(given, 'inputIds', {
    lo: 0,
    hi: config.vocabSize,
    what: `ids in [0, ${config.vocabSize}) (vocab_size)`,
  });
  const fullShape = ids.shape;
  const mask = companion(inputs.attentionMask, 'attentionMask', fullShape, MASK, true) ?? tf.onesLike(ids);
  const types =
    companion(inputs.tokenTypeIds, 'tokenTypeIds', fullShape, {
      lo: 0,
      hi: config.typeVocabSize,
      what: `ids in [0, ${config.typeVocabSize}) (type_vocab_size)`,
    }) ?? tf.zerosLike(ids);
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

/** Mask values: 0 or 1 (a bool mask is fine; 2^32 as float is not, though int32 would wrap it to 0). */
const MASK: IdRange = { lo: 0, hi: 2, what: '0 or 1' };

/** A mask or token types: null when absent (the caller makes the default), else shape- and value-checked. */
function companion(
  v: IntInput | null | undefined,
  name: string,
  shape: number[],
  range: IdRange,
  allowBool = false,
): tf.Tensor | null {
  if (v == null) return null;
  const t = rawIds(v, name);
  if (t.rank !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw bad(`${name}: shape [${t.shape}] does not match inputIds [${shape}]`);
  }
  return checkedIds(t, name, range, { allowBool });
}
