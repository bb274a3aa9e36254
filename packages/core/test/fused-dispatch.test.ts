import { readFixtureJson } from '@albert-ts/test-support';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AlbertConfig, AlbertModel, setupBackend } from '../src/index.js';

// Which path the model takes: the fused ops (layerNormOp, geluOp, attention) by default, the
// plain ops where the fused ops cannot do what HF does. Spy kernels registered on cpu under the
// fused kernels' names throw when called, so a throw proves the model reached the fused kernel
// and no throw proves it did not. Numerics of both paths: model-parity.test.ts (cpu, wasm) and
// backend-native's parity matrix (wasm with the real kernels).

const base = readFixtureJson<Record<string, unknown>>('albert-tiny-grouped', 'config.json');
const config = (over: Record<string, unknown> = {}) => AlbertConfig.fromJSON({ ...base, ...over });
const inputs = {
  inputIds: [
    [2, 40, 41, 42, 3, 0],
    [2, 50, 51, 3, 0, 0],
  ],
  attentionMask: [
    [1, 1, 1, 1, 1, 0],
    [1, 1, 1, 1, 0, 0],
  ],
};

const spied: string[] = [];
function spy(...names: string[]): void {
  for (const kernelName of names) {
    tf.registerKernel({
      kernelName,
      backendName: 'cpu',
      kernelFunc: () => {
        throw new Error(`spy ${kernelName} called`);
      },
    });
    spied.push(kernelName);
  }
}

describe('the model runs the fused ops by default', () => {
  beforeAll(async () => {
    await setupBackend({ backend: 'cpu' });
  });
  afterEach(() => {
    for (const n of spied.splice(0)) tf.unregisterKernel(n, 'cpu');
  });

  it('outputAttentions only adds the probabilities: hidden states identical, nothing leaks', () => {
    const model = AlbertModel.fromConfig(config(), { seed: 2 });
    const before = tf.memory().numTensors;
    const plain = model.call(inputs);
    const withProbs = model.call(inputs, { outputAttentions: true });
    expect(plain.attentions).toBeUndefined();
    expect(withProbs.attentions).toHaveLength(6 * 2); // 6 layers × inner_group_num 2
    expect(withProbs.attentions![0].shape).toEqual([2, 4, 6, 6]);
    expect(withProbs.lastHiddenState.arraySync()).toEqual(plain.lastHiddenState.arraySync());
    tf.dispose([plain, withProbs] as unknown as tf.TensorContainer);
    // An enclosing tidy frees the returned maps like any other output.
    tf.tidy(() => {
      model.call(inputs, { outputAttentions: true });
    });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('attention, LayerNorm and GELU reach their fused kernels when registered', () => {
    const model = AlbertModel.fromConfig(config(), { seed: 2 });
    for (const [kernel, grad] of [
      ['AlbertAttention', 'AlbertAttentionGrad'],
      ['AlbertLayerNorm', 'AlbertLayerNormGrad'],
      ['AlbertGelu', 'AlbertGeluGrad'],
    ]) {
      spy(kernel, grad);
      expect(() => tf.tidy(() => void model.call(inputs)), kernel).toThrow(`spy ${kernel} called`);
      for (const n of spied.splice(0)) tf.unregisterKernel(n, 'cpu');
    }
    model.dispose();
  });

  it('an activation the op does not cover keeps its own kernels', () => {
    const model = AlbertModel.fromConfig(config({ hidden_act: 'relu' }), { seed: 2 });
    spy('AlbertGelu', 'AlbertGeluGrad');
    tf.dispose(model.call(inputs) as unknown as tf.TensorContainer);
    model.dispose();
  });

  it('attention-probs dropout in training keeps the plain path, and really drops out', async () => {
    const model = AlbertModel.fromConfig(config({ attention_probs_dropout_prob: 0.5 }), { seed: 2 });
    spy('AlbertAttention', 'AlbertAttentionGrad');
    const run = () => model.call(inputs, { training: true }).lastHiddenState;
    const [a, b] = [run(), run()];
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
    expect(diff).toBeGreaterThan(1e-3);
    tf.dispose([a, b]);
    // Without dropout on the probabilities the fused kernel is used in training too.
    const noDrop = AlbertModel.fromConfig(config({ attention_probs_dropout_prob: 0 }), { seed: 2 });
    expect(() => tf.tidy(() => void noDrop.call(inputs, { training: true }))).toThrow(
      'spy AlbertAttention called',
    );
    model.dispose();
    noDrop.dispose();
  });

  it('attention maps requested under a gradient tape come from the plain, differentiable ops', () => {
    const model = AlbertModel.fromConfig(config(), { seed: 2 });
    const wq = model.namedParameters().find(([n]) => n.endsWith('attention.query.weight'))![1] as tf.Variable;
    spy('AlbertAttention', 'AlbertAttentionGrad');
    // A loss on the maps alone: its gradient reaches the query weights only through the probs.
    const { value, grads } = tf.variableGrads(() => {
      const out = model.call(inputs, { outputAttentions: true });
      return tf.sum(tf.square(out.attentions![3]));
    }, [wq]);
    const g = grads[wq.name];
    expect(tf.tidy(() => tf.max(tf.abs(g)).dataSync()[0])).toBeGreaterThan(0);
    tf.dispose([value, g]);
    model.dispose();
  });
});
