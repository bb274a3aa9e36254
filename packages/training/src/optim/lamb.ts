import * as tf from '@tensorflow/tfjs-core';
import { checkNumber } from '../errors.js';
import {
  compilePatterns,
  matchesAny,
  NamedOptimizer,
  type NamedVariables,
  type NamePatterns,
  type OptimizerOptions,
  type OptimizerParam,
} from './optimizer.js';

/**
 * Options of `Lamb`, as the ALBERT release's `LAMBOptimizer` (betas, epsilon, trust-ratio
 * exclusions).
 */
export interface LambOptions extends OptimizerOptions {
  /** Default 0.9. */
  beta1?: number;
  /** `[beta1, beta2]` (the torch name). */
  betas?: readonly [number, number];
  /** Default 0.999. */
  beta2?: number;
  /** Default 1e-6 (ALBERT). */
  epsilon?: number;
  /** Alias of `epsilon` (the torch name). */
  eps?: number;
  /** Names matching these get trust ratio 1. Default: the weight-decay exclusions (as in ALBERT). */
  excludeFromLayerAdaptation?: NamePatterns;
}

/**
 * LAMB as in the ALBERT release's `lamb_optimizer.py` (google-research/albert):
 *
 *     m ← β1·m + (1−β1)·g ;  v ← β2·v + (1−β2)·g²          (no bias correction)
 *     u ← m / (√v + ε)  [+ wd·w unless the name is excluded from weight decay]
 *     r ← ‖w‖/‖u‖ if both > 0 else 1  [r = 1 if the name is excluded from layer adaptation]
 *     w ← w − r·lr·u
 *
 * `g` is the (optionally globally clipped) gradient and `lr` the scheduled rate times the
 * parameter's LLRD scale. Defaults are those `optimization.py` passes (wd 0.01, ε 1e-6,
 * exclusions LayerNorm / layer_norm / bias).
 */
export class Lamb extends NamedOptimizer {
  readonly type = 'lamb';
  protected readonly slotNames = ['adam_m', 'adam_v'] as const;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly excludeFromLayerAdaptation: RegExp[];
  private readonly adapt = new Map<string, boolean>();

  constructor(params: NamedVariables, opts: LambOptions) {
    super(params, opts);
    this.beta1 = checkNumber('beta1', opts.beta1 ?? opts.betas?.[0] ?? 0.9, { min: 0, max: 1 });
    this.beta2 = checkNumber('beta2', opts.beta2 ?? opts.betas?.[1] ?? 0.999, { min: 0, max: 1 });
    this.epsilon = checkNumber('epsilon', opts.epsilon ?? opts.eps ?? 1e-6, { min: 0 });
    // As in the reference: an empty/absent list means "same as the weight-decay exclusions".
    this.excludeFromLayerAdaptation =
      opts.excludeFromLayerAdaptation && opts.excludeFromLayerAdaptation.length > 0
        ? compilePatterns('excludeFromLayerAdaptation', opts.excludeFromLayerAdaptation)
        : this.excludeFromWeightDecay;
    for (const p of this.params) this.adapt.set(p.name, !matchesAny(this.excludeFromLayerAdaptation, p.name));
  }

  /** Whether `name` gets the trust ratio. */
  usesLayerAdaptation(name: string): boolean {
    this.param(name);
    return this.adapt.get(name)!;
  }

  protected update(p: OptimizerParam, g: tf.Tensor, lr: number): void {
    const [m, v] = p.slots;
    const w = p.variable;
    const nextM = tf.add(tf.mul(m, this.beta1), tf.mul(g, 1 - this.beta1));
    const nextV = tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
    let update = tf.div(nextM, tf.add(tf.sqrt(nextV), this.epsilon));
    if (p.decay) update = tf.add(update, tf.mul(w, this.weightDecay));
    let stepSize: tf.Tensor = tf.scalar(lr);
    if (this.adapt.get(p.name)) {
      const wNorm = tf.norm(w);
      const uNorm = tf.norm(update);
      const one = tf.onesLike(wNorm);
      const ratio = tf.where(
        tf.greater(wNorm, 0),
        tf.where(tf.greater(uNorm, 0), tf.div(wNorm, uNorm), one),
        one,
      );
      stepSize = tf.mul(ratio, lr);
    }
    w.assign(tf.sub(w, tf.mul(update, stepSize)));
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
      excludeFromLayerAdaptation: this.excludeFromLayerAdaptation.map((r) => r.source),
    };
  }
}
