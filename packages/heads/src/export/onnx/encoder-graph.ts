/**
 * HF `AlbertModel`'s forward as ONNX nodes: embeddings (word + token type + absolute position,
 * LayerNorm), the E→H projection, the shared layer groups applied as HF maps depths to groups,
 * and the optional pooler. Weights are looked up under the model's HF names.
 */
import type { AlbertConfig } from '@albert-ts/core';
import { type GraphBuilder, int, ints } from './graph-builder.js';
import { activation, layerNorm, linear } from './nn-graph.js';
import type { Weights } from './weights.js';

/** `[N, S]` int64 values (N = batch, or batch × choices for multiple choice). */
export interface EncoderGraphInputs {
  inputIds: string;
  attentionMask: string;
  tokenTypeIds: string;
}

export interface EncoderGraphOutputs {
  /** `[N, S, H]`. */
  lastHiddenState: string;
  /** `[N, H]`: `tanh(pooler(h[:, 0]))`; only when asked for. */
  pooled?: string;
}

function embeddings(g: GraphBuilder, w: Weights, c: AlbertConfig, p: string, x: EncoderGraphInputs): string {
  const words = g.op('Gather', [w.tensor(`${p}.word_embeddings.weight`), x.inputIds]);
  const types = g.op('Gather', [w.tensor(`${p}.token_type_embeddings.weight`), x.tokenTypeIds]);
  // Position rows 0..S-1, S read from the input: the sequence axis stays dynamic.
  const seq = g.op('Shape', [x.inputIds], { start: int(1), end: int(2) });
  const zero = g.intConst([0]);
  const pos = g.op('Slice', [w.tensor(`${p}.position_embeddings.weight`), zero, seq, zero]);
  // HF adds word + type first, then position (float addition order matters at the ulp level).
  const sum = g.op('Add', [g.op('Add', [words, types]), pos]);
  return layerNorm(g, w, sum, `${p}.LayerNorm`, c.layerNormEps);
}

/** HF's extended mask `(1 - mask) * -10000` as `[N, 1, 1, S]`, the value our forward uses. */
function additiveMask(g: GraphBuilder, mask: string): string {
  const m = g.op('Cast', [mask], { to: int(1) });
  const inverted = g.op('Sub', [g.floatConst([1]), m]);
  const additive = g.op('Mul', [inverted, g.floatConst([-10000])]);
  return g.op('Unsqueeze', [additive, g.intConst([1, 2])]);
}

/** `[N, S, H]` → `[N, heads, S, d]` (or `[N, heads, d, S]` with `perm` [0, 2, 3, 1] for keys). */
function splitHeads(g: GraphBuilder, x: string, c: AlbertConfig, perm: number[]): string {
  const d = c.hiddenSize / c.numAttentionHeads;
  const r = g.op('Reshape', [x, g.intConst([0, 0, c.numAttentionHeads, d])]);
  return g.op('Transpose', [r], { perm: ints(perm) });
}

/** HF `AlbertAttention` (post-LN): `LN(h + dense(softmax(QK^T / sqrt(d) + mask) V))`. */
function attention(g: GraphBuilder, w: Weights, c: AlbertConfig, l: string, h: string, mask: string): string {
  return g.scope('attention', () => {
    const a = `${l}.attention`;
    const q = splitHeads(g, linear(g, w, h, `${a}.query`), c, [0, 2, 1, 3]);
    const k = splitHeads(g, linear(g, w, h, `${a}.key`), c, [0, 2, 3, 1]);
    const v = splitHeads(g, linear(g, w, h, `${a}.value`), c, [0, 2, 1, 3]);
    const d = c.hiddenSize / c.numAttentionHeads;
    const scores = g.op('Div', [g.op('MatMul', [q, k]), g.floatConst([Math.sqrt(d)])]);
    const probs = g.op('Softmax', [g.op('Add', [scores, mask])], { axis: int(-1) });
    const context = g.op('Transpose', [g.op('MatMul', [probs, v])], { perm: ints([0, 2, 1, 3]) });
    const merged = g.op('Reshape', [context, g.intConst([0, 0, c.hiddenSize])]);
    const projected = linear(g, w, merged, `${a}.dense`);
    return layerNorm(g, w, g.op('Add', [projected, h]), `${a}.LayerNorm`, c.layerNormEps);
  });
}

/** HF `AlbertLayer`: attention, then `LN2(a + ffn_output(act(ffn(a))))`. */
function layer(g: GraphBuilder, w: Weights, c: AlbertConfig, l: string, h: string, mask: string): string {
  const a = attention(g, w, c, l, h, mask);
  return g.scope('ffn', () => {
    const inner = activation(g, c.hiddenAct, linear(g, w, a, `${l}.ffn`));
    const out = linear(g, w, inner, `${l}.ffn_output`);
    return layerNorm(g, w, g.op('Add', [out, a]), `${l}.full_layer_layer_norm`, c.layerNormEps);
  });
}

/**
 * The encoder on `[N, S]` inputs. `prefix` is the model's `basePrefix` (`albert.` for head
 * models, empty for AlbertModel), so weight names are the model's own HF names.
 */
export function encoderGraph(
  g: GraphBuilder,
  w: Weights,
  c: AlbertConfig,
  prefix: string,
  x: EncoderGraphInputs,
  opts: { pooler: boolean },
): EncoderGraphOutputs {
  const emb = g.scope('embeddings', () => embeddings(g, w, c, `${prefix}embeddings`, x));
  const e = `${prefix}encoder`;
  let h = g.scope('encoder', () => linear(g, w, emb, `${e}.embedding_hidden_mapping_in`));
  const mask = g.scope('encoder', () => additiveMask(g, x.attentionMask));
  // Depth i runs the WHOLE group floor(i / (L / G)), all inner layers in order; shared weights.
  for (let i = 0; i < c.numHiddenLayers; i++) {
    const group = c.groupIndex(i);
    for (let j = 0; j < c.innerGroupNum; j++) {
      const l = `${e}.albert_layer_groups.${group}.albert_layers.${j}`;
      h = g.scope(`encoder/layer_${i}/inner_${j}`, () => layer(g, w, c, l, h, mask));
    }
  }
  if (!opts.pooler) return { lastHiddenState: h };
  const pooled = g.scope('pooler', () => {
    const first = g.op('Gather', [h, g.intConst([0], [])], { axis: int(1) });
    return g.op('Tanh', [linear(g, w, first, `${prefix}pooler`)]);
  });
  return { lastHiddenState: h, pooled };
}
