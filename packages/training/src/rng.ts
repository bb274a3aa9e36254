import { fnv1a32, xoshiro128Next, xoshiro128Seed } from '@albert-ts/core';
import { TrainingError } from './errors.js';

/** The serialisable state of a {@link Rng}: four unsigned 32-bit words. */
export type RngState = [number, number, number, number];

/**
 * A small seeded PRNG whose state can be saved and restored exactly, so a resumed run draws the
 * same numbers an uninterrupted one would. Not cryptographic. The generator is core's
 * (xoshiro128** seeded by splitmix32, `xoshiro128Seed`/`xoshiro128Next`); this class adds the
 * draws training needs and the checks on seeds and saved states.
 */
export class Rng {
  private s: Uint32Array;

  constructor(seed: number | string = 0) {
    if (typeof seed === 'number' && !Number.isSafeInteger(seed)) {
      throw new TrainingError('INVALID_OPTION', `seed: expected a safe integer or a string, found ${seed}`);
    }
    const x =
      typeof seed === 'string' ? fnv1a32(seed) : ((seed >>> 0) ^ (Math.floor(seed / 2 ** 32) >>> 0)) >>> 0;
    this.s = xoshiro128Seed(x);
  }

  /** A generator continuing from a saved state (see `getState`). */
  static fromState(state: RngState): Rng {
    const r = new Rng(0);
    r.setState(state);
    return r;
  }

  /** The generator's state, to save with a checkpoint. */
  getState(): RngState {
    return [this.s[0], this.s[1], this.s[2], this.s[3]];
  }

  /**
   * Restores a saved state. Throws `TrainingError` when it is not four 32-bit words, not all zero.
   */
  setState(state: RngState): void {
    if (
      !Array.isArray(state) ||
      state.length !== 4 ||
      !state.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32) ||
      state.every((w) => w === 0)
    ) {
      throw new TrainingError(
        'BAD_STATE',
        `RNG state: expected four uint32 words, not all 0, found ${JSON.stringify(state)}`,
      );
    }
    this.s.set(state);
  }

  /** A uniform unsigned 32-bit integer. */
  nextUint32(): number {
    return xoshiro128Next(this.s);
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  random(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** A uniform integer in [a, b], both ends included (like Python's `random.randint`). */
  randint(a: number, b: number): number {
    if (b < a) throw new TrainingError('INVALID_INPUT', `randint: empty range [${a}, ${b}]`);
    const span = b - a + 1;
    if (span <= 2 ** 32) {
      // Rejection sampling keeps it exactly uniform.
      const limit = 2 ** 32 - (2 ** 32 % span);
      for (;;) {
        const x = this.nextUint32();
        if (x < limit) return a + (x % span);
      }
    }
    return a + Math.floor(this.random() * span);
  }

  /** Fisher–Yates shuffle in place (Python's `random.shuffle` order of draws). */
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.randint(0, i);
      const t = xs[i];
      xs[i] = xs[j];
      xs[j] = t;
    }
    return xs;
  }

  /** An index drawn with probability proportional to `weights[i]`. */
  choice(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i];
    let u = this.random() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) return i;
    }
    return weights.length - 1;
  }

  /** A 31-bit integer seed for things that take one (model init, dropout). */
  nextSeed(): number {
    return this.nextUint32() >>> 1;
  }
}
