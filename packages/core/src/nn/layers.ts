import * as tf from '@tensorflow/tfjs-core';
import { layerNormOp } from '../kernels/fused-ops.js';
import { linearOp } from '../kernels/mat-mul-layout.js';
import { Module, Param } from './module.js';

/** torch `nn.Linear` (`weight` [out, in] in HF, stored [in, out]; `bias` [out]). */
export class Linear extends Module {
  readonly weight: Param;
  readonly bias: Param | null;
  readonly inFeatures: number;
  readonly outFeatures: number;

  constructor(inFeatures: number, outFeatures: number, bias = true) {
    super();
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.weight = this.addParam(
      'weight',
      new Param([outFeatures, inFeatures], 'transposed', { kind: 'normal' }),
    );
    this.bias = bias ? this.addParam('bias', new Param([outFeatures], 'hf', { kind: 'zeros' })) : null;
  }

  /** `x W^T + b` over the last axis of `x` (any rank), as one 2-D untransposed matMul. */
  forward(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const lead = x.shape.slice(0, -1);
      const x2 = x.rank === 2 ? (x as tf.Tensor2D) : (tf.reshape(x, [-1, this.inFeatures]) as tf.Tensor2D);
      const y = linearOp(x2, this.weight.value as tf.Tensor2D, this.bias ? this.bias.value : undefined);
      return x.rank === 2 ? y : tf.reshape(y, [...lead, this.outFeatures]);
    });
  }
}

/** torch `nn.LayerNorm` over the last axis (biased variance, eps inside the square root). */
export class LayerNorm extends Module {
  readonly weight: Param;
  readonly bias: Param;
  readonly eps: number;

  constructor(size: number, eps: number) {
    super();
    this.eps = eps;
    this.weight = this.addParam('weight', new Param([size], 'hf', { kind: 'ones' }));
    this.bias = this.addParam('bias', new Param([size], 'hf', { kind: 'zeros' }));
  }

  /**
   * `LN(x + residual)` (HF's post-LN `LayerNorm(hidden + sublayer)`, the add fused into the same
   * kernel where backend-native registered it), or `LN(x)` without a residual.
   */
  forward(x: tf.Tensor, residual?: tf.Tensor): tf.Tensor {
    return layerNormOp(x, this.weight.value, this.bias.value, this.eps, residual);
  }
}

/** torch `nn.Embedding` (`weight` [num, dim], same layout as HF). */
export class Embedding extends Module {
  readonly weight: Param;
  constructor(num: number, dim: number, paddingIdx: number | null = null) {
    super();
    this.weight = this.addParam(
      'weight',
      new Param([num, dim], 'hf', { kind: 'normal', zeroRow: paddingIdx }),
    );
  }

  /**
   * The rows of the embedding matrix for integer `ids` (any shape) → shape `[...ids.shape, dim]`.
   */
  forward(ids: tf.Tensor): tf.Tensor {
    return tf.gather(this.weight.value, ids);
  }
}

/** Inverted dropout, active only when `training` and `rate > 0` (a clone otherwise is avoided). */
export function dropout(x: tf.Tensor, rate: number | null | undefined, training: boolean): tf.Tensor {
  return training && rate != null && rate > 0 ? tf.dropout(x, rate) : x;
}
