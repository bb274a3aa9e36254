// A tiny classifier with HF-style parameter names, standing in for an ALBERT model in Trainer
// tests (plain JS so child processes can use it without a TypeScript loader).
import * as tf from '@tensorflow/tfjs-core';

function seeded(seed, n, std) {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = ((s / 2 ** 32) * 2 - 1) * std;
  }
  return out;
}

export class ToyModel {
  constructor({ vocab = 50, dim = 8, classes = 3, seed = 1 } = {}) {
    this.vocab = vocab;
    this.classes = classes;
    this.params = tf.tidy(() => [
      [
        'albert.embeddings.word_embeddings.weight',
        tf.variable(tf.tensor(seeded(seed, vocab * dim, 0.5), [vocab, dim])),
      ],
      ['albert.embeddings.LayerNorm.weight', tf.variable(tf.ones([dim]))],
      ['classifier.weight', tf.variable(tf.tensor(seeded(seed + 1, dim * classes, 0.5), [dim, classes]))],
      ['classifier.bias', tf.variable(tf.zeros([classes]))],
    ]);
  }
  namedParameters() {
    return this.params;
  }
  call(inputs, _opts = {}) {
    return tf.tidy(() => {
      const [emb, scale, w, b] = this.params.map(([, v]) => v);
      const ids =
        inputs.inputIds instanceof tf.Tensor
          ? inputs.inputIds
          : tf.tensor2d(inputs.inputIds, undefined, 'int32');
      const h = tf.mul(tf.mean(tf.gather(emb, ids), 1), scale);
      const logits = tf.add(tf.matMul(h, w), b);
      const out = { logits };
      if (inputs.labels != null) {
        const labels =
          inputs.labels instanceof tf.Tensor ? inputs.labels : tf.tensor1d(inputs.labels, 'int32');
        const logp = tf.logSoftmax(logits);
        const nll = tf.neg(tf.sum(tf.mul(logp, tf.oneHot(labels, this.classes)), 1));
        out.loss = tf.mean(nll);
        out.auxLoss = tf.mul(out.loss, 0.5);
      }
      return out;
    });
  }
  dispose() {
    for (const [, v] of this.params) v.dispose();
  }
}

/** Deterministic batches for an epoch: labels depend on the ids, so the task is learnable. */
export function toyBatches({ batches = 8, batchSize = 4, seqLen = 5, vocab = 50, classes = 3 } = {}) {
  return {
    *batches(epoch) {
      let s = (epoch + 1) * 7919;
      const next = () => {
        s = (Math.imul(s, 1103515245) + 12345) >>> 0;
        return s >>> 8;
      };
      for (let i = 0; i < batches; i++) {
        const inputIds = [];
        const labels = [];
        for (let r = 0; r < batchSize; r++) {
          const row = Array.from({ length: seqLen }, () => next() % vocab);
          inputIds.push(row);
          labels.push(row[0] % classes);
        }
        yield { inputIds, labels };
      }
    },
  };
}
