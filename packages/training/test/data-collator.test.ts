import { setupBackend } from '@albert-ts/core';
import { AlbertForSequenceClassification, AlbertForTokenClassification } from '@albert-ts/heads';
import { fixturePath, readFixtureJson } from '@albert-ts/test-support';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  collateWithPadding,
  dataCollatorForTokenClassification,
  dataCollatorWithPadding,
  TrainingError,
} from '../src/index.js';

// biome-ignore lint/suspicious/noExplicitAny: fixture JSON
type Case = Record<string, any>;

/** The fixture batch as one example per row (padding removed), labels attached. */
function examplesOf(c: Case, perToken: boolean) {
  return (c.input_ids as number[][]).map((ids, b) => {
    const n = (c.attention_mask[b] as number[]).reduce((s, x) => s + x, 0);
    return {
      inputIds: ids.slice(0, n),
      attentionMask: c.attention_mask[b].slice(0, n),
      tokenTypeIds: c.token_type_ids[b].slice(0, n),
      labels: perToken ? c.labels[b].slice(0, n) : c.labels[b],
    };
  });
}

describe('data collators (HF DataCollatorWithPadding / ForTokenClassification)', () => {
  beforeAll(async () => {
    await setupBackend({ backend: 'cpu' });
  });

  it('re-pads the fixture batches exactly; the model gives the fixture loss on the collated batch', async () => {
    const c = readFixtureJson<{ cases: Case[] }>('heads', 'sequence-classification', 'cases.json').cases[0]!;
    const batch = dataCollatorWithPadding()(examplesOf(c, false));
    expect(batch.inputIds).toEqual(c.input_ids);
    expect(batch.attentionMask).toEqual(c.attention_mask);
    expect(batch.tokenTypeIds).toEqual(c.token_type_ids);
    expect(batch.labels).toEqual(c.labels);
    const model = await AlbertForSequenceClassification.fromPretrained(
      fixturePath('heads', 'sequence-classification'),
    );
    const out = model.call(batch as Parameters<typeof model.call>[0]);
    expect(Math.abs(out.loss!.dataSync()[0]! - c.outputs.loss)).toBeLessThan(1e-5);
    tf.dispose(out);
    model.dispose();
  });

  it('token classification: labels padded with -100, so the loss is the fixture one', async () => {
    const c = readFixtureJson<{ cases: Case[] }>('heads', 'token-classification', 'cases.json').cases[0]!;
    const batch = dataCollatorForTokenClassification()(examplesOf(c, true));
    const want = (c.labels as number[][]).map((row, b) =>
      row.map((y, i) => (c.attention_mask[b][i] ? y : -100)),
    );
    expect(batch.labels).toEqual(want);
    const model = await AlbertForTokenClassification.fromPretrained(
      fixturePath('heads', 'token-classification'),
    );
    const out = model.call(batch as Parameters<typeof model.call>[0]);
    expect(Math.abs(out.loss!.dataSync()[0]! - c.outputs.loss)).toBeLessThan(1e-5);
    tf.dispose(out);
    model.dispose();
  });

  it('max_length, pad_to_multiple_of, defaults, label / other fields, errors', () => {
    const ex = [
      { inputIds: [2, 7, 3], label: 1, startPositions: 1 },
      { inputIds: [2, 7, 8, 9, 3], label: 0, startPositions: 2 },
    ];
    const b = collateWithPadding(ex, { padToMultipleOf: 4 });
    expect(b.inputIds).toEqual([
      [2, 7, 3, 0, 0, 0, 0, 0],
      [2, 7, 8, 9, 3, 0, 0, 0],
    ]);
    expect(b.attentionMask[0]).toEqual([1, 1, 1, 0, 0, 0, 0, 0]);
    expect(b.tokenTypeIds[1]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(b.labels).toEqual([1, 0]);
    expect(b.startPositions).toEqual([1, 2]);
    expect(collateWithPadding(ex, { padding: 'max_length', maxLength: 6 }).inputIds[0]!.length).toBe(6);
    expect(() => collateWithPadding(ex, { padding: 'max_length', maxLength: 4 })).toThrow(
      /more than maxLength 4/,
    );
    expect(() => collateWithPadding([])).toThrow(TrainingError);
    expect(() => collateWithPadding([{ inputIds: [1, 2], attentionMask: [1] }])).toThrow(/length 1 differs/);
    expect(() => dataCollatorForTokenClassification()([{ inputIds: [2, 3], labels: [0] }])).toThrow(/labels/);
    expect(() => collateWithPadding([{ inputIds: [2], labels: 1 }, { inputIds: [2] }])).toThrow(
      /some examples have labels/,
    );
  });
});
