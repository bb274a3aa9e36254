import * as tf from '@tensorflow/tfjs-core';

/** Disposes the tensors found at the top level of a batch object (the Trainer owns them). */
export function disposeBatch(batch: unknown): void {
  if (batch instanceof tf.Tensor) batch.dispose();
  else if (batch && typeof batch === 'object') {
    for (const v of Object.values(batch)) if (v instanceof tf.Tensor) v.dispose();
  }
}

/** Non-padding tokens in a batch: the attention-mask sum, else the size of `inputIds`. */
export async function batchTokens(batch: unknown): Promise<number> {
  if (!batch || typeof batch !== 'object') return 0;
  const b = batch as Record<string, unknown>;
  const sum = (x: unknown): number => {
    if (Array.isArray(x)) return x.reduce((a: number, y) => a + (typeof y === 'number' ? y : sum(y)), 0);
    return 0;
  };
  if (b.attentionMask instanceof tf.Tensor) {
    const t = tf.sum(b.attentionMask);
    const v = (await t.data())[0];
    t.dispose();
    return v;
  }
  const size = (x: unknown): number => {
    if (x instanceof tf.Tensor) return x.size;
    if (Array.isArray(x)) return x.reduce((a: number, y) => a + (Array.isArray(y) ? size(y) : 1), 0);
    return 0;
  };
  if (b.attentionMask != null) return sum(b.attentionMask);
  return size(b.inputIds);
}

/** An async iterator over a sync one. */
export function toAsync<T>(it: Iterator<T>): AsyncIterator<T> {
  return {
    next: async () => it.next(),
    return: async (v?: unknown) => (it.return ? it.return(v as T) : { done: true, value: v as T }),
  };
}

export function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
