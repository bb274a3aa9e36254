import { broadcast_util, util } from '@tensorflow/tfjs-core';

/** How one batched product maps onto the addon's gemm. */
export interface MatMulPlan {
  outShape: number[];
  batch: number;
  M: number;
  N: number;
  K: number;
  /** Elements between consecutive matrices of a/b (0: one matrix broadcast to every batch). */
  aStride: number;
  bStride: number;
  /** Matrices stored in a / b. */
  aCount: number;
  bCount: number;
  /** Per output batch, which matrix of a / b (only when the batch shapes broadcast unevenly). */
  aIndex?: Int32Array;
  bIndex?: Int32Array;
}

function batchIndex(outer: number[], own: number[]): Int32Array {
  const batch = util.sizeFromShape(outer);
  const idx = new Int32Array(batch);
  const r = outer.length;
  const offset = r - own.length;
  const ownStrides = new Array<number>(own.length).fill(1);
  for (let d = own.length - 2; d >= 0; d--) ownStrides[d] = ownStrides[d + 1] * own[d + 1];
  for (let bi = 0; bi < batch; bi++) {
    let rem = bi;
    let k = 0;
    for (let d = r - 1; d >= 0; d--) {
      const c = rem % outer[d];
      rem = (rem - c) / outer[d];
      const od = d - offset;
      if (od >= 0 && own[od] !== 1) k += c * ownStrides[od];
    }
    idx[bi] = k;
  }
  return idx;
}

/**
 * Shapes of `matMul(a, b, transposeA, transposeB)` with numpy batch broadcasting, checked in
 * the order and with the messages of tfjs's own kernels (broadcast first, then inner sizes).
 */
export function planMatMul(
  aShape: number[],
  bShape: number[],
  transposeA: boolean,
  transposeB: boolean,
  what: 'matMul' | 'fused matMul',
): MatMulPlan {
  const aRank = aShape.length;
  const bRank = bShape.length;
  const innerA = transposeA ? aShape[aRank - 2] : aShape[aRank - 1];
  const innerB = transposeB ? bShape[bRank - 1] : bShape[bRank - 2];
  const M = transposeA ? aShape[aRank - 1] : aShape[aRank - 2];
  const N = transposeB ? bShape[bRank - 2] : bShape[bRank - 1];
  const outerA = aShape.slice(0, -2);
  const outerB = bShape.slice(0, -2);
  const outer = broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
  util.assert(
    innerA === innerB,
    () =>
      `Error in ${what}: inner shapes (${innerA}) and (${innerB}) of Tensors with shapes ${aShape} and ` +
      `${bShape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`,
  );
  const batch = util.sizeFromShape(outer);
  const aCount = util.sizeFromShape(outerA);
  const bCount = util.sizeFromShape(outerB);
  const K = innerA;
  const plan: MatMulPlan = {
    outShape: [...outer, M, N],
    batch,
    M,
    N,
    K,
    aStride: aCount === 1 ? 0 : M * K,
    bStride: bCount === 1 ? 0 : K * N,
    aCount,
    bCount,
  };
  if (aCount !== 1 && aCount !== batch) plan.aIndex = batchIndex(outer, outerA);
  if (bCount !== 1 && bCount !== batch) plan.bIndex = batchIndex(outer, outerB);
  return plan;
}
