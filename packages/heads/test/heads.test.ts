import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlbertConfig, setupBackend } from '@albert-ts/core';
import { fixturePath, readFixtureBytes, readFixtureJson } from '@albert-ts/test-support';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AlbertForMaskedLM,
  AlbertForMultipleChoice,
  AlbertForPreTraining,
  AlbertForQuestionAnswering,
  AlbertForSequenceClassification,
  AlbertForTokenClassification,
} from '../src/index.js';

/** The test's own minimal safetensors header reader. */
function header(bytes: Uint8Array): Record<string, { dtype: string; shape: number[] }> {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const h = JSON.parse(Buffer.from(bytes.subarray(8, 8 + n)).toString('utf8'));
  delete h.__metadata__;
  return h;
}

const MODELS = {
  'albert-tiny': AlbertForPreTraining,
  'heads/masked-lm': AlbertForMaskedLM,
  'heads/sequence-classification': AlbertForSequenceClassification,
  'heads/sequence-regression': AlbertForSequenceClassification,
  'heads/token-classification': AlbertForTokenClassification,
  'heads/question-answering': AlbertForQuestionAnswering,
  'heads/multiple-choice': AlbertForMultipleChoice,
} as const;

// biome-ignore lint/suspicious/noExplicitAny: fixture JSON
type Case = Record<string, any>;
const firstCase = (dir: string): Case =>
  readFixtureJson<{ cases: Case[] }>(...dir.split('/'), 'cases.json').cases[0];
// biome-ignore lint/suspicious/noExplicitAny: fixture JSON
const inputsOf = (c: Record<string, any>) => ({
  inputIds: c.input_ids,
  attentionMask: c.attention_mask,
  tokenTypeIds: c.token_type_ids,
  labels: c.labels,
  sentenceOrderLabel: c.sentence_order_label,
  startPositions: c.start_positions,
  endPositions: c.end_positions,
});

