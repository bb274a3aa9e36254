/** Encoded rows (ids and token types) of unequal length. */
export interface EncodedRow {
  ids: number[];
  types: number[];
}

/**
 * One model batch from rows of unequal length: ids padded with `padId` to the longest row, the
 * attention mask 1 over each row's own tokens, token types padded with 0.
 */
export function paddedInputs(
  rows: readonly EncodedRow[],
  padId: number,
): { inputIds: number[][]; attentionMask: number[][]; tokenTypeIds: number[][]; length: number } {
  const length = Math.max(...rows.map((r) => r.ids.length));
  const pad = (a: number[], v: number) => [...a, ...Array(length - a.length).fill(v)];
  return {
    inputIds: rows.map((r) => pad(r.ids, padId)),
    attentionMask: rows.map((r) => pad(Array(r.ids.length).fill(1), 0)),
    tokenTypeIds: rows.map((r) => pad(r.types, 0)),
    length,
  };
}
