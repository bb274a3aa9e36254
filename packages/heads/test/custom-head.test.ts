import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AlbertConfig,
  type AlbertInputs,
  Linear,
  type NumInput,
  setupBackend,
  toTensor,
} from '@albert-ts/core';
import { fixturePath, readFixtureJson } from '@albert-ts/test-support';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { AlbertHeadModel, Head, type HeadContext } from '../src/index.js';

// --- The README's example of a user-written head (kept in sync with packages/heads/README.md) ---
interface PairInputs extends AlbertInputs {
  /** `[B]` target cosine similarity of each pair in [-1, 1]. */
  labels?: NumInput | null;
}
interface PairOutput {
  embeddings: tf.Tensor3D; // [B, 2, P]
  cosine: tf.Tensor1D; // [B]
  loss?: tf.Scalar;
}

/** Mean-pooled (mask-aware) sentence embeddings, a projection, cosine-similarity loss (MSE). */
class MeanPoolingHead extends Head<PairInputs, PairOutput> {
  readonly projection: Linear;
  constructor(config: AlbertConfig, dim = 16) {
    super();
    this.projection = this.addChild('projection', new Linear(config.hiddenSize, dim));
  }
  override get inputRank(): 3 {
    return 3; // inputIds [batch, 2, seq]: the two sentences of each pair
  }
  forward({ inputs, encoded, encoderInputs }: HeadContext<PairInputs>): PairOutput {
    const mask = tf.expandDims(tf.cast(encoderInputs.attentionMask, 'float32'), -1); // [2B, S, 1]
    const summed = tf.sum(tf.mul(encoded.lastHiddenState, mask), 1);
    const pooled = tf.div(summed, tf.maximum(tf.sum(mask, 1), 1e-9)); // [2B, H]
    const emb = this.projection.forward(pooled);
    const pairs = tf.reshape(emb, [-1, 2, emb.shape[1]!]) as tf.Tensor3D;
    const [a, b] = tf.unstack(pairs, 1);
    const cosine = tf.div(
      tf.sum(tf.mul(a, b), -1),
      tf.mul(tf.norm(a, 2, -1), tf.norm(b, 2, -1)),
    ) as tf.Tensor1D;
    const out: PairOutput = { embeddings: pairs, cosine };
    if (inputs.labels != null)
      out.loss = tf.mean(
        tf.squaredDifference(cosine, toTensor(inputs.labels, 'labels', 'float32')),
      ) as tf.Scalar;
    return out;
  }
}

class AlbertForSentencePairs extends AlbertHeadModel<MeanPoolingHead, PairInputs, PairOutput> {
  constructor(config: AlbertConfig) {
    super(config, {
      head: (c) => new MeanPoolingHead(c),
      addPoolingLayer: false,
      architecture: 'AlbertModel',
    });
  }
}
// ---------------------------------------------------------------------------------------------

describe('a user-written head', () => {
  beforeAll(async () => {
    await setupBackend({ backend: 'cpu' });
  });

  it('computes mean-pooled embeddings and the cosine loss; trains; saves and loads', async () => {
    const m = await AlbertForSentencePairs.fromPretrained(fixturePath('heads', 'masked-lm'), {
      seed: 3,
      onReport: () => {},
    });
    expect(m.loadReport!.missingKeys.sort()).toEqual(['projection.bias', 'projection.weight']);
    const inputs = {
      inputIds: [
        [
          [2, 11, 12, 3, 0],
          [2, 11, 13, 14, 3],
        ],
      ],
      attentionMask: [
        [
          [1, 1, 1, 1, 0],
          [1, 1, 1, 1, 1],
        ],
      ],
      labels: [0.25],
    };
    const out = m.call(inputs, { returnEncoderOutputs: true });
    // Hand computation from the encoder outputs and the projection weights.
    const h = out.lastHiddenState!.arraySync() as number[][][];
    const W = m
      .toHfLayout('projection.weight', m.getParam('projection.weight').value)
      .arraySync() as number[][];
    const bias = m.getParam('projection.bias').value.arraySync() as number[];
    const embed = (rows: number[][], mask: number[]) => {
      const H = rows[0].length;
      const mean = Array.from(
        { length: H },
        (_, k) => rows.reduce((s, r, i) => s + r[k] * mask[i], 0) / mask.reduce((a, b) => a + b),
      );
      return W.map((w, j) => w.reduce((s, x, k) => s + x * mean[k], bias[j]));
    };
    const ea = embed(h[0], inputs.attentionMask[0][0]);
    const eb = embed(h[1], inputs.attentionMask[0][1]);
    const dot = ea.reduce((s, x, i) => s + x * eb[i], 0);
    const cos = dot / Math.hypot(...ea) / Math.hypot(...eb);
    expect(out.cosine.dataSync()[0]).toBeCloseTo(cos, 5);
    expect(out.loss!.dataSync()[0]).toBeCloseTo((cos - 0.25) ** 2, 5);
    tf.dispose(out);

    // Gradients reach the head and the encoder.
    const vars = m.namedParameters();
    const { grads, value } = tf.variableGrads(
      () => m.call(inputs).loss!,
      vars.map(([, v]) => v),
    );
    const gnorm = (name: string) => tf.norm(grads[vars.find(([n]) => n === name)![1].name]).dataSync()[0];
    expect(gnorm('projection.weight')).toBeGreaterThan(0);
    expect(gnorm('albert.encoder.albert_layer_groups.0.albert_layers.0.ffn.weight')).toBeGreaterThan(0);
    tf.dispose([value, ...Object.values(grads)]);

    const dir = await mkdtemp(join(tmpdir(), 'albert-custom-'));
    await m.savePretrained(dir);
    const again = await AlbertForSentencePairs.fromPretrained(dir, { strict: true });
    const o1 = m.call(inputs);
    const o2 = again.call(inputs);
    expect(o2.cosine.arraySync()).toEqual(o1.cosine.arraySync());
    tf.dispose([o1, o2]);
    await rm(dir, { recursive: true, force: true });
    m.dispose();
    again.dispose();
    expect(readFixtureJson('heads', 'masked-lm', 'config.json')).toBeDefined();
  });
});
