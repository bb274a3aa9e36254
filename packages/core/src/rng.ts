// The project's one seeded generator: xoshiro128** (32-bit) seeded by splitmix32. Core draws its
// initial weights from it; @albert-ts/training's `Rng` (data order, masking, dropout seeds) wraps
// the same functions, so the two never drift apart. Changing any of them changes every seeded run.

/** The state of an xoshiro128** generator: four 32-bit words, not all zero. */
export type Xoshiro128State = Uint32Array;

/** splitmix32 from a 32-bit seed: a stream of well-mixed words (used to fill an xoshiro state). */
export function splitmix32(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x9e3779b9) | 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A fresh xoshiro128** state from a 32-bit seed (four splitmix32 words; never all zero). */
export function xoshiro128Seed(seed: number): Xoshiro128State {
  const next = splitmix32(seed);
  const s = new Uint32Array([next(), next(), next(), next()]);
  if (s[0] === 0 && s[1] === 0 && s[2] === 0 && s[3] === 0) s[0] = 1;
  return s;
}

/** One xoshiro128** step: advances `s` in place and returns a uniform unsigned 32-bit integer. */
export function xoshiro128Next(s: Xoshiro128State): number {
  const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
  const t = s[1] << 9;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 11);
  return result;
}

/** FNV-1a over UTF-16 code units: a string seed or key as 32 bits. */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Seeded normal samples for weight initialisation: the same seed gives the same weights on every
 * backend and platform (tfjs' own RNG depends on op order). Each parameter draws from a stream
 * keyed by (seed, name), so adding a head does not change the encoder's initial weights.
 */
export function seededNormal(seed: number, key: string, n: number, std: number): Float32Array {
  const s = xoshiro128Seed(fnv1a32(key) ^ Math.imul(seed | 0, 0x9e3779b1) ^ Math.floor(seed / 0x100000000));
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    // Box–Muller on (0,1] uniforms from 32-bit draws.
    const u1 = (xoshiro128Next(s) + 1) / 4294967296;
    const u2 = xoshiro128Next(s) / 4294967296;
    const r = Math.sqrt(-2 * Math.log(u1)) * std;
    out[i] = r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
