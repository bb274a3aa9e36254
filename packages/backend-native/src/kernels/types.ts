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

export type { KernelConfig };
