import type {
  KernelConfig,
  KernelFunc,
  NamedAttrMap,
  NamedTensorInfoMap,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../addon.js';
import type { WasmBackendLike } from '../wasm.js';

export interface KernelArgs {
  inputs: NamedTensorInfoMap;
  backend: WasmBackendLike;
  attrs: NamedAttrMap;
}

/** A native kernel: computes, or hands the call to the wasm backend's own kernel. */
export type NativeKernel = (args: KernelArgs, original: KernelFunc | undefined) => TensorInfo | TensorInfo[];

export interface NativeKernelSpec {
  kernelName: string;
  make(addon: NativeAddon): NativeKernel;
}

/** Calls the kernel the wasm backend registered (its errors are tfjs's usual ones). */
export function delegate(
  original: KernelFunc | undefined,
  args: KernelArgs,
  name: string,
): TensorInfo | TensorInfo[] {
  if (!original)
    throw new Error(`'${name}' not yet implemented or not found in the registry for backend 'wasm'`);
  return original(args as unknown as Parameters<KernelFunc>[0]);
}

/**
 * Runs an addon entry whose C++ side checks values it reads (cross-entropy labels, gather
 * indices: the one check of them, see args.ts). If it throws, frees `outputs` (allocated before
 * the call, so nothing is left on the heap) and rethrows the error under the kernel's name.
 */
export function callAddon<R>(
  kernel: string,
  backend: WasmBackendLike,
  outputs: TensorInfo[],
  call: () => R,
): R {
  try {
    return call();
  } catch (e) {
    for (const t of outputs) backend.disposeData(t.dataId, true);
    if (!(e instanceof Error)) throw e;
    const message = `${kernel}: ${e.message.replace(/^albert-native: /, '')}`;
    throw e instanceof RangeError ? new RangeError(message, { cause: e }) : new Error(message, { cause: e });
  }
}

export type { KernelConfig };
