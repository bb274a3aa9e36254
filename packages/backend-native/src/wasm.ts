import type { DataType, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * The part of tfjs-backend-wasm's `BackendWasm` the native kernels use: its emscripten heap,
 * the byte offset of each tensor on it, and output allocation. Typed structurally so this
 * package does not depend on the wasm backend's internals at compile time.
 */
export interface WasmBackendLike {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined; has(dataId: object): boolean };
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
}

/** Byte offset of a tensor's data on the wasm heap. */
export function offsetOf(backend: WasmBackendLike, t: TensorInfo): number {
  const d = backend.dataIdMap.get(t.dataId);
  if (d == null)
    throw new Error(`albert-native: tensor ${JSON.stringify(t.shape)} is not on the wasm backend`);
  return d.memoryOffset;
}

/**
 * The heap as it is now. Read it after every allocation: growing wasm memory replaces the
 * buffer (emscripten updates HEAPU8 then).
 */
export function heapOf(backend: WasmBackendLike): Uint8Array {
  return backend.wasm.HEAPU8;
}
