import { Rng } from '../rng.js';

/**
 * Runs `f` with `Math.random` drawing from a seeded generator, then restores it.
 *
 * Why: tfjs ops that take an optional seed (`tf.dropout`, `tf.randomUniform`) seed themselves from
 * ONE `Math.random()` call when none is given, and models built on tfjs-core do not pass one. So
 * a training step is reproducible — and a resumed run bit-identical to an uninterrupted one — only
 * if those calls are seeded. `f` must be synchronous (a tfjs forward/backward pass is), so no other
 * code runs while `Math.random` is replaced.
 */
export function withSeededRandom<T>(seed: number, f: () => T): T {
  const original = Math.random;
  const rng = new Rng(seed);
  Math.random = () => rng.random();
  try {
    const out = f();
    if (out && typeof (out as { then?: unknown }).then === 'function') {
      throw new Error('withSeededRandom: the function must be synchronous');
    }
    return out;
  } finally {
    Math.random = original;
  }
}
