// The model as core ran it before the fused ops were the default: core's layerNormOp, geluOp and
// attention fall back to plain tfjs ops (the same math the model classes used to write out) when
// their kernels are not registered, so taking just those kernels off measures the old path while
// every other native kernel (matMul, softmax, cross-entropy, …) stays on.

/** The fused kernels core's model classes reach (AlbertSoftmaxCrossEntropy, AlbertAdamW excluded). */
export const FUSED_MODEL_KERNELS = [
  'AlbertLayerNorm',
  'AlbertLayerNormGrad',
  'AlbertGelu',
  'AlbertGeluGrad',
  'AlbertAttention',
  'AlbertAttentionGrad',
  'AlbertLinearGelu',
];

/**
 * Re-registers the native kernels without AlbertLinearGelu and with the pre-packed weight cache
 * off: the fused model as it ran before both (every product packs its B; GELU a kernel of its
 * own). Returns an async function that puts both back.
 */
export async function beforePrepack(native, threads) {
  const kernels = native.registeredNativeKernels().filter((k) => k !== 'AlbertLinearGelu');
  native.unregisterNativeKernels();
  await native.registerNativeKernels({ threads, kernels });
  native.setPackCacheLimit(0);
  return async () => {
    native.setPackCacheLimit(256 * 2 ** 20);
    native.unregisterNativeKernels();
    await native.registerNativeKernels({ threads });
  };
}

/**
 * Re-registers the native kernels without the fused model kernels; returns an async function that
 * puts them all back. `native` is this package's dist module.
 */
export async function unfusedModel(native, threads) {
  const kernels = native.registeredNativeKernels().filter((k) => !FUSED_MODEL_KERNELS.includes(k));
  native.unregisterNativeKernels();
  await native.registerNativeKernels({ threads, kernels });
  return async () => {
    native.unregisterNativeKernels();
    await native.registerNativeKernels({ threads });
  };
}
