import { AlbertConfig, AlbertModel, setupBackend } from '@albert-ts/core';
import { fixturePath, readFixtureJson } from '@albert-ts/test-support';
import { AlbertTokenizer } from '@albert-ts/tokenizer';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AlbertForMaskedLM,
  AlbertForQuestionAnswering,
  AlbertForSequenceClassification,
  AlbertForTokenClassification,
  answer,
  bestSpans,
  classify,
  embed,
  fillMask,
  predictMasked,
  tagTokens,
} from '../src/index.js';

// biome-ignore lint/suspicious/noExplicitAny: fixture JSON
type Case = Record<string, any>;
const casesOf = (task: string) => readFixtureJson<{ cases: Case[] }>('heads', task, 'cases.json').cases;

/** The test's own softmax (float64). */
function softmax(xs: number[]): number[] {
  const m = Math.max(...xs);
  const e = xs.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

describe('pipelines decode what the fixture logits imply (acceptance 6)', () => {
  beforeAll(async () => {
    await setupBackend({ backend: 'cpu' });
  });

  it('fill-mask on heads/masked-lm: top-5 tokens and probabilities at every labelled position', async () => {
    const model = await AlbertForMaskedLM.fromPretrained(fixturePath('heads', 'masked-lm'));
    for (const c of casesOf('masked-lm')) {
      const positions: Array<[number, number]> = [];
      c.labels.forEach((row: number[], b: number) => {
        row.forEach((y, s) => {
          if (y !== -100) positions.push([b, s]);
        });
      });
      const preds = await predictMasked(
        model,
        { inputIds: c.input_ids, attentionMask: c.attention_mask, tokenTypeIds: c.token_type_ids },
        positions,
        5,
      );
      positions.forEach(([b, s], p) => {
        const probs = softmax(c.outputs.logits[b][s]);
        const order = probs.map((_, i) => i).sort((x, y) => probs[y] - probs[x]);
        expect(
          preds[p].map((q) => q.token),
          `${c.name} [${b},${s}]`,
        ).toEqual(order.slice(0, 5));
        for (const [j, q] of preds[p].entries())
          expect(Math.abs(q.score - probs[order[j]])).toBeLessThan(1e-6);
      });
    }
    model.dispose();
  });

  it('QA on heads/question-answering: the best span of the context (type-1 tokens) from the fixture logits', async () => {
    const model = await AlbertForQuestionAnswering.fromPretrained(fixturePath('heads', 'question-answering'));
    for (const c of casesOf('question-answering')) {
      const out = model.call({
        inputIds: c.input_ids,
        attentionMask: c.attention_mask,
        tokenTypeIds: c.token_type_ids,
      });
      const starts = out.startLogits.arraySync();
      const ends = out.endLogits.arraySync();
      tf.dispose(out);
      c.input_ids.forEach((ids: number[], b: number) => {
        const allowed = ids.map(
          (id, i) => c.token_type_ids[b][i] === 1 && c.attention_mask[b][i] === 1 && id !== 3,
        );
        const got = bestSpans(starts[b], ends[b], allowed, { topK: 3, maxAnswerLength: 4 });
        // Brute force on the FIXTURE's logits with HF's rules (mask -> -10000 except CLS, softmax, CLS zeroed).
        const ref = (l: number[]) => softmax(l.map((x, i) => (allowed[i] || i === 0 ? x : -10000)));
        const ps = ref(c.outputs.start_logits[b]);
        const pe = ref(c.outputs.end_logits[b]);
        const all: Array<[number, number, number]> = [];
        for (let i = 1; i < ids.length; i++)
          for (let j = i; j < Math.min(ids.length, i + 4); j++)
            if (allowed[i] && allowed[j]) all.push([i, j, ps[i] * pe[j]]);
        all.sort((x, y) => y[2] - x[2]);
        expect(
          got.map((g) => [g.start, g.end]),
          `${c.name} row ${b}`,
        ).toEqual(all.slice(0, 3).map(([i, j]) => [i, j]));
        for (const [k, g] of got.entries()) expect(Math.abs(g.score - all[k][2])).toBeLessThan(1e-5);
      });
    }
    model.dispose();
  });
});

describe('pipelines on text (reconstructed English SentencePiece model)', () => {
  let tok: AlbertTokenizer;
  const numVariables = () => Object.keys(tf.engine().registeredVariables).length;
  let vars0 = 0;
  const cfg = (extra: Record<string, unknown> = {}) =>
    AlbertConfig.fromJSON({
      ...readFixtureJson<Record<string, unknown>>('albert-tiny', 'config.json'),
      vocab_size: 30000,
      max_position_embeddings: 128,
      ...extra,
    });
  beforeAll(async () => {
    await setupBackend({ backend: 'wasm', native: false });
    tok = await AlbertTokenizer.fromFile(fixturePath('tokenizer', 'albert-en-30k-reconstructed.model'));
    vars0 = numVariables();
  });
  afterAll(() => {
    // Every model made here was disposed.
    expect(numVariables()).toBe(vars0);
  });

  it('fillMask returns top-k tokens per [MASK], consistent with predictMasked', async () => {
    const m = AlbertForMaskedLM.fromConfig(cfg(), { seed: 11 });
    const before = tf.memory().numTensors;
    const res = await fillMask(m, tok, 'The capital of France is [MASK]. It is [MASK] big.', { topK: 4 });
    expect(res.length).toBe(2);
    const enc = tok.encode('The capital of France is [MASK]. It is [MASK] big.');
    const masks = enc.inputIds.flatMap((id, i) => (id === tok.maskTokenId ? [i] : []));
    const direct = await predictMasked(
      m,
      { inputIds: [enc.inputIds] },
      masks.map((i) => [0, i] as [number, number]),
      4,
    );
    res.forEach((list, k) => {
      expect(list.map((p) => p.token)).toEqual(direct[k].map((p) => p.token));
      for (let j = 1; j < list.length; j++) expect(list[j].score).toBeLessThanOrEqual(list[j - 1].score);
      const ids = enc.inputIds.slice();
      ids[masks[k]] = list[0].token;
      expect(list[0].sequence).toBe(tok.decode(ids, { skipSpecialTokens: true }));
      expect(list[0].tokenStr).toBe(tok.convertIdsToTokens(list[0].token));
    });
    await expect(fillMask(m, tok, 'no mask here')).rejects.toThrow(/no mask token/);
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });

  it('answer cuts the span from the original context; long contexts go through stride windows', async () => {
    const m = AlbertForQuestionAnswering.fromConfig(cfg(), { seed: 5 });
    const context =
      'ALBERT  was  introduced by Google Research in 2019. It shares parameters across layers and ' +
      'factorises the embedding matrix, which makes the model much smaller than BERT. ' +
      'Its sentence-order prediction task replaced next-sentence prediction.';
    const question = 'What did ALBERT replace?';
    const short = await answer(m, tok, { question, context }, { topK: 3, maxSeqLength: 128 });
    const long = await answer(m, tok, { question, context }, { topK: 3, maxSeqLength: 32, docStride: 8 });
    for (const r of [...short, ...long]) {
      expect(r.answer).toBe(context.slice(r.start, r.end));
      expect(r.score).toBeGreaterThan(0);
      expect(r.score).toBeLessThanOrEqual(1);
    }
    for (let j = 1; j < short.length; j++) expect(short[j].score).toBeLessThanOrEqual(short[j - 1].score);
    // One window: the pipeline equals bestSpans over the model's own logits.
    const q = tok.encode(question, null, { addSpecialTokens: false });
    const enc = tok.encode(question, context, { returnOffsets: true });
    const out = m.call({ inputIds: [enc.inputIds], tokenTypeIds: [enc.tokenTypeIds] });
    const allowed = enc.tokenTypeIds.map((t, i) => t === 1 && i < enc.inputIds.length - 1);
    const [best] = bestSpans(out.startLogits.arraySync()[0], out.endLogits.arraySync()[0], allowed);
    tf.dispose(out);
    const ctxIdx = q.inputIds.length + 2;
    const cOff = tok.encode(context, null, { addSpecialTokens: false, returnOffsets: true }).offsets!;
    expect(short[0].start).toBe(cOff[best.start - ctxIdx][0]);
    expect(short[0].end).toBe(cOff[best.end - ctxIdx][1]);
    expect(short[0].score).toBeCloseTo(best.score, 6);
    m.dispose();
  });

  it('classify: single, pair, batch; scores are a distribution', async () => {
    const m = AlbertForSequenceClassification.fromConfig(
      cfg({ num_labels: 3, id2label: { 0: 'neg', 1: 'neu', 2: 'pos' } }),
      { seed: 2 },
    );
    const one = await classify(m, tok, 'What a lovely day.', { topK: null });
    expect(one.map((x) => x.label).sort()).toEqual(['neg', 'neu', 'pos']);
    expect(one.reduce((s, x) => s + x.score, 0)).toBeCloseTo(1, 5);
    const pair = await classify(m, tok, { text: 'A man is eating.', textPair: 'Someone eats.' });
    expect(pair.length).toBe(1);
    const batch = await classify(m, tok, [
      'Good.',
      { text: 'a', textPair: 'b' },
      'A much longer sentence than the others.',
    ]);
    expect(batch.length).toBe(3);
    // Padding in a batch does not change a text's scores.
    const alone = await classify(m, tok, 'Good.', { topK: 1 });
    expect(batch[0][0].score).toBeCloseTo(alone[0].score, 5);
    m.dispose();
  });

  it('tagTokens labels each token with offsets into the text; embed pools', async () => {
    const m = AlbertForTokenClassification.fromConfig(
      cfg({ num_labels: 3, id2label: { 0: 'O', 1: 'B-ORG', 2: 'I-ORG' } }),
      { seed: 4 },
    );
    const text = 'Hugging Face is based in New York City.';
    const tags = await tagTokens(m, tok, text, { ignoreLabels: [] });
    expect(tags.length).toBe(tok.encode(text, null, { addSpecialTokens: false }).inputIds.length);
    for (const t of tags) expect(t.word).toBe(text.slice(t.start, t.end));
    const groups = await tagTokens(m, tok, text, { aggregation: 'simple' });
    for (const g of groups) expect(['ORG']).toContain(g.entity);
    m.dispose();

    const enc = AlbertModel.fromConfig(cfg(), { seed: 9 });
    const [a, b] = await embed(enc, tok, ['A short one.', 'A longer sentence with more tokens in it.'], {
      normalize: true,
    });
    expect(a.length).toBe(32);
    expect(Math.hypot(...a)).toBeCloseTo(1, 5);
    const [solo] = await embed(enc, tok, ['A short one.'], { normalize: true });
    for (const [i, x] of solo.entries()) expect(x).toBeCloseTo(a[i], 5);
    expect(b).not.toEqual(a);
    enc.dispose();
  });
});
