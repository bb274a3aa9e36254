// The wasm backend registers itself on import; its .wasm binaries are emitted by Vite as assets
// (`?url`) so they are served beside the page, wherever it is hosted.
import '@tensorflow/tfjs-backend-wasm';
import { type BackendInfo, setupBackend } from '@albert-ts/core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plainWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

let ready: Promise<BackendInfo> | null = null;

/** Starts tfjs on the wasm backend once (cpu is not bundled: wasm runs in every current browser). */
export function startBackend(): Promise<BackendInfo> {
  if (!ready) {
    setWasmPaths({
      'tfjs-backend-wasm.wasm': plainWasm,
      'tfjs-backend-wasm-simd.wasm': simdWasm,
      'tfjs-backend-wasm-threaded-simd.wasm': threadedWasm,
    });
    // backend-native is a Node addon: never try to import it in a page.
    ready = setupBackend({ backend: 'wasm', native: false });
  }
  return ready;
}
