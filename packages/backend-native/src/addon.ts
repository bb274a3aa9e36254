import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Functions of the compiled addon (native/*.cc). Offsets are bytes on the wasm heap. */
export interface NativeAddon {
  info(): { threads: number; blas: string; blasConfig: string };
  setThreads(n: number): number;
  /** Median GFLOP/s of an m×k · k×n sgemm; `blasThreads` uses BLAS's own threading. */
  sgemmBench(m: number, n: number, k: number, iters: number, blasThreads: boolean): number;
  gemm(heap: Uint8Array, params: Float64Array, aIndex?: Int32Array, bIndex?: Int32Array): void;
  unary(heap: Uint8Array, params: Float64Array): void;
  geluGrad(heap: Uint8Array, params: Float64Array): void;
  binary(heap: Uint8Array, params: Float64Array): void;
  reduce(heap: Uint8Array, params: Float64Array): void;
  softmax(heap: Uint8Array, params: Float64Array): void;
  transpose(heap: Uint8Array, params: Float64Array): void;
  layerNorm(heap: Uint8Array, params: Float64Array): void;
  layerNormGrad(heap: Uint8Array, params: Float64Array): void;
  attention(heap: Uint8Array, params: Float64Array): void;
  attentionGrad(heap: Uint8Array, params: Float64Array): void;
  adamw(heap: Uint8Array, params: Float64Array): void;
  gather(heap: Uint8Array, params: Float64Array): void;
  /** Returns the number of rows counted (labels not ignored). */
  xent(heap: Uint8Array, params: Float64Array): number;
  xentGrad(heap: Uint8Array, params: Float64Array): void;
}

export type AddonLoad = { addon: NativeAddon; reason?: undefined } | { addon: null; reason: string };

let cached: AddonLoad | undefined;

const addonUrl = new URL('../build/Release/albert_native.node', import.meta.url);
const statusUrl = new URL('./native-build.json', import.meta.url);

function buildFailure(): string | null {
  try {
    if (!existsSync(statusUrl)) return null;
    const s = JSON.parse(readFileSync(statusUrl, 'utf8')) as { ok?: boolean; reason?: string };
    return s.ok === false ? (s.reason ?? 'the native build failed') : null;
  } catch {
    return null;
  }
}

/** Loads the addon once; never throws (a missing or broken build gives the reason). */
export function loadAddon(): AddonLoad {
  if (cached) return cached;
  if (!existsSync(addonUrl)) {
    const why = buildFailure();
    cached = {
      addon: null,
      reason: why
        ? `native addon not built: ${why}`
        : 'native addon not built (build/Release/albert_native.node missing; run the package build)',
    };
    return cached;
  }
  try {
    const require = createRequire(import.meta.url);
    cached = { addon: require(fileURLToPath(addonUrl)) as NativeAddon };
  } catch (e) {
    cached = { addon: null, reason: `native addon failed to load: ${(e as Error).message}` };
  }
  return cached;
}
