import * as tf from '@tensorflow/tfjs-core';
import { checkNumber } from '../errors.js';
import {
  NamedOptimizer,
  type NamedVariables,
  type OptimizerOptions,
  type OptimizerParam,
} from './optimizer.js';

export interface AdamWOptions extends OptimizerOptions {
  /** Default 0.9. */
  beta1?: number;
  /** `[beta1, beta2]` (the torch name). */
  betas?: readonly [number, number];
  /** Default 0.999. */
  beta2?: number;
  /** Default 1e-8 (torch / HF TrainingArguments). */
  epsilon?: number;
  /** Alias of `epsilon` (the torch name). */
  eps?: number;
}

/**
 * AdamW with decoupled weight decay and bias correction, as `torch.optim.AdamW` (what the
 * Hugging Face Trainer uses), at step t = 1, 2, …:
 *
 *     w ← w − lr·wd·w                               (unless the name is excluded from decay)
 *     m ← β1·m + (1−β1)·g ;  v ← β2·v + (1−β2)·g²
 *     w ← w − (lr / (1−β1ᵗ)) · m / (√v / √(1−β2ᵗ) + ε)
 *
 * `g` is the (optionally globally clipped) gradient; `lr` the scheduled rate times the LLRD scale.
 */
export class AdamW extends NamedOptimizer {
  readonly type = 'adamw';
  protected readonly slotNames = ['exp_avg', 'exp_avg_sq'] as const;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  constructor(params: NamedVariables, opts: AdamWOptions) {
    super(params, opts);
    this.beta1 = checkNumber('beta1', opts.beta1 ?? opts.betas?.[0] ?? 0.9, { min: 0, max: 1 });
    this.beta2 = checkNumber('beta2', opts.beta2 ?? opts.betas?.[1] ?? 0.999, { min: 0, max: 1 });
    this.epsilon = checkNumber('epsilon', opts.epsilon ?? opts.eps ?? 1e-8, { min: 0 });
  }

  protected update(p: OptimizerParam, g: tf.Tensor, lr: number, t: number): void {
    const [m, v] = p.slots;
    let w: tf.Tensor = p.variable;
    if (p.decay) w = tf.mul(w, 1 - lr * this.weightDecay);
    const nextM = tf.add(tf.mul(m, this.beta1), tf.mul(g, 1 - this.beta1));
    const nextV = tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
    const bc1 = 1 - this.beta1 ** t;
    const bc2 = 1 - this.beta2 ** t;
    const denom = tf.add(tf.div(tf.sqrt(nextV), Math.sqrt(bc2)), this.epsilon);
    p.variable.assign(tf.sub(w, tf.mul(tf.div(nextM, denom), lr / bc1)));
    m.assign(nextM);
    v.assign(nextV);
  }

  protected hyper() {
    return {
      weightDecay: this.weightDecay,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      maxGradNorm: this.maxGradNorm,
      excludeFromWeightDecay: this.excludeFromWeightDecay.map((r) => r.source),
    };
  }
}
