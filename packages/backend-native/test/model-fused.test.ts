import { AlbertConfig, AlbertModel } from '@albert-ts/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUSED_MODEL_KERNELS, unfusedModel } from '../bench/unfused.mjs';
import * as native from '../src/index.js';
import { NATIVE, nativeOn } from './helpers.js';

// core's model classes run the fused kernels by default on the native path; with those kernels
// taken off they run the plain ops core used before. Both must give the same model: forward,
// attention maps, gradients (HF parity of the default path: parity-matrix and grad-parity).

const config = AlbertConfig.fromJSON({
  vocab_size: 300,
  embedding_size: 16,
  hidden_size: 48,
  num_hidden_layers: 3,
  num_hidden_groups: 1,
  num_attention_heads: 6,
  intermediate_size: 72,
  inner_group_num: 1,
  hidden_act: 'gelu_new',
  hidden_dropout_prob: 0,
  attention_probs_dropout_prob: 0,
  max_position_embeddings: 32,
  type_vocab_size: 2,
  layer_norm_eps: 1e-12,
});
const inputs = {
  inputIds: [
    [2, 17, 99, 45, 8, 201, 3, 0, 0],
    [2, 250, 61, 3, 77, 12, 9, 140, 3],
  ],
  tokenTypeIds: [
    [0, 0, 0, 0, 1, 1, 1, 0, 0],
    [0, 0, 0, 0, 1, 1, 1, 1, 1],
  ],
  attentionMask: [
    [1, 1, 1, 1, 1, 1, 1, 0, 0],
    [1, 1, 1, 1, 1, 1, 1, 1, 1],
  ],
};

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

/** Forward with attention maps, and the gradients of a loss on hidden states and maps. */
function run(model: AlbertModel) {
  const out = model.call(inputs, { outputAttentions: true });
  const params = model.namedParameters().map(([, v]) => v as tf.Variable);
  const { value, grads } = tf.variableGrads(() => {
    const o = model.call(inputs, { training: true });
    return tf.sum(tf.sin(o.lastHiddenState));
  }, params);
  return { out, value, grads };
}

describe('core model on the native path: fused kernels by default', () => {
  let model: AlbertModel;
  beforeAll(async () => {
    await nativeOn();
    model = AlbertModel.fromConfig(config, { seed: 5 });
  });
  afterAll(() => model.dispose());

  it('a forward and a training step run the fused kernels (exactly when native is on)', async () => {
    const { kernelNames } = await tf.profile(() => {
      const { out, value, grads } = run(model);
      tf.dispose([out, value, grads] as unknown as tf.TensorContainer);
    });
    for (const k of FUSED_MODEL_KERNELS) expect(kernelNames.includes(k), k).toBe(NATIVE);
  });

  it('agrees with the plain-op model (fused kernels off): hidden states, maps, gradients', async () => {
    const fused = run(model);
    const restore = await unfusedModel(native);
    const { kernelNames } = await tf.profile(() =>
      tf.dispose(model.call(inputs) as unknown as tf.TensorContainer),
    );
    const plain = run(model);
    await restore();
    expect(kernelNames.some((k) => FUSED_MODEL_KERNELS.includes(k))).toBe(false);
    expect(maxDiff(fused.out.lastHiddenState, plain.out.lastHiddenState)).toBeLessThan(1e-5);
    for (let i = 0; i < 3; i++)
      expect(maxDiff(fused.out.attentions![i], plain.out.attentions![i])).toBeLessThan(1e-6);
    expect(Math.abs(fused.value.dataSync()[0] - plain.value.dataSync()[0])).toBeLessThan(1e-4);
    for (const [name, g] of Object.entries(plain.grads)) {
      const scale = tf.tidy(() => tf.max(tf.abs(g)).dataSync()[0]);
      expect(maxDiff(fused.grads[name], g), name).toBeLessThanOrEqual(1e-9 + 3e-5 * scale);
    }
    tf.dispose([fused, plain] as unknown as tf.TensorContainer);
  });

  it('attention maps: freed by an enclosing tidy, differentiable under a gradient tape', async () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      model.call(inputs, { outputAttentions: true });
    });
    expect(tf.memory().numTensors).toBe(before);
    const wq = model.namedParameters().find(([n]) => n.endsWith('attention.query.weight'))![1] as tf.Variable;
    const mapGrad = () => {
      const loss = (): tf.Scalar =>
        tf.sum(tf.square(model.call(inputs, { outputAttentions: true }).attentions![1]));
      const { value, grads } = tf.variableGrads(loss, [wq]);
      value.dispose();
      return grads[wq.name];
    };
    const fusedGrad = mapGrad();
    const restore = await unfusedModel(native);
    const plainGrad = mapGrad();
    await restore();
    const scale = tf.tidy(() => tf.max(tf.abs(plainGrad)).dataSync()[0]);
    expect(scale).toBeGreaterThan(0);
    expect(maxDiff(fusedGrad, plainGrad)).toBeLessThanOrEqual(1e-5 * scale);
    tf.dispose([fusedGrad, plainGrad]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
