// Shared helpers of the training benchmarks (plain Node ESM over the built dist/).
import '@tensorflow/tfjs-core';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setupBackend } from '@albert-ts/core';

export const here = dirname(fileURLToPath(import.meta.url));
export const resultsDir = join(here, 'results');

/**
 * Sets up a backend. The native kernels (@albert-ts/backend-native) are not a dependency of this
 * package, so the sibling workspace build is handed to setupBackend when it exists.
 */
export async function backend(name, { native = true } = {}) {
  let nativeModule;
  const path = join(here, '..', '..', 'backend-native', 'dist', 'index.js');
  if (native && name === 'wasm' && existsSync(path)) nativeModule = await import(path);
  return setupBackend({ backend: name, native: native && !!nativeModule, nativeModule });
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function peakRssMb() {
  // resourceUsage().maxRSS is in kilobytes (Linux).
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
