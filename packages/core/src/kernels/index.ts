import type { KernelConfig } from '@tensorflow/tfjs-core';
import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import { unsortedSegmentSumConfigs } from './unsorted-segment-sum.js';

export { type AdamWUpdate, adamwUpdate } from './adamw.js';
export { softmaxCrossEntropyOp } from './cross-entropy.js';
export { type AttentionOptions, attention, geluOp, layerNormOp } from './fused-ops.js';
export {
  linearOp,
  materialisesTransposes,
  matMulOp,
  setWasmMatMulMode,
  type WasmMatMulMode,
  wasmMatMulMode,
} from './mat-mul-layout.js';

// Kernels that tfjs backends lack or run slowly for ALBERT (the gradient of gather on wasm has
// no kernel; cpu's is O(vocabulary × tokens)).
const FALLBACKS: Record<string, KernelConfig[]> = {
  wasm: [unsortedSegmentSumConfigs.wasm],
  cpu: [unsortedSegmentSumConfigs.cpu],
};

/**
 * Registers ALBERT's fallback kernels for `backendName` (replacing the backend's own where ours
 * is faster). Safe to call more than once; a backend without fallbacks is left alone.
 */
export function registerFallbackKernels(backendName: string): void {
  for (const config of FALLBACKS[backendName] ?? []) {
    if (getKernel(config.kernelName, backendName) === config) continue;
    if (getKernel(config.kernelName, backendName)) unregisterKernel(config.kernelName, backendName);
    registerKernel(config);
  }
}
