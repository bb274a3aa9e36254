/** The fused kernels core's model classes reach (LayerNorm, GELU, attention and their grads). */
export const FUSED_MODEL_KERNELS: string[];
/** Re-registers the native kernels without FUSED_MODEL_KERNELS; resolves to an async restore. */
export function unfusedModel(
  native: {
    registeredNativeKernels(): string[];
    unregisterNativeKernels(): void;
    registerNativeKernels(o: { threads?: number; kernels?: string[] }): Promise<unknown>;
  },
  threads?: number,
): Promise<() => Promise<void>>;
