import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import { loadAddon } from './addon.js';
import { nativeKernelSpecs } from './kernels/index.js';
import type { KernelArgs } from './kernels/types.js';

/**
 * What `registerNativeKernels` did: whether the native kernels are in use (or why not), threads,
 * the GEMM build and the CPU kernel path.
 */
export interface NativeStatus {
  /** True when the native kernels are registered for the wasm backend. */
  native: boolean;
  /** Why the native path is not in use (addon not built, failed to load, disabled). */
  reason?: string;
  /** Threads the native kernels use. */
  threads?: number;
  /** The GEMM the addon was built with: 'builtin' (its own, the default), 'openblas' or 'accelerate'. */
  blas?: string;
  /**
   * The kernel path chosen at run time for this CPU: 'avx512', 'avx2', 'baseline' (x86-64) or
   * 'neon' (arm64); env ALBERT_CPU forces a lower one. Undefined with an addon built before the
   * CPU dispatch.
   */
  path?: string;
  /** The CPU model string (undefined with an addon built before the CPU dispatch). */
  cpu?: string;
}

/** Options of `registerNativeKernels`: thread count and which kernels to register. */
export interface RegisterOptions {
  /** Threads for BLAS and the element-wise kernels (default: env ALBERT_NATIVE_THREADS, else all cores). */
  threads?: number;
  /** Register only these kernel names (default: all). */
  kernels?: string[];
}

const BACKEND = 'wasm';
// The wasm backend's own configs we replaced, restored by unregisterNativeKernels().
const replaced = new Map<string, KernelConfig | undefined>();

function disabledByEnv(): boolean {
  return typeof process !== 'undefined' && process.env.ALBERT_NATIVE === '0';
}

/**
 * True when the addon is built and loads on this machine and `ALBERT_NATIVE` is not `0`.
 */
export function isNativeAvailable(): boolean {
  return !disabledByEnv() && loadAddon().addon !== null;
}

/** Names of the kernels currently replaced by native ones. */
export function registeredNativeKernels(): string[] {
  return [...replaced.keys()];
}

/**
 * Registers the native kernels for the tfjs `wasm` backend. Call after importing
 * `@tensorflow/tfjs-backend-wasm` (before or after `tf.setBackend('wasm')`). Calling again is
 * harmless. When the addon cannot load (or `ALBERT_NATIVE=0`), returns `{native: false,
 * reason}` and changes nothing.
 */
export async function registerNativeKernels(opts: RegisterOptions = {}): Promise<NativeStatus> {
  if (disabledByEnv()) return { native: false, reason: 'disabled by ALBERT_NATIVE=0' };
  const load = loadAddon();
  if (!load.addon) return { native: false, reason: load.reason };
  const addon = load.addon;
  const envThreads = Number(process.env.ALBERT_NATIVE_THREADS);
  const threads = opts.threads ?? (Number.isInteger(envThreads) && envThreads > 0 ? envThreads : undefined);
  if (threads !== undefined) {
    if (!Number.isInteger(threads) || threads < 1) {
      throw new RangeError(`registerNativeKernels: threads must be a positive integer, got ${threads}`);
    }
    addon.setThreads(threads);
  }
  const wanted = opts.kernels ? new Set(opts.kernels) : null;
  for (const spec of nativeKernelSpecs) {
    if (wanted && !wanted.has(spec.kernelName)) continue;
    if (replaced.has(spec.kernelName)) continue;
    const original = getKernel(spec.kernelName, BACKEND);
    const impl = spec.make(addon);
    const originalFunc: KernelFunc | undefined = original?.kernelFunc;
    if (original) unregisterKernel(spec.kernelName, BACKEND);
    registerKernel({
      kernelName: spec.kernelName,
      backendName: BACKEND,
      // The wasm kernel we may delegate to needs its setup to have run on the backend.
      setupFunc: original?.setupFunc,
      kernelFunc: ((args: unknown) => impl(args as KernelArgs, originalFunc)) as KernelFunc,
    });
    replaced.set(spec.kernelName, original);
  }
  const info = addon.info();
  return { native: true, threads: info.threads, blas: info.blas, path: info.path, cpu: info.cpu };
}

/** Restores the wasm backend's own kernels (for tests of the fallback path). */
export function unregisterNativeKernels(): void {
  for (const [name, original] of replaced) {
    unregisterKernel(name, BACKEND);
    if (original) registerKernel(original);
  }
  replaced.clear();
}
