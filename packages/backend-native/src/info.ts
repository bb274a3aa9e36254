import { type AddonSource, loadAddon, type NativeAddonInfo } from './addon.js';

/** What nativeInfo() returns: the addon's own info() and the file it was loaded from. */
export interface NativeInfo extends NativeAddonInfo {
  /** The addon file loaded. */
  file: string;
  /** 'build' (compiled here, build/Release) or 'prebuild' (prebuilds/<platform>-<arch>/). */
  source: AddonSource;
}

/**
 * Threads, BLAS, CPU dispatch path and CPU model of the addon, and where it was loaded from; null
 * when it is not available.
 */
export function nativeInfo(): NativeInfo | null {
  const load = loadAddon();
  return load.addon ? { ...load.addon.info(), file: load.file, source: load.source } : null;
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
