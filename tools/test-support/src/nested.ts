/** Nested arrays of numbers, as the fixtures' JSON holds tensors. */
export type Nested = number | Nested[];

/** The numbers of a nested array in row-major order. */
export function flatten(x: Nested, out: number[] = []): number[] {
  if (Array.isArray(x)) for (const e of x) flatten(e, out);
  else out.push(x);
  return out;
}

/** The shape of a nested array, read along its first elements (the fixtures are rectangular). */
export function shapeOf(x: Nested): number[] {
  const s: number[] = [];
  let cur: Nested = x;
  while (Array.isArray(cur)) {
    s.push(cur.length);
    cur = cur[0];
  }
  return s;
}

/** One parameter's gradient in a fixture `grads.json` (HF's backward of one pretraining step). */
export interface ParamGradFixture {
  shape: number[];
  sum: number;
  l2_norm: number;
  first16: number[];
  grad?: Nested;
  max_abs_float64: number;
}

/** A fixture model's `grads.json`: the batch, HF's losses, and every parameter's gradient. */
export interface GradsFixture {
  input_ids: number[][];
  attention_mask: number[][];
  token_type_ids: number[][];
  labels: number[][];
  sentence_order_label: number[];
  loss: number;
  mlm_loss: number;
  sop_loss: number;
  params: Record<string, ParamGradFixture>;
}
