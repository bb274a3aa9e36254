import { adamwUpdate } from '@albert-ts/core';
import type * as tf from '@tensorflow/tfjs-core';
import { checkNumber } from '../errors.js';
import {
  NamedOptimizer,
  type NamedVariables,
  type OptimizerOptions,
  type OptimizerParam,
} from './optimizer.js';

/** Options of `AdamW`, as `torch.optim.AdamW`'s (betas, eps; weight decay default 0.01). */
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
    // One fused pass where the backend has it (backend-native), else the same float32 ops.
    const next = adamwUpdate(p.variable, g, m, v, {
      lr,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      weightDecay: this.weightDecay,
      decay: p.decay,
      step: t,
    });
    p.variable.assign(next.w);
    m.assign(next.m);
    v.assign(next.v);
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
