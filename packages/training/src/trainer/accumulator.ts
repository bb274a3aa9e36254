import * as tf from '@tensorflow/tfjs-core';

/**
 * Sums gradients, losses and extra scalars over the micro-batches of one update and hands back
 * their means. Owns every tensor it was given until `finish()` (or `dispose()`).
 */
export class GradientAccumulator {
  private grads: Map<string, tf.Tensor> | null = null;
  private loss: tf.Tensor | null = null;
  private readonly extras = new Map<string, tf.Tensor>();
  count = 0;

  /** Takes ownership of `grads`, `loss` and `extras`. */
  add(grads: Map<string, tf.Tensor>, loss: tf.Scalar, extras: Record<string, tf.Scalar>): void {
    this.count += 1;
    this.loss = sum(this.loss, loss);
    for (const [k, v] of Object.entries(extras)) this.extras.set(k, sum(this.extras.get(k) ?? null, v));
    if (!this.grads) {
      this.grads = grads;
      return;
    }
    for (const [k, g] of grads) this.grads.set(k, sum(this.grads.get(k) ?? null, g));
  }

  /** Means over the micro-batches; the caller owns the returned tensors. */
  finish(): { grads: Map<string, tf.Tensor>; loss: tf.Scalar; extras: Map<string, tf.Scalar> } {
    const n = this.count;
    const mean = <T extends tf.Tensor>(t: T): T => {
      if (n === 1) return t;
      const m = tf.div(t, n) as T;
      t.dispose();
      return m;
    };
    const grads = new Map<string, tf.Tensor>();
    for (const [k, g] of this.grads ?? []) grads.set(k, mean(g));
    const extras = new Map<string, tf.Scalar>();
    for (const [k, v] of this.extras) extras.set(k, mean(v as tf.Scalar));
    const loss = mean((this.loss ?? tf.scalar(Number.NaN)) as tf.Scalar);
    this.grads = null;
    this.loss = null;
    this.extras.clear();
    return { grads, loss, extras };
  }

  dispose(): void {
    for (const g of this.grads?.values() ?? []) g.dispose();
    this.loss?.dispose();
    for (const v of this.extras.values()) v.dispose();
    this.grads = null;
    this.loss = null;
    this.extras.clear();
  }
}

/** a + b, disposing both inputs (a may be null). */
function sum(a: tf.Tensor | null, b: tf.Tensor): tf.Tensor {
  if (!a) return b;
  const s = tf.add(a, b);
  a.dispose();
  b.dispose();
  return s;
}
