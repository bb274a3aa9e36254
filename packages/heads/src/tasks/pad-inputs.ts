import { paddedInputs } from '../pipelines/padded-inputs.js';
import type { EncodedInput } from './task-types.js';

/** A model batch: nested arrays `[B, S]` (or `[B, C, S]` for multiple choice). */
export interface PaddedBatch<T = number[][]> {
  inputIds: T;
  attentionMask: T;
  tokenTypeIds: T;
}

/** Right-pads sequences to the longest (pad id for ids, 0 for mask and types). */
export function padInputs(items: readonly EncodedInput[], padId: number): PaddedBatch {
  const { length: _, ...batch } = paddedInputs(
    items.map((e) => ({ ids: e.inputIds, types: e.tokenTypeIds })),
    padId,
  );
  return batch;
}

/** Every option of every example padded to one length: `[B, C, S]` arrays. */
export function padChoiceInputs(items: readonly EncodedInput[][], padId: number): PaddedBatch<number[][][]> {
  const flat = padInputs(items.flat(), padId);
  const regroup = (rows: number[][]) => {
    let at = 0;
    return items.map((opts) => {
      at += opts.length;
      return rows.slice(at - opts.length, at);
    });
  };
  return {
    inputIds: regroup(flat.inputIds),
    attentionMask: regroup(flat.attentionMask),
    tokenTypeIds: regroup(flat.tokenTypeIds),
  };
}
