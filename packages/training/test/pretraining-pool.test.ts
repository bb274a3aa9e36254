import { setupBackend } from '@albert-ts/core';
import { AlbertForPreTraining } from '@albert-ts/heads';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  collateTrimmed,
  computeGradients,
  evaluatePretraining,
  type PretrainingBatch,
  PretrainingExamplePool,
  pretrainingLoss,
} from '../src/index.js';
import { brownDocuments } from './helpers/brown.js';
import { fakeTokenizer } from './helpers/fake-tokenizer.js';

const docs = [...brownDocuments(3)];
const tok = fakeTokenizer(512);
for (const d of docs) for (const s of d) tok.convertTokensToIds(tok.tokenize(s));
const opts = { maxSeqLength: 32, dupeFactor: 2, randomSeed: 5 };

async function collect(it: AsyncIterable<PretrainingBatch>): Promise<PretrainingBatch[]> {
  const out: PretrainingBatch[] = [];
  for await (const b of it) out.push(b);
  return out;
}

describe('PretrainingExamplePool', () => {
  it('pulls examples only as asked, and epoch 0 streams them in order', async () => {
    const pool = new PretrainingExamplePool(docs, tok, opts);
    expect(await pool.fill(3)).toBe(3);
    expect(pool.examples).toHaveLength(3);
    const first = await collect(pool.batches(0, { batchSize: 4, shuffleSeed: 's' }));
    const n = pool.examples.length;
    expect(first).toHaveLength(Math.floor(n / 4));
    expect(first[0]!.inputIds[0]).toEqual(pool.examples[0]!.inputIds.slice(0, first[0]!.inputIds[0]!.length));
    expect(await pool.fill(n + 10)).toBe(n); // the stream is used up
  });

  it('later epochs reshuffle what was built, the same way for the same seed and epoch', async () => {
    const pool = new PretrainingExamplePool(docs, tok, opts);
    await pool.fill(1000);
    const key = (bs: PretrainingBatch[]) => JSON.stringify(bs.map((b) => b.inputIds));
    const e1 = await collect(pool.batches(1, { batchSize: 4, shuffleSeed: 's' }));
    expect(key(e1)).toBe(key(await collect(pool.batches(1, { batchSize: 4, shuffleSeed: 's' }))));
    expect(key(e1)).not.toBe(key(await collect(pool.batches(2, { batchSize: 4, shuffleSeed: 's' }))));
    expect(e1).toHaveLength(Math.floor(pool.examples.length / 4));
    // A fresh pool (a resumed run) gives a later epoch exactly as the pool that lived through epoch 0.
    const fresh = new PretrainingExamplePool(docs, tok, opts);
    expect(key(await collect(fresh.batches(1, { batchSize: 4, shuffleSeed: 's' })))).toBe(key(e1));
    const held = pool.fixedBatches(16);
    expect(held.reduce((s, b) => s + b.sentenceOrderLabel.length, 0)).toBe(pool.examples.length);
  });

  it('collateTrimmed cuts the padding all rows share, and nothing else', async () => {
    const pool = new PretrainingExamplePool(docs, tok, opts);
    await pool.fill(4);
    const b = collateTrimmed(pool.examples);
    const len = Math.max(...pool.examples.map((e) => e.length));
    expect(b.inputIds.every((r) => r.length === len)).toBe(true);
    expect(b.labels[0]).toEqual(pool.examples[0]!.labels.slice(0, len));
    expect(b.sentenceOrderLabel).toEqual(pool.examples.map((e) => e.sentenceOrderLabel));
  });
});

describe('pretraining loss with nothing masked', () => {
  beforeAll(async () => {
    await setupBackend({ backend: 'cpu' });
  });

  it('is the SOP loss alone (finite, mlmLoss 0), in training and in evaluation', async () => {
    const model = AlbertForPreTraining.fromConfig(
      {
        vocab_size: 512,
        embedding_size: 8,
        hidden_size: 16,
        num_hidden_layers: 1,
        num_attention_heads: 2,
        intermediate_size: 16,
        max_position_embeddings: 32,
      },
      { seed: 1 },
    );
    const pool = new PretrainingExamplePool(docs, tok, opts);
    await pool.fill(2);
    const batch = collateTrimmed(pool.examples);
    const unmasked = { ...batch, labels: batch.labels.map((r) => r.map(() => -100)) };
    const base = tf.memory().numTensors;
    const out = pretrainingLoss(model, unmasked, { training: false });
    const [loss, mlm, sop] = [out.loss, out.extras.mlmLoss!, out.extras.sopLoss!].map(
      (t) => t.dataSync()[0]!,
    );
    expect(Number.isFinite(loss)).toBe(true);
    expect(mlm).toBe(0);
    expect(loss).toBeCloseTo(sop, 6);
    tf.dispose([out.loss, ...Object.values(out.extras)]);
    const { value, grads } = computeGradients(
      model.namedParameters(),
      () => pretrainingLoss(model, unmasked).loss,
    );
    expect([...grads.values()].every((g) => g.dataSync().every(Number.isFinite))).toBe(true);
    tf.dispose([value, ...grads.values()]);
    const m = await evaluatePretraining(model, [unmasked, batch]);
    expect(Number.isFinite(m.loss) && m.mlmLoss > 0 && m.mlmAccuracy >= 0).toBe(true);
    expect(tf.memory().numTensors).toBe(base);
    model.dispose();
  });
});
