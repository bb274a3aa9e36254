import { type PackCacheStats, packCache } from './kernels/pack-cache.js';

/** Counters and size of the cache of pre-packed weight matrices (B operands of the GEMM). */
export function packCacheStats(): PackCacheStats {
  return packCache.stats();
}

/** Caps the cache (bytes; 0 turns it off). Default: env ALBERT_NATIVE_PACK_CACHE_MB, else 256 MiB. */
export function setPackCacheLimit(bytes: number): void {
  packCache.setLimit(bytes);
}

/** Drops every cached pack (they are re-made on the next products that reuse a B). */
export function clearPackCache(): void {
  packCache.clear();
}
