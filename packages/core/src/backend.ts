import * as tf from '@tensorflow/tfjs-core';
import { AlbertError } from './errors.js';
import { registerFallbackKernels } from './kernels/index.js';
import { setNativeProducts } from './kernels/mat-mul-layout.js';

/** Options of `setupBackend`: which tfjs backend, and whether to load the native kernels. */
export interface SetupBackendOptions {
  /** 'wasm' (default, SIMD when available), 'cpu', or the name of any registered tfjs backend. */
  backend?: 'wasm' | 'cpu' | (string & {});
  /** Try `@albert-ts/backend-native` on wasm (default true; env ALBERT_NATIVE=0 also turns it off). */
  native?: boolean;
  /** Use this module instead of importing `@albert-ts/backend-native` (tests, bundlers). */
  nativeModule?: {
    /**
     * Registers the native kernels; reports whether they loaded, why not, and the CPU path chosen.
     */
    registerNativeKernels: (opts?: unknown) => Promise<{ native: boolean; reason?: string; path?: string }>;
  };
}

/**
 * What `setupBackend` set up: the active tfjs backend and whether the native kernels are in use.
 */
export interface BackendInfo {
  backend: string;
  native: boolean;
  /**
   * With the native kernels: the kernel path the addon chose for this CPU at run time ('avx512',
   * 'avx2', 'baseline' or 'neon'; env ALBERT_CPU forces a lower one). Absent otherwise, and with
   * an addon built before the CPU dispatch.
   */
  nativePath?: string;
  /** Why the requested backend or the native kernels are not in use, when they are not. */
  reason?: string;
}

type Importer = (spec: string) => Promise<unknown>;
// Computed specifiers: the optional packages must not be resolved at build/bundle time.
const importOptional: Importer = (spec) => import(/* @vite-ignore */ spec);

function envFlag(name: string): string | undefined {
  const p = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return p?.env?.[name];
}

async function tryBackend(name: string, pkg: string | null): Promise<string | null> {
  try {
    if (pkg && !tf.findBackendFactory(name)) await importOptional(pkg);
    if (!(await tf.setBackend(name))) return `tf.setBackend('${name}') returned false`;
    await tf.ready();
    return null;
  } catch (e) {
    return `${name} backend unavailable: ${(e as Error).message}`;
  }
}

/** Imports `@albert-ts/backend-native` from this package or, in Node, from the application's folder. */
async function loadNative(): Promise<SetupBackendOptions['nativeModule']> {
  const spec = '@albert-ts/backend-native';
  try {
    return (await importOptional(spec)) as SetupBackendOptions['nativeModule'];
  } catch (first) {
    const p = (globalThis as { process?: { cwd?: () => string; versions?: { node?: string } } }).process;
    if (!p?.versions?.node || !p.cwd) throw first;
    const { createRequire } = (await importOptional('node:module')) as typeof import('node:module');
    const { pathToFileURL } = (await importOptional('node:url')) as typeof import('node:url');
    const resolved = createRequire(pathToFileURL(`${p.cwd()}/`).href).resolve(spec);
    return (await importOptional(pathToFileURL(resolved).href)) as SetupBackendOptions['nativeModule'];
  }
}

/**
 * Sets up tfjs for ALBERT in one call: the `wasm` backend (SIMD) by default, `cpu` if wasm cannot
 * start, ALBERT's fallback kernels for the chosen backend, and — on wasm, unless `native: false`
 * or ALBERT_NATIVE=0 — the optional `@albert-ts/backend-native` kernels when that package can be
 * imported. Safe to call again (e.g. to switch backends).
 */
export async function setupBackend(opts: SetupBackendOptions = {}): Promise<BackendInfo> {
  const want = opts.backend ?? 'wasm';
  const pkg =
    want === 'wasm'
      ? '@tensorflow/tfjs-backend-wasm'
      : want === 'cpu'
        ? '@tensorflow/tfjs-backend-cpu'
        : null;
  const reasons: string[] = [];
  let err = await tryBackend(want, pkg);
  if (err) {
    reasons.push(err);
    if (want === 'cpu') throw new AlbertError('BACKEND', `setupBackend: ${err}`);
    const cpuErr = await tryBackend('cpu', '@tensorflow/tfjs-backend-cpu');
    if (cpuErr) throw new AlbertError('BACKEND', `setupBackend: ${err}; fallback: ${cpuErr}`);
    err = null;
  }
  const backend = tf.getBackend();
  registerFallbackKernels(backend);
  let native = false;
  let nativePath: string | undefined;
  if (backend === 'wasm' && opts.native !== false && envFlag('ALBERT_NATIVE') !== '0') {
    try {
      const mod = opts.nativeModule ?? (await loadNative());
      const r = await mod!.registerNativeKernels();
      native = r.native;
      if (native && typeof r.path === 'string') nativePath = r.path;
      if (!native && r.reason) reasons.push(`native kernels not loaded: ${r.reason}`);
    } catch (e) {
      reasons.push(`@albert-ts/backend-native not available: ${(e as Error).message.split('\n')[0]}`);
    }
  } else if (backend === 'wasm') {
    reasons.push('native kernels disabled');
  }
  setNativeProducts(native);
  const info: BackendInfo = { backend, native };
  if (nativePath) info.nativePath = nativePath;
  if (reasons.length) info.reason = reasons.join('; ');
  return info;
}
