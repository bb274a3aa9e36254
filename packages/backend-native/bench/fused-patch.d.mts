/**
 * Makes @albert-ts/core's LayerNorm, AlbertAttention and AlbertLayer call core's fused ops
 * (layerNormOp, attention, geluOp); returns a function that undoes it.
 */
export function patchFusedOps(): Promise<() => void>;
