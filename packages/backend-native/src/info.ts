import { loadAddon } from './addon.js';

/** Threads and BLAS of the addon, or null when it is not available. */
export function nativeInfo(): { threads: number; blas: string; blasConfig: string } | null {
  const { addon } = loadAddon();
  return addon ? addon.info() : null;
}

/**
 * Measures this machine's single-precision GEMM rate (median GFLOP/s of `iters` m×k·k×n
 * products) with the addon's threads: `blasThreads` lets BLAS thread itself (the usual
 * "floor" figure); otherwise the product is split over the addon's pool as the kernels do.
 */
export function sgemmGflops(m = 1024, n = 1024, k = 1024, iters = 5, blasThreads = true): number {
  const { addon, reason } = loadAddon();
  if (!addon) throw new Error(`albert-native: ${reason}`);
  return addon.sgemmBench(m, n, k, iters, blasThreads);
}
