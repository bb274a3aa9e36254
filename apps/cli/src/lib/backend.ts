import type { SetupBackendOptions } from '@albert-ts/core';
import type { GlobalOptions } from '../program.js';

export interface BackendStatus {
  backend: string;
  native: boolean;
  reason?: string;
}

/**
 * Sets up TensorFlow.js the way core recommends (`setupBackend`): wasm + the native BLAS kernels
 * when `@albert-ts/backend-native` loads (passed in explicitly, since core does not depend on it),
 * cpu as the fallback. `--backend` and `--no-native` override.
 */
export async function initBackend(
  globals: Pick<GlobalOptions, 'backend' | 'native'>,
): Promise<BackendStatus> {
  const { setupBackend } = await import('@albert-ts/core');
  let nativeModule: SetupBackendOptions['nativeModule'];
  const wantNative = globals.native !== false && process.env.ALBERT_NATIVE !== '0';
  if (wantNative) {
    try {
      nativeModule = (await import('@albert-ts/backend-native')) as typeof nativeModule;
    } catch {
      nativeModule = undefined;
    }
  }
  const info = await setupBackend({
    backend: globals.backend,
    native: wantNative,
    ...(nativeModule ? { nativeModule } : {}),
  });
  return { backend: info.backend, native: info.native, ...(info.reason ? { reason: info.reason } : {}) };
}

/** One line describing the back end, for logs and reports. */
export function backendLine(b: BackendStatus): string {
  return `${b.backend}${b.native ? ' + native BLAS kernels' : ''}${b.reason ? ` (${b.reason})` : ''}`;
}
