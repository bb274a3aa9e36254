import { setupBackend } from '@albert-ts/core';
import { AlbertForSequenceClassification, AlbertForTokenClassification } from '@albert-ts/heads';
import { readFixtureBytes } from '@albert-ts/test-support';
import { AlbertTokenizer } from '@albert-ts/tokenizer';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { FinetuneJob, Trainer } from '../src/index.js';

const tok = AlbertTokenizer.fromBytes(readFixtureBytes('tokenizer', 'brown-8k.model'));
const CONFIG = {
  vocab_size: 8000,
  embedding_size: 8,
  hidden_size: 16,
  num_hidden_layers: 1,
  num_attention_heads: 2,
  intermediate_size: 16,
  max_position_embeddings: 64,
};
const long = (w: string) => `${'the jury said it '.repeat(20)}${w}`;
const texts = [
  { id: '1', text: long('won'), label: 'pos' },
  { id: '2', text: long('lost'), label: 'neg' },
  { id: '3', text: 'a short one', label: 'pos' },
];

beforeAll(async () => {
  await setupBackend({ backend: 'cpu' });
});

describe('FinetuneJob', () => {
  it('labels and head config from the examples; at least two labels', () => {
    const labelNames = FinetuneJob.labelNamesOf('classification', texts);
    expect(labelNames).toEqual(['neg', 'pos']);
    const job = new FinetuneJob({
      kind: 'classification',
      tokenizer: tok,
      labelNames,
      maxLength: 16,
      batchSize: 2,
      seed: 1,
    });
    expect(job.configPatch()).toMatchObject({ num_labels: 2, id2label: { 0: 'neg', 1: 'pos' } });
    expect(job.totalSteps(3, 2)).toBe(4);
    expect(
      () =>
        new FinetuneJob({
          kind: 'classification',
          tokenizer: tok,
          labelNames: ['x'],
          maxLength: 16,
          batchSize: 2,
          seed: 1,
        }),
    ).toThrow(/at least 2 labels/);
  });

  it('training batches and predictions use the same --tail encoding', async () => {
    const job = new FinetuneJob({
      kind: 'classification',
      tokenizer: tok,
      labelNames: ['neg', 'pos'],
      maxLength: 16,
      tail: 4,
      batchSize: 3,
      seed: 1,
    });
    const [batch] = [...job.trainBatches(texts)(0)];
    // The end of a long text ("won"/"lost") is in the batch as segment B.
    const rows = batch!.tokenTypeIds as number[][];
    expect(rows.filter((r) => r.includes(1))).toHaveLength(2);
    const model = AlbertForSequenceClassification.fromConfig({ ...CONFIG, num_labels: 2 } as never, {
      seed: 1,
    });
    const seen: number[][] = [];
    const spy = {
      call: (inputs: Parameters<typeof model.call>[0]) => {
        seen.push(...(inputs.tokenTypeIds as number[][]));
        return model.call(inputs);
      },
    };
    const before = tf.memory().numTensors;
    const preds = await job.predict(spy, texts);
    expect(tf.memory().numTensors).toBe(before);
    expect(preds.map((p) => p.scores.length)).toEqual([2, 2, 2]);
    expect(seen.filter((r) => r.includes(1))).toHaveLength(2);
    model.dispose();
  });

  it('token classification trains with word-aligned labels and predicts one tag per word', async () => {
    const sentences = [{ id: 's', words: ['The', 'jury', 'said'], tags: ['DET', 'NOUN', 'VERB'] }];
    const labelNames = FinetuneJob.labelNamesOf('token-classification', sentences);
    const job = new FinetuneJob({
      kind: 'token-classification',
      tokenizer: tok,
      labelNames,
      maxLength: 16,
      batchSize: 1,
      seed: 1,
      wordPooling: 'mean',
      labelAllPieces: true,
    });
    const model = AlbertForTokenClassification.fromConfig({ ...CONFIG, num_labels: 3 } as never, { seed: 1 });
    const { AdamW } = await import('../src/index.js');
    const optimizer = new AdamW(model.namedParameters(), { lr: 1e-2 });
    await new Trainer({ model, optimizer, maxSteps: 2, trainData: job.trainBatches(sentences) }).train();
    const before = tf.memory().numTensors;
    const [tags] = await job.predict(model, sentences);
    expect(tf.memory().numTensors).toBe(before);
    expect(tags).toHaveLength(3);
    optimizer.dispose();
    model.dispose();
  });
});
