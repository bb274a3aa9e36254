/**
 * Makes @albert-ts/core's LayerNorm, AlbertAttention and AlbertLayer call core's fused ops
 * (layerNormOp, attention, geluOp) and @albert-ts/training's AdamW call core's adamwUpdate;
 * returns a function that undoes it.
 */
export function patchFusedOps(): Promise<() => void>;
