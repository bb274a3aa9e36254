// A plain-tfjs ALBERT encoder (the model's math, written as the core package writes it:
// fused matMul on [in, out] weights, LayerNorm from moments, gelu_new as x·sigmoid(2z)),
// used to benchmark kernels independently of @albert-ts/core.
import * as tf from '@tensorflow/tfjs-core';

export function makeAlbert(c, seed = 1) {
  const rnd = (shape, std = 0.02) =>
    tf.variable(tf.mul(tf.randomNormal(shape, 0, 1, 'float32', seed++), std), true);
  const zeros = (shape) => tf.variable(tf.zeros(shape), true);
  const ones = (shape) => tf.variable(tf.ones(shape), true);
  const H = c.hidden_size;
  const E = c.embedding_size;
  const I = c.intermediate_size;
  const lin = (i, o) => ({ w: rnd([i, o]), b: zeros([o]) });
  const ln = (n) => ({ g: ones([n]), b: zeros([n]) });
  const layer = () => ({
    q: lin(H, H),
    k: lin(H, H),
    v: lin(H, H),
    o: lin(H, H),
    ln1: ln(H),
    ffn: lin(H, I),
    ffo: lin(I, H),
    ln2: ln(H),
  });
  return {
    c,
    word: rnd([c.vocab_size, E]),
    pos: rnd([c.max_position_embeddings, E]),
    type: rnd([c.type_vocab_size, E]),
    embLn: ln(E),
    map: lin(E, H),
    groups: Array.from({ length: c.num_hidden_groups }, () =>
      Array.from({ length: c.inner_group_num }, layer),
    ),
    pooler: lin(H, H),
    mlmDense: lin(H, E),
    mlmLn: ln(E),
    mlmBias: zeros([c.vocab_size]),
    sop: lin(H, 2),
  };
}

const linear = (x, p) => {
  const lead = x.shape.slice(0, -1);
  const y = tf.fused.matMul({ a: tf.reshape(x, [-1, x.shape[x.rank - 1]]), b: p.w, bias: p.b });
  return tf.reshape(y, [...lead, p.w.shape[1]]);
};
const layerNorm = (x, p, eps) => {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps))), p.g), p.b);
};
const C = Math.sqrt(2 / Math.PI);
const gelu = (x) =>
  tf.mul(x, tf.sigmoid(tf.mul(tf.add(x, tf.mul(tf.mul(tf.mul(x, x), x), 0.044715)), 2 * C)));

function attention(x, p, mask, c) {
  const [B, S, H] = x.shape;
  const nh = c.num_attention_heads;
  const d = H / nh;
  const split = (t) => tf.transpose(tf.reshape(t, [B, S, nh, d]), [0, 2, 1, 3]);
  const q = split(linear(x, p.q));
  const k = split(linear(x, p.k));
  const v = split(linear(x, p.v));
  const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(d)), mask);
  const ctx = tf.matMul(tf.softmax(scores, -1), v);
  const merged = tf.reshape(tf.transpose(ctx, [0, 2, 1, 3]), [B, S, H]);
  return layerNorm(tf.add(x, linear(merged, p.o)), p.ln1, c.layer_norm_eps);
}

function albertLayer(x, p, mask, c) {
  const a = attention(x, p, mask, c);
  return layerNorm(tf.add(a, linear(gelu(linear(a, p.ffn)), p.ffo)), p.ln2, c.layer_norm_eps);
}

/** Encoder forward: {lastHiddenState, poolerOutput}. ids/types/mask int32 [B, S]. */
export function forward(m, ids, types, attnMask) {
  const c = m.c;
  const [B, S] = ids.shape;
  const e0 = tf.add(
    tf.add(tf.gather(m.word, ids), tf.gather(m.type, types)),
    tf.slice(m.pos, [0, 0], [S, -1]),
  );
  let h = linear(layerNorm(e0, m.embLn, c.layer_norm_eps), m.map);
  const mask = tf.mul(tf.sub(1, tf.reshape(tf.cast(attnMask, 'float32'), [B, 1, 1, S])), -10000);
  const n = c.num_hidden_layers;
  for (let i = 0; i < n; i++) {
    const g = m.groups[Math.floor(i / (n / c.num_hidden_groups))];
    for (const p of g) h = albertLayer(h, p, mask, c);
  }
  const first = tf.reshape(tf.slice(h, [0, 0, 0], [B, 1, -1]), [B, -1]);
  return { lastHiddenState: h, poolerOutput: tf.tanh(linear(first, m.pooler)) };
}

/** Pretraining loss: MLM on gathered positions [B, P] + SOP. */
export function pretrainLoss(m, ids, types, attnMask, positions, mlmLabels, sopLabels) {
  const c = m.c;
  const { lastHiddenState: h, poolerOutput } = forward(m, ids, types, attnMask);
  const [B, S, H] = h.shape;
  const P = positions.shape[1];
  const flat = tf.add(
    positions,
    tf.mul(tf.reshape(tf.range(0, B, 1, 'int32'), [B, 1]), tf.scalar(S, 'int32')),
  );
  const picked = tf.gather(tf.reshape(h, [B * S, H]), tf.reshape(flat, [-1]));
  const t = layerNorm(gelu(linear(picked, m.mlmDense)), m.mlmLn, c.layer_norm_eps);
  const logits = tf.add(tf.matMul(t, m.word, false, true), m.mlmBias);
  const mlm = tf.losses.softmaxCrossEntropy(tf.oneHot(tf.reshape(mlmLabels, [-1]), c.vocab_size), logits);
  const sopLogits = linear(poolerOutput, m.sop);
  const sop = tf.losses.softmaxCrossEntropy(tf.oneHot(sopLabels, 2), sopLogits);
  void P;
  return tf.add(mlm, sop);
}

export function variables(m) {
  const out = [];
  const walk = (o) => {
    if (o instanceof tf.Variable) out.push(o);
    else if (Array.isArray(o)) o.forEach(walk);
    else if (o && typeof o === 'object' && !(o instanceof tf.Tensor))
      for (const k of Object.keys(o)) if (k !== 'c') walk(o[k]);
  };
  walk(m);
  return out;
}
