import { parseSafetensors, setupBackend } from '@albert-ts/core';
import { AlbertForPreTraining } from '@albert-ts/heads';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  evaluatePretraining,
  Lamb,
  layerwiseLrDecay,
  MemoryCheckpointStore,
  type PretrainingBatch,
  pretrainingDataset,
  type TrainDataset,
  Trainer,
  withSeededRandom,
} from '../src/index.js';
import { brownDocuments } from './helpers/brown.js';
import { fakeTokenizer } from './helpers/fake-tokenizer.js';

// A 512-piece toy tokenizer keeps the MLM head small, so this stays fast on the cpu backend
// (Brown with brown-8k.model is covered by pretraining-data.test.ts).
let data: TrainDataset<PretrainingBatch>;
const CONFIG = {
  vocab_size: 512,
  embedding_size: 16,
  hidden_size: 32,
  num_hidden_layers: 2,
  num_hidden_groups: 1,
  num_attention_heads: 2,
  intermediate_size: 48,
  max_position_embeddings: 32,
  hidden_dropout_prob: 0.1,
  classifier_dropout_prob: 0.1,
};

beforeAll(async () => {
  await setupBackend({ backend: 'cpu' });
  const docs = [...brownDocuments(4)];
  const tok = fakeTokenizer(512);
  // The toy tokenizer grows its vocabulary as it sees words: fill it first so every pass agrees.
  for (const d of docs) for (const s of d) tok.convertTokensToIds(tok.tokenize(s));
  data = pretrainingDataset(docs, tok, { batchSize: 4, maxSeqLength: 32, dupeFactor: 1, randomSeed: 1 });
});

function setup(seed: number) {
  const model = AlbertForPreTraining.fromConfig(CONFIG, { seed });
  const params = model.namedParameters();
  const optimizer = new Lamb(params, {
    lr: { type: 'linear', lr: 2e-3, warmupSteps: 1, totalSteps: 4 },
    maxGradNorm: 1,
    lrScales: layerwiseLrDecay(params, { decay: 0.9 }),
  });
  return { model, optimizer };
}

describe('pretraining AlbertForPreTraining on Brown (cpu)', () => {
  it('dropout is on in training mode and withSeededRandom makes it reproducible', async () => {
    const { model, optimizer } = setup(1);
    let batch: PretrainingBatch | undefined;
    for await (const b of data.batches(0)) {
      batch = b;
      break;
    }
    const loss = (seed: number) =>
      withSeededRandom(seed, () => tf.tidy(() => model.call(batch!, { training: true }).loss!.dataSync()[0]));
    expect(loss(5)).toBe(loss(5));
    expect(loss(5)).not.toBe(loss(6));
    optimizer.dispose();
    model.dispose();
  });

  it('trains, checkpoints in HF layout and resumes bit-exactly with dropout on', async () => {
    const base = tf.memory().numTensors;
    const full = setup(7);
    const r = await new Trainer({
      ...full,
      trainData: data,
      maxSteps: 4,
      gradientAccumulationSteps: 2,
      logEvery: 2,
    }).train();
    expect(r.logs.map((l) => l.step)).toEqual([2, 4]);
    for (const key of ['loss', 'mlmLoss', 'sopLoss', 'gradNorm', 'tokensPerSecond'])
      expect(Number.isFinite(r.logs[0][key]), key).toBe(true);

    const store = new MemoryCheckpointStore();
    const first = setup(7);
    await new Trainer({
      ...first,
      trainData: data,
      maxSteps: 2,
      gradientAccumulationSteps: 2,
      checkpoints: store,
      saveEvery: 2,
    }).train();
    const files = await store.read('checkpoint-000002');
    // model.safetensors is in HF layout: torch Linear weights are [out, in], the decoder is tied.
    const st = parseSafetensors(files.get('model.safetensors')!);
    expect(st.tensors.get('albert.encoder.embedding_hidden_mapping_in.weight')!.shape).toEqual([32, 16]);
    expect(st.tensors.get('predictions.dense.weight')!.shape).toEqual([16, 32]);
    expect(st.tensors.has('predictions.decoder.weight')).toBe(false);
    const reloaded = await AlbertForPreTraining.fromPretrained({
      config: JSON.parse(new TextDecoder().decode(files.get('config.json'))),
      weights: files.get('model.safetensors')!,
    });
    for (const [[n, a], [, b]] of reloaded
      .namedParameters()
      .map((p, i) => [p, first.model.namedParameters()[i]] as const)) {
      expect(Array.from(await a.data()), n).toEqual(Array.from(await b.data()));
    }
    reloaded.dispose();

    const second = setup(123);
    const t2 = new Trainer({
      ...second,
      trainData: data,
      maxSteps: 4,
      gradientAccumulationSteps: 2,
      checkpoints: store,
    });
    expect(await t2.resume()).toBe(2);
    await t2.train();
    const fp = full.model.namedParameters();
    const sp = second.model.namedParameters();
    for (let i = 0; i < fp.length; i++)
      expect(Array.from(await sp[i][1].data()), fp[i][0]).toEqual(Array.from(await fp[i][1].data()));

    const metrics = await evaluatePretraining(full.model, data.batches(99));
    // The gathered path (MLM head on masked positions) agrees with the model's own call().
    const viaCall = await evaluatePretraining(
      { namedParameters: () => full.model.namedParameters(), call: (b, o) => full.model.call(b, o) },
      data.batches(99),
    );
    for (const k of ['loss', 'mlmLoss', 'sopLoss', 'mlmAccuracy', 'sopAccuracy'] as const) {
      expect(metrics[k], k).toBeCloseTo(viaCall[k], 5);
    }
    expect(metrics.examples).toBeGreaterThan(0);
    expect(metrics.loss).toBeCloseTo(metrics.mlmLoss + metrics.sopLoss, 5);
    expect(metrics.sopAccuracy).toBeGreaterThanOrEqual(0);
    expect(metrics.sopAccuracy).toBeLessThanOrEqual(1);
    expect(metrics.mlmLoss).toBeLessThan(Math.log(512) + 1);

    for (const s of [full, first, second]) {
      s.optimizer.dispose();
      s.model.dispose();
    }
    expect(tf.memory().numTensors).toBe(base);
  });
});
