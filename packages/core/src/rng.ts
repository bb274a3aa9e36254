/**
 * Seeded normal samples for weight initialisation: the same seed gives the same weights on every
 * backend and platform (tfjs' own RNG depends on op order). Each parameter draws from a stream
 * keyed by (seed, name), so adding a head does not change the encoder's initial weights.
 */
export function seededNormal(seed: number, key: string, n: number, std: number): Float32Array {
  const s = splitmix(hashString(key) ^ Math.imul(seed | 0, 0x9e3779b1) ^ Math.floor(seed / 0x100000000));
  let a = s();
  let b = s();
  let c = s();
  let d = s();
  // xoshiro128** (32-bit): fast and well distributed.
  const next = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    // Box–Muller on (0,1] uniforms from 32-bit draws.
    const u1 = (next() + 1) / 4294967296;
    const u2 = next() / 4294967296;
    const r = Math.sqrt(-2 * Math.log(u1)) * std;
    out[i] = r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function splitmix(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x9e3779b9) | 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