describe('heads: save/load, memory, tying', () => {
  let dir: string;
  beforeAll(async () => {
    await setupBackend({ backend: 'wasm', native: false });
    dir = await mkdtemp(join(tmpdir(), 'albert-heads-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  for (const [fx, Model] of Object.entries(MODELS)) {
    it(`${fx}: savePretrained writes the fixture's key set and shapes; reload gives identical outputs; 100 calls leak nothing`, async () => {
      // biome-ignore lint/suspicious/noExplicitAny: per-class input types
      const model: any = await (Model as any).fromPretrained(fixturePath(...fx.split('/')), { strict: true });
      const out = dir + '/' + fx.replace('/', '-');
      await model.savePretrained(out);
      const saved = new Uint8Array(await readFile(join(out, 'model.safetensors')));
      const ours = header(saved);
      const ref = header(readFixtureBytes(...fx.split('/'), 'model.safetensors'));
      expect(Object.keys(ours).sort()).toEqual(Object.keys(ref).sort());
      for (const k of Object.keys(ref)) expect(ours[k], k).toEqual(ref[k]);
      // Same bytes as HF wrote (header format and values).
      expect(
        Buffer.from(saved).equals(Buffer.from(readFixtureBytes(...fx.split('/'), 'model.safetensors'))),
      ).toBe(true);
      const cfg = JSON.parse(await readFile(join(out, 'config.json'), 'utf8'));
      expect(cfg.architectures).toEqual(
        readFixtureJson<{ architectures: string[] }>(...fx.split('/'), 'config.json').architectures,
      );

      // biome-ignore lint/suspicious/noExplicitAny: per-class input types
      const again: any = await (Model as any).fromPretrained(out, { strict: true });
      const inputs = inputsOf(firstCase(fx));
      const a = model.call(inputs);
      const b = again.call(inputs);
      for (const k of Object.keys(a)) expect(b[k].arraySync(), k).toEqual(a[k].arraySync());
      tf.dispose([a, b]);

      const base = tf.memory().numTensors;
      for (let i = 0; i < 100; i++) tf.dispose(model.call(inputs, { outputAttentions: i % 10 === 0 }));
      expect(tf.memory().numTensors).toBe(base);
      model.dispose();
      again.dispose();
    });
  }

  it('the MLM decoder is the word-embedding variable (tied), listed once', async () => {
    const m = await AlbertForMaskedLM.fromPretrained(fixturePath('heads', 'masked-lm'));
    const names = m.namedParameters().map(([n]) => n);
    expect(names).toContain('albert.embeddings.word_embeddings.weight');
    expect(names).toContain('predictions.bias');
    expect(names.some((n) => n.startsWith('predictions.decoder'))).toBe(false);
    expect(m.getParam('predictions.decoder.weight')).toBe(
      m.getParam('albert.embeddings.word_embeddings.weight'),
    );
    expect(m.getParam('predictions.decoder.bias')).toBe(m.getParam('predictions.bias'));
    // Changing the embedding changes the logits through the decoder.
    const x = { inputIds: [[2, 7, 3]] };
    const before = m.call(x).logits;
    const w = m.getParam('albert.embeddings.word_embeddings.weight').value;
    w.assign(tf.mul(w, 2));
    const after = m.call(x).logits;
    expect(after.arraySync()).not.toEqual(before.arraySync());
    tf.dispose([before, after]);
    m.dispose();
  });

  it('tie_word_embeddings: false gives the decoder its own weight (saved as predictions.decoder.weight)', async () => {
    const cfg = {
      ...readFixtureJson<Record<string, unknown>>('heads', 'masked-lm', 'config.json'),
      tie_word_embeddings: false,
    };
    const m = AlbertForMaskedLM.fromConfig(cfg, { seed: 1 });
    const names = m.namedParameters().map(([n]) => n);
    expect(names).toContain('predictions.decoder.weight');
    expect(names).not.toContain('predictions.decoder.bias'); // still tied to predictions.bias
    const back = await AlbertForMaskedLM.fromPretrained(await m.toPretrained(), { strict: true });
    const x = { inputIds: [[2, 7, 9, 3]] };
    const a = m.call(x);
    const b = back.call(x);
    expect(b.logits.arraySync()).toEqual(a.logits.arraySync());
    tf.dispose([a, b]);
    m.dispose();
    back.dispose();
  });

  it('a checkpoint with HF tied aliases (predictions.decoder.*) loads without unexpected keys', async () => {
    const m = await AlbertForMaskedLM.fromPretrained(fixturePath('heads', 'masked-lm'));
    const sd = m.stateDict();
    sd.set('predictions.decoder.weight', tf.clone(sd.get('albert.embeddings.word_embeddings.weight')!));
    sd.set('predictions.decoder.bias', tf.clone(sd.get('predictions.bias')!));
    sd.set('albert.embeddings.position_ids', tf.reshape(tf.range(0, 64, 1, 'int32'), [1, 64]));
    const m2 = await AlbertForMaskedLM.fromPretrained(
      { config: m.configJson(), weights: sd },
      { strict: true },
    );
    expect(m2.loadReport).toEqual({ missingKeys: [], unexpectedKeys: [], mismatchedKeys: [] });
    tf.dispose([...sd.values()]);
    m.dispose();
    m2.dispose();
  });

  it('a pretraining checkpoint initialises a classifier (head weights reported missing, encoder loaded)', async () => {
    let report = { missingKeys: [] as string[], unexpectedKeys: [] as string[] };
    const m = await AlbertForSequenceClassification.fromPretrained(fixturePath('albert-tiny'), {
      seed: 1,
      onReport: (r) => (report = r),
    });
    expect(report.missingKeys.sort()).toEqual(['classifier.bias', 'classifier.weight']);
    expect(
      report.unexpectedKeys.filter((k) => !k.startsWith('predictions.') && !k.startsWith('sop_classifier.')),
    ).toEqual([]);
    m.dispose();
  });
});

describe('heads: losses and problem types', () => {
  beforeAll(async () => {
    await setupBackend({ backend: 'cpu' });
  });
  const cfg = () => AlbertConfig.fromJSON(readFixtureJson('heads', 'sequence-classification', 'config.json'));

  it('multi-label: float label rows give BCE-with-logits (HF inference) and set problemType', () => {
    const m = AlbertForSequenceClassification.fromConfig(cfg(), { seed: 5 });
    const labels = [
      [1, 0, 1],
      [0, 0.5, 1],
    ];
    const out = m.call({
      inputIds: [
        [2, 9, 3],
        [2, 8, 3],
      ],
      labels,
    });
    expect(m.config.problemType).toBe('multi_label_classification');
    const z = out.logits.arraySync() as number[][];
    let s = 0;
    for (const [i, row] of z.entries()) {
      for (const [j, x] of row.entries()) {
        const y = labels[i][j];
        s += -(y * Math.log(1 / (1 + Math.exp(-x))) + (1 - y) * Math.log(1 - 1 / (1 + Math.exp(-x))));
      }
    }
    expect(out.loss!.dataSync()[0]).toBeCloseTo(s / 6, 6);
    tf.dispose(out);
    m.dispose();
  });

  it('single-label with -100 ignored; regression MSE; label range errors', () => {
    const m = AlbertForSequenceClassification.fromConfig(cfg(), { seed: 5 });
    const ids = [
      [2, 9, 3],
      [2, 8, 3],
    ];
    const out = m.call({ inputIds: ids, labels: tf.tensor1d([2, -100], 'int32') });
    const z = (out.logits.arraySync() as number[][])[0];
    const lse = Math.log(z.reduce((a, x) => a + Math.exp(x), 0));
    expect(out.loss!.dataSync()[0]).toBeCloseTo(lse - z[2], 6);
    expect(m.config.problemType).toBe('single_label_classification');
    expect(() => m.call({ inputIds: ids, labels: [3, 0] })).toThrow(/outside \[0, 3\)/);
    tf.dispose(out);
    m.dispose();

    const r = AlbertForSequenceClassification.fromConfig(cfg().with({ numLabels: 1 }), { seed: 5 });
    const ro = r.call({ inputIds: ids, labels: [0.5, -1.25] });
    const p = ro.logits.dataSync();
    expect(ro.loss!.dataSync()[0]).toBeCloseTo(((p[0] - 0.5) ** 2 + (p[1] + 1.25) ** 2) / 2, 6);
    expect(r.config.problemType).toBe('regression');
    tf.dispose(ro);
    r.dispose();
  });

  it('QA: a position past the sequence is ignored (HF clamp to S = ignore_index)', () => {
    const m = AlbertForQuestionAnswering.fromConfig(
      readFixtureJson('heads', 'question-answering', 'config.json'),
      { seed: 2 },
    );
    const ids = [[2, 9, 3, 5]];
    const both = m.call({ inputIds: ids, startPositions: [1], endPositions: [2] });
    const onlyEnd = m.call({ inputIds: ids, startPositions: [99], endPositions: [2] });
    const s = both.startLogits.arraySync()[0] as number[];
    const e = both.endLogits.arraySync()[0] as number[];
    const ce = (v: number[], k: number) => Math.log(v.reduce((a, x) => a + Math.exp(x), 0)) - v[k];
    expect(both.loss!.dataSync()[0]).toBeCloseTo((ce(s, 1) + ce(e, 2)) / 2, 6);
    // torch: a mean over zero targets is NaN, and so is the total.
    expect(Number.isNaN(onlyEnd.loss!.dataSync()[0])).toBe(true);
    tf.dispose([both, onlyEnd]);
    m.dispose();
  });

  it('pretraining: loss only with both label sets; mlm/sop losses separately', () => {
    const m = AlbertForPreTraining.fromConfig(readFixtureJson('albert-tiny', 'config.json'), { seed: 1 });
    const o = m.call({ inputIds: [[2, 5, 3]], labels: [[-100, 7, -100]] });
    expect(o.loss).toBeUndefined();
    expect(o.mlmLoss).toBeDefined();
    tf.dispose(o);
    m.dispose();
  });
});
