/**
 * Issue #12 acceptance 3, the shapes: what pipeline.test.ts leaves open. HF's output objects come
 * with their keys in HF's order (Python dicts keep insertion order, and JSON of a result shows
 * it), the nesting of one input vs a list, and the option values pipeline.test.ts does not reach
 * (function_to_apply none / softmax on three labels, top_k past num_labels, sigmoid on a
 * regression head, ignore_labels []). Values come from the heads fixtures' logits with HF's rules;
 * the texts encode to exactly a fixture row's ids (test/word-tokenizer.ts).
 */
import { setupBackend } from '@albert-ts/core';
import { fixturePath, readFixtureBytes, readFixtureJson } from '@albert-ts/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AlbertForMaskedLM,
  AlbertForQuestionAnswering,
  AlbertForSequenceClassification,
  AlbertForTokenClassification,
  pipeline,
} from '../src/index.js';
import { segmentsOf, spellIds, subwordSet, wordTokenizer } from './word-tokenizer.js';

// biome-ignore lint/suspicious/noExplicitAny: fixture JSON
type Case = Record<string, any>;
const casesOf = (dir: string) => readFixtureJson<{ cases: Case[] }>('heads', dir, 'cases.json').cases;
const TASKS = [
  'masked-lm',
  'sequence-classification',
  'sequence-regression',
  'token-classification',
  'question-answering',
];
/** Every fixture row of a task, split into its segments. */
const rowsOf = (task: string) =>
  casesOf(task).flatMap((c) =>
    (c.input_ids as number[][]).map((ids, row) => ({
      c,
      row,
      real: ids.filter((_, i) => c.attention_mask[row][i] === 1),
      ...segmentsOf(ids, c.attention_mask[row]),
    })),
  );
const SUB = subwordSet(TASKS.flatMap(rowsOf));
const tok = wordTokenizer(SUB);

/** Text of ids and each token's [start, end) in it. */
const spell = (ids: number[], literal?: Map<number, string>) => spellIds(ids, SUB, literal);
const textsOf = (task: string) =>
  rowsOf(task).map((r) => (r.b ? { text: spell(r.a).text, text_pair: spell(r.b).text } : spell(r.a).text));

