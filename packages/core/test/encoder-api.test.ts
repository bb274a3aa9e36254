import { readFixtureJson } from '@albert-ts/test-support';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { AlbertConfig, AlbertModel, extendedAttentionMask, setupBackend } from '../src/index.js';

const tiny = () => AlbertConfig.fromJSON(readFixtureJson('albert-tiny-grouped', 'config.json'));

// The per-layer forwards, called as a library author composing the encoder by hand would.
describe('encoder layer API', () => {
  beforeAll(async () => {
    await setupBackend({ backend: 'cpu' });
  });

  it('extendedAttentionMask is HF (1 - mask) * -10000 as [B, 1, 1, S] with the sizes', () => {
    const m = tf.tensor2d([[1, 1, 0]], [1, 3], 'int32');
    const ext = extendedAttentionMask(m);
    expect([ext.batch, ext.seq]).toEqual([1, 3]);
    expect(ext.additive.shape).toEqual([1, 1, 1, 3]);
    // + 0 folds the -0 that 0 * -10000 gives.
    expect(Array.from(ext.additive.dataSync(), (x) => x + 0)).toEqual([0, 0, -10000]);
    tf.dispose([m, ext.additive]);
  });

  it('attention and layer return named fields; attentions only when asked for (HF default)', () => {
    const model = AlbertModel.fromConfig(tiny(), { seed: 1 });
    const { hiddenSize: H, numAttentionHeads: heads } = model.config;
    const layer = model.albert.encoder.albert_layer_groups.items[0].albert_layers.items[0];
    const base = tf.memory().numTensors;
    const [B, S] = [2, 3];
    const hidden = tf.randomNormal([B * S, H], 0, 1, 'float32', 7) as tf.Tensor2D;
    const attentionMask = tf.tensor2d([1, 1, 1, 1, 1, 0], [B, S], 'int32');
    const mask = extendedAttentionMask(attentionMask);

    const plain = layer.attention.forward(hidden, mask);
    expect(plain.hiddenStates.shape).toEqual([B * S, H]);
    expect(plain.attentions).toBeUndefined();
    const withProbs = layer.attention.forward(hidden, mask, { outputAttentions: true });
    expect(withProbs.attentions?.shape).toEqual([B, heads, S, S]);
    expect(Array.from(withProbs.hiddenStates.dataSync())).toEqual(Array.from(plain.hiddenStates.dataSync()));

    const out = layer.forward(hidden, mask);
    expect(out.hiddenStates.shape).toEqual([B * S, H]);
    expect(out.attentions).toBeUndefined();
    const outA = layer.forward(hidden, mask, { training: false, outputAttentions: true });
    // Padding key gets ~0 probability in every head and query row.
    const probs = outA.attentions!.arraySync() as number[][][][];
    for (const row of probs[1].flat()) expect(row[2]).toBeLessThan(1e-6);

    tf.dispose([plain, withProbs, out, outA] as unknown as tf.TensorContainer);
    tf.dispose([hidden, attentionMask, mask.additive]);
    expect(tf.memory().numTensors).toBe(base);
    model.dispose();
  });

  it('AlbertTransformer.forward defaults every option off', () => {
    const model = AlbertModel.fromConfig(tiny(), { seed: 1 });
    const emb = tf.zeros([1, 4, model.config.embeddingSize]) as tf.Tensor3D;
    const mask = tf.ones([1, 4], 'int32') as tf.Tensor2D;
    const base = tf.memory().numTensors;
    const out = model.albert.encoder.forward(emb, mask);
    expect(Object.keys(out)).toEqual(['lastHiddenState']);
    tf.dispose(out.lastHiddenState);
    expect(tf.memory().numTensors).toBe(base);
    tf.dispose([emb, mask]);
    model.dispose();
  });

  it('call() leaves attentions out unless outputAttentions is true', () => {
    const model = AlbertModel.fromConfig(tiny(), { seed: 1 });
    const out = model.call({ inputIds: [[2, 5, 3]] });
    expect(out.attentions).toBeUndefined();
    expect(model.body).toBe(model.albert); // deprecated alias
    tf.dispose(out);
    model.dispose();
  });
});
