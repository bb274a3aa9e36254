/** Test helpers: run an exported graph with onnxruntime-node (CPU) on fixture-style inputs. */
import { createRequire } from 'node:module';
import { flatten as flat, type Nested, shapeOf } from '@albert-ts/test-support';
import type * as ortTypes from 'onnxruntime-node';

const require = createRequire(import.meta.url);
export const ort = require('onnxruntime-node') as typeof ortTypes;

export { flatten as flat, shapeOf } from '@albert-ts/test-support';

export function int64Tensor(x: Nested): ortTypes.Tensor {
  return new ort.Tensor(
    'int64',
    BigInt64Array.from(flat(x), (v) => BigInt(v)),
    shapeOf(x),
  );
}

export async function session(bytes: Uint8Array): Promise<ortTypes.InferenceSession> {
  return ort.InferenceSession.create(bytes, { executionProviders: ['cpu'] });
}

/** Ids `[batch, seq]`, or `[batch, choices, seq]` for multiple choice. */
type Ids = number[][] | number[][][];

export interface Feeds {
  input_ids: Ids;
  attention_mask: Ids;
  token_type_ids: Ids;
}

/** A fixture case's inputs with HF's defaults filled in (all-ones mask, all-zero token types). */
export function feedsOf(c: {
  input_ids: Ids;
  attention_mask: Ids | null;
  token_type_ids: Ids | null;
}): Feeds {
  const like = (v: number): Ids =>
    JSON.parse(JSON.stringify(c.input_ids), (_k, x) => (typeof x === 'number' ? v : x));
  return {
    input_ids: c.input_ids,
    attention_mask: c.attention_mask ?? like(1),
    token_type_ids: c.token_type_ids ?? like(0),
  };
}

/** Runs the session; returns each output's shape and float values. */
export async function runOnnx(
  s: ortTypes.InferenceSession,
  feeds: Feeds,
): Promise<Record<string, { dims: number[]; data: Float32Array }>> {
  const res = await s.run({
    input_ids: int64Tensor(feeds.input_ids),
    attention_mask: int64Tensor(feeds.attention_mask),
    token_type_ids: int64Tensor(feeds.token_type_ids),
  });
  const out: Record<string, { dims: number[]; data: Float32Array }> = {};
  for (const [k, v] of Object.entries(res)) out[k] = { dims: [...v.dims], data: v.data as Float32Array };
  return out;
}

/** Max |a - b| of two equally long arrays (NaN counts as infinitely far). */
export function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= m)) m = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
  }
  return m;
}

/** A deterministic batch `[batch, seq]` (or `[batch, choices, seq]`) with ragged padding. */
export function syntheticFeeds(dims: number[], vocab: number, seed: number): Feeds {
  let s = seed >>> 0;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const seq = dims[dims.length - 1];
  const rows = dims.slice(0, -1).reduce((a, b) => a * b, 1);
  const ids: number[][] = [];
  const mask: number[][] = [];
  const types: number[][] = [];
  for (let r = 0; r < rows; r++) {
    // Row 0 is full length; others keep at least 2 real tokens.
    const len = r === 0 ? seq : 2 + Math.floor(rand() * (seq - 1));
    const cut = Math.floor(len / 2);
    ids.push(Array.from({ length: seq }, (_, i) => (i < len ? 5 + Math.floor(rand() * (vocab - 5)) : 0)));
    mask.push(Array.from({ length: seq }, (_, i) => (i < len ? 1 : 0)));
    types.push(Array.from({ length: seq }, (_, i) => (i >= cut && i < len ? 1 : 0)));
  }
  const shape = (x: number[][]): Ids => (dims.length === 3 ? chunk(x, dims[1]) : x);
  return { input_ids: shape(ids), attention_mask: shape(mask), token_type_ids: shape(types) };
}

function chunk(rows: number[][], n: number): number[][][] {
  const out: number[][][] = [];
  for (let i = 0; i < rows.length; i += n) out.push(rows.slice(i, i + n));
  return out;
}