function softmax(xs: number[]): number[] {
  const m = Math.max(...xs);
  const e = xs.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const ATOL = 1e-5; // float32 logits vs the fixture's (fixtures README)

/** Same keys in the same order, equal non-scores, scores within ATOL. */
function expectHf(got: unknown, want: unknown, path = 'out'): void {
  if (Array.isArray(want)) {
    expect(Array.isArray(got), `${path} is a list`).toBe(true);
    expect((got as unknown[]).length, `${path} length`).toBe(want.length);
    for (const [i, w] of want.entries()) expectHf((got as unknown[])[i], w, `${path}[${i}]`);
  } else if (want !== null && typeof want === 'object') {
    expect(got !== null && typeof got === 'object' && !Array.isArray(got), `${path} is an object`).toBe(true);
    expect(Object.keys(got as object), `${path} keys`).toEqual(Object.keys(want));
    for (const [k, w] of Object.entries(want)) {
      const g = (got as Record<string, unknown>)[k];
      if (k === 'score') expect(Math.abs((g as number) - (w as number)), `${path}.score`).toBeLessThan(ATOL);
      else expectHf(g, w, `${path}.${k}`);
    }
  } else expect(got, path).toEqual(want);
}

beforeAll(async () => {
  await setupBackend({ backend: 'cpu' });
});

describe('fill-mask', () => {
  it('{score, token, token_str, sequence} in that order; one text -> a list, texts -> a list each', async () => {
    const model = await AlbertForMaskedLM.fromPretrained(fixturePath('heads', 'masked-lm'));
    // A one-segment row; a labelled whole-word position (once in the row) plays the mask.
    const r = rowsOf('masked-lm').find((x) => x.b === null)!;
    const p = r.real.findIndex(
      (id, i) =>
        r.c.labels[r.row][i] !== -100 &&
        id > 4 &&
        !SUB.has(id) &&
        r.real.indexOf(id) === r.real.lastIndexOf(id),
    );
    expect(p).toBeGreaterThan(0);
    const X = r.real[p]!;
    const piece = tok.convertIdsToTokens(X);
    const mtok = wordTokenizer(SUB, piece);
    const text = spell(r.a, new Map([[X, piece]])).text;
    expect(mtok.encode(text).inputIds).toEqual(r.real);
    const probs = softmax(r.c.outputs.logits[r.row][p]);
    const order = probs.map((_, i) => i).sort((a, b) => probs[b]! - probs[a]!);
    const want = (k: number) =>
      order.slice(0, k).map((token) => {
        const filled = r.real.slice();
        filled[p] = token;
        return {
          score: probs[token]!,
          token,
          token_str: mtok.decode([token]),
          sequence: mtok.decode(filled, { skipSpecialTokens: true }),
        };
      });
    const fm = await pipeline('fill-mask', { model, tokenizer: mtok });
    expectHf(await fm(text), want(5));
    expectHf(await fm([text, text], { top_k: 3 }), [want(3), want(3)]);
    expectHf(await fm([text], { topK: 1 }), [want(1)]);
    model.dispose();
  });
});

describe('text-classification', () => {
  const LABEL = (i: number) => `LABEL_${i}`;
  const ranked = (scores: number[]) =>
    scores.map((score, i) => ({ label: LABEL(i), score })).sort((a, b) => b.score - a.score);

  it('{label, score}; function_to_apply none / softmax; top_k past num_labels; single text and pair', async () => {
    const model = await AlbertForSequenceClassification.fromPretrained(
      fixturePath('heads', 'sequence-classification'),
    );
    const clf = await pipeline('text-classification', { model, tokenizer: tok });
    const inputs = textsOf('sequence-classification');
    const logits = rowsOf('sequence-classification').map((r) => r.c.outputs.logits[r.row] as number[]);
    // Raw logits, all labels.
    expectHf(
      await clf(inputs, { function_to_apply: 'none', top_k: null }),
      logits.map((l) => ranked(l)),
    );
    // softmax named explicitly, top_k 1: a list of one per input (not the legacy object).
    expectHf(
      await clf(inputs, { functionToApply: 'softmax', topK: 1 }),
      logits.map((l) => ranked(softmax(l)).slice(0, 1)),
    );
    // top_k larger than num_labels: every label (HF slices).
    expectHf(
      await clf(inputs, { top_k: 10 }),
      logits.map((l) => ranked(softmax(l))),
    );
    // One input without top_k: [{label, score}] - a text and a {text, text_pair} alike.
    for (const [i, x] of inputs.entries()) expectHf(await clf(x), ranked(softmax(logits[i]!)).slice(0, 1));
    // One input with top_k: the list itself (not nested).
    expectHf(await clf(inputs[0]!, { top_k: 2 }), ranked(softmax(logits[0]!)).slice(0, 2));
    // A list without top_k: one object per input (HF's legacy shape).
    expectHf(
      await clf(inputs),
      logits.map((l) => ranked(softmax(l))[0]),
    );
    model.dispose();
  });

  it('regression head: none by default, sigmoid on request', async () => {
    const model = await AlbertForSequenceClassification.fromPretrained(
      fixturePath('heads', 'sequence-regression'),
    );
    const clf = await pipeline('text-classification', { model, tokenizer: tok });
    const inputs = textsOf('sequence-regression');
    const logits = rowsOf('sequence-regression').map((r) => r.c.outputs.logits[r.row][0] as number);
    expectHf(
      await clf(inputs),
      logits.map((score) => ({ label: 'LABEL_0', score })),
    );
    expectHf(
      await clf(inputs, { function_to_apply: 'sigmoid', top_k: null }),
      logits.map((x) => [{ label: 'LABEL_0', score: sigmoid(x) }]),
    );
    model.dispose();
  });
});

describe('token-classification', () => {
  const NER = { 0: 'O', 1: 'B-PER', 2: 'I-PER', 3: 'B-LOC', 4: 'I-LOC' } as Record<number, string>;

  it('ignore_labels []: every token as {entity, score, index, word, start, end}; grouped keys in order', async () => {
    const config = {
      ...readFixtureJson<Case>('heads', 'token-classification', 'config.json'),
      id2label: NER,
    };
    const model = await AlbertForTokenClassification.fromPretrained({
      config,
      weights: readFixtureBytes('heads', 'token-classification', 'model.safetensors'),
    });
    const ner = await pipeline('ner', { model, tokenizer: tok });
    const rows = rowsOf('token-classification').filter((r) => r.b === null);
    expect(rows.length).toBeGreaterThan(0);
    const spelled = rows.map((r) => spell(r.a));
    const want = rows.map((r, k) =>
      r.a.map((id, i) => {
        const p = softmax(r.c.outputs.logits[r.row][i + 1]); // +1: [CLS]
        const best = p.indexOf(Math.max(...p));
        const [start, end] = spelled[k]!.spans[i]!;
        return {
          entity: NER[best]!,
          score: p[best]!,
          index: i + 1,
          word: tok.convertIdsToTokens(id),
          start,
          end,
        };
      }),
    );
    const texts = spelled.map((s) => s.text);
    expectHf(await ner(texts, { ignore_labels: [] }), want);
    // One text: the flat list.
    expectHf(await ner(texts[0]!, { ignoreLabels: [] }), want[0]);
    // Default ignore_labels ['O'].
    expectHf(
      await ner(texts[0]!),
      want[0]!.filter((e) => e.entity !== 'O'),
    );
    for (const how of ['simple', 'first', 'average', 'max'] as const) {
      const groups = (await ner(texts, { aggregation_strategy: how, ignore_labels: [] })) as unknown as Array<
        Array<Record<string, unknown>>
      >;
      for (const g of groups.flat())
        expect(Object.keys(g)).toEqual(['entity_group', 'score', 'word', 'start', 'end']);
      // Nothing left out: the groups cover the text's tokens from the first to the last.
      groups.forEach((gs, k) => {
        expect(gs[0]!.start).toBe(0);
        expect(gs.at(-1)!.end).toBe(texts[k]!.length);
      });
    }
    model.dispose();
  });
});

describe('question-answering', () => {
  it('{score, start, end, answer} in that order; one input top_k 1 -> the object, else lists', async () => {
    const model = await AlbertForQuestionAnswering.fromPretrained(fixturePath('heads', 'question-answering'));
    const qa = await pipeline('question-answering', { model, tokenizer: tok });
    const inputs = rowsOf('question-answering')
      .filter((r) => r.b !== null)
      .map((r) => ({ question: spell(r.a).text, context: spell(r.b!).text }));
    const keys = ['score', 'start', 'end', 'answer'];
    const one = (await qa(inputs[0]!)) as unknown as Record<string, unknown>;
    expect(Object.keys(one)).toEqual(keys);
    const top2 = (await qa(inputs[0]!, { top_k: 2 })) as unknown as Array<Record<string, unknown>>;
    expect(top2).toHaveLength(2);
    expectHf(top2[0], one);
    const many = (await qa(inputs)) as unknown as Array<Record<string, unknown>>;
    expect(many).toHaveLength(inputs.length);
    for (const a of many) expect(Object.keys(a)).toEqual(keys);
    expectHf(many[0], one);
    const manyTop = (await qa(inputs, { top_k: 3, handle_impossible_answer: true })) as unknown as Array<
      Array<Record<string, unknown>>
    >;
    for (const list of manyTop) {
      expect(list).toHaveLength(3);
      for (const a of list) expect(Object.keys(a)).toEqual(keys);
      // The impossible answer, when ranked, is HF's {score, start: 0, end: 0, answer: ''}.
      for (const a of list.filter((x) => x.answer === '')) expect([a.start, a.end]).toEqual([0, 0]);
    }
    model.dispose();
  });
});
