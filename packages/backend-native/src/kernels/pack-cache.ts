import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../addon.js';
import type { WasmBackendLike } from '../wasm.js';
import { heapOf, offsetOf } from '../wasm.js';
import { PackBArg, params } from './args.js';

// B operands packed once into the GEMM's panel layout and kept for the next products with the
// same B. ALBERT's layers share their weights, so a forward multiplies by each weight 12 times
// (and training's backward 12 more, transposed); unpacked, every call re-packs all of B.
//
// Why a cached pack cannot go stale. The key is the wasm backend's allocation record of the
// tensor's data (`dataIdMap.get(dataId)`), not the dataId: the backend makes a new record for
// every allocation (`write`, `move`, `makeOutput`), and every kernel, ours and tfjs's, writes
// only into outputs it has just allocated, so the floats behind one record never change. An
// update of a weight (AdamW, `Variable.assign`) gives it a new record. A disposed record is
// dropped at once (the backend's `disposeData` is wrapped), and each hit also compares a
// fingerprint of sampled elements of B, so code that writes the heap behind tfjs's back gets a
// re-pack, not a stale product. Memory is bounded (LRU, env ALBERT_NATIVE_PACK_CACHE_MB).

interface Entry {
  rec: object;
  tB: boolean;
  K: number;
  N: number;
  /** null until B is seen a second time: a B used once (an activation) is never packed. */
  buf: Float32Array | null;
  fingerprint: number;
}

/**
 * Counters of the packed-weight cache (GEMM right-hand sides packed once and reused across
 * products).
 */
export interface PackCacheStats {
  /** Products that used a cached pack. */
  hits: number;
  /** Packs made (a second sighting of a B, or a re-pack after a fingerprint mismatch). */
  packs: number;
  /** Packs thrown away because B's floats changed under the same allocation. */
  stale: number;
  evictions: number;
  entries: number;
  bytes: number;
  limitBytes: number;
}

const SAMPLES = 32;
/** Smaller B's are cheap to pack on every call. */
const MIN_ELEMENTS = 1 << 14;

function defaultLimit(): number {
  const env = typeof process !== 'undefined' ? process.env.ALBERT_NATIVE_PACK_CACHE_MB : undefined;
  const mb = env === undefined || env === '' ? 256 : Number(env);
  return Number.isFinite(mb) && mb >= 0 ? mb * 2 ** 20 : 256 * 2 ** 20;
}

export class PackCache {
  private readonly byRec = new WeakMap<object, Entry[]>();
  /** Packed entries, least recently used first. */
  private readonly lru = new Set<Entry>();
  private readonly hooked = new WeakSet<object>();
  private readonly p = params(PackBArg);
  private bytes = 0;
  private limit = defaultLimit();
  private counts = { hits: 0, packs: 0, stale: 0, evictions: 0 };

  setLimit(bytes: number): void {
    if (!(bytes >= 0)) throw new RangeError(`pack cache limit must be >= 0 bytes, got ${bytes}`);
    this.limit = bytes;
    this.evictTo(bytes);
  }

  clear(): void {
    this.evictTo(0);
  }

  stats(): PackCacheStats {
    return { ...this.counts, entries: this.lru.size, bytes: this.bytes, limitBytes: this.limit };
  }

  /** The packed B for this product, or undefined (then the GEMM packs B itself, as always). */
  get(
    addon: NativeAddon,
    backend: WasmBackendLike,
    b: TensorInfo,
    tB: boolean,
    K: number,
    N: number,
  ): Float32Array | undefined {
    if (this.limit === 0 || !addon.packB || !addon.packedBLength || K * N < MIN_ELEMENTS) return undefined;
    const rec = backend.dataIdMap.get(b.dataId);
    if (!rec) return undefined;
    this.hook(backend);
    let list = this.byRec.get(rec);
    if (!list) {
      list = [];
      this.byRec.set(rec, list);
    }
    // A reshape shares the record: K, N and the transpose are part of the key.
    const e = list.find((x) => x.tB === tB && x.K === K && x.N === N);
    if (!e) {
      list.push({ rec, tB, K, N, buf: null, fingerprint: 0 });
      return undefined;
    }
    const fp = this.fingerprint(backend, b, K * N);
    if (e.buf) {
      if (fp === e.fingerprint) {
        this.lru.delete(e);
        this.lru.add(e);
        this.counts.hits++;
        return e.buf;
      }
      this.counts.stale++;
      this.release(e);
    }
    const len = addon.packedBLength(K, N);
    if (len === 0 || len * 4 > this.limit / 2) return undefined;
    this.evictTo(this.limit - len * 4);
    const buf = new Float32Array(len);
    const p = this.p;
    p[PackBArg.b] = offsetOf(backend, b);
    p[PackBArg.k] = K;
    p[PackBArg.n] = N;
    p[PackBArg.transB] = tB ? 1 : 0;
    addon.packB(heapOf(backend), p, buf);
    e.buf = buf;
    e.fingerprint = fp;
    this.bytes += buf.byteLength;
    this.lru.add(e);
    this.counts.packs++;
    return buf;
  }

  /** Bits of SAMPLES elements spread over B, mixed: a cheap guard, not a proof of equality. */
  private fingerprint(backend: WasmBackendLike, b: TensorInfo, n: number): number {
    const heap = heapOf(backend);
    const words = new Int32Array(heap.buffer, heap.byteOffset + offsetOf(backend, b), n);
    // MurmurHash3's 32-bit mixing: its rotations carry every input bit (a sign bit included)
    // into every output bit, so a few changed samples do not cancel.
    let h = n | 0;
    const step = Math.max(1, Math.floor(n / SAMPLES));
    const mix = (w: number) => {
      let k = Math.imul(w, 0xcc9e2d51);
      k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
      h ^= k;
      h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
    };
    for (let i = 0; i < n; i += step) mix(words[i]);
    mix(words[n - 1]);
    return h;
  }

  private release(e: Entry): void {
    if (e.buf) {
      this.bytes -= e.buf.byteLength;
      e.buf = null;
    }
    this.lru.delete(e);
  }

  private evictTo(bytes: number): void {
    for (const e of this.lru) {
      if (this.bytes <= bytes) break;
      this.release(e);
      const list = this.byRec.get(e.rec);
      if (list) list.splice(list.indexOf(e), 1);
      this.counts.evictions++;
    }
  }

  /** Drops a record's packs when the backend frees it (its memory is then reused). */
  private hook(backend: WasmBackendLike): void {
    if (this.hooked.has(backend)) return;
    this.hooked.add(backend);
    const dispose = backend.disposeData.bind(backend);
    backend.disposeData = (dataId: object, force?: boolean) => {
      // `has` first: the backend's `get` of an unknown id moves data from another backend.
      const map = backend.dataIdMap;
      const rec = map.has(dataId) ? map.get(dataId) : undefined;
      const freed = dispose(dataId, force);
      if (rec && !(map.has(dataId) && map.get(dataId) === rec)) {
        for (const e of this.byRec.get(rec) ?? []) this.release(e);
        this.byRec.delete(rec);
      }
      return freed;
    };
  }
}

/** The process's one cache (shared by the matMul kernels). */
export const packCache = new PackCache();
