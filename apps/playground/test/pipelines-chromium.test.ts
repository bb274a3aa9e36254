/**
 * Issue #12, acceptance 3 in the browser: heads' `pipeline()` run in Chromium (the page's tfjs
 * wasm backend, through `window.albertPlayground.pipeline`) gives what the same call gives in
 * Node (cpu backend): the same HF-shaped objects (same keys, in HF's order), the same labels,
 * tokens, words, spans and answers, and scores within SCORE_ATOL. Node's own tests
 * (packages/heads/test/pipeline*.test.ts) check the Node outputs against HF's rules on the heads
 * fixtures' logits; the fixture-exact inputs below (texts that encode to a fixture case's ids)
 * are also checked here directly against the fixture's logits.
 *
 * Both sides read the same folders (served to the page, read from disk in Node): the heads
 * fixture models (token-classification with BIO label names), tokenizers written by
 * `savePretrained`: the English 30k model cut to its first 512 pieces (the tiny models have 512
 * ids) and a "word" vocabulary whose pieces are the fixture ids.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setupBackend } from '@albert-ts/core';
import { type PipelineTask, pipeline } from '@albert-ts/heads';
import { fixturePath, readFixtureBytes, readFixtureJson } from '@albert-ts/test-support';
import { launchChromium } from '@albert-ts/test-support/browser';
import { AlbertTokenizer, encodeModelProto, type ModelProto, PieceType } from '@albert-ts/tokenizer';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineRun, PlaygroundHook } from '../src/test-hook.js';
import { type StaticServer, serve } from './helpers/server.js';
import { truncateVocab } from './helpers/small-vocab.js';

/**
 * Scores: wasm (Chromium) vs cpu (Node) float32 kernels sum in different orders, so logits differ
 * by ~1e-6 (the fixtures README's float32 bar for logits is 1e-5); softmax / sigmoid / span
 * products of them are probabilities in [0, 1] and move less than the logits do. Everything that
 * is not a score (labels, token ids, strings, offsets, indices) must be equal.
 */
const SCORE_ATOL = 1e-5;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
type Hooked = { albertPlayground: PlaygroundHook };
// biome-ignore lint/suspicious/noExplicitAny: fixture JSON
type Case = Record<string, any>;

let outDir: string;
let work: string;
let server: StaticServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const foreignRequests: string[] = [];
/** Worst score difference seen per task (printed at the end). */
const worst: Record<string, number> = {};

const NER_LABELS = { 0: 'O', 1: 'B-PER', 2: 'I-PER', 3: 'B-LOC', 4: 'I-LOC' };

// ---- the "word" vocabulary: fixture ids as words (id n -> "▁w<n>", or the sub-word "s<n>") ----

const VOCAB = 512;
const isSub = (n: number) => n % 3 === 0;

function wordTokenizerBytes(subwords: ReadonlySet<number>): Uint8Array {
  const pieces: ModelProto['pieces'] = [
    { piece: '<pad>', score: 0, type: PieceType.CONTROL },
    { piece: '<unk>', score: 0, type: PieceType.UNKNOWN },
    { piece: '[CLS]', score: 0, type: PieceType.CONTROL },
    { piece: '[SEP]', score: 0, type: PieceType.CONTROL },
    { piece: '[MASK]', score: 0, type: PieceType.CONTROL },
  ];
  for (let n = 5; n < VOCAB; n++)
    pieces.push({ piece: subwords.has(n) ? `s${n}` : `\u2581w${n}`, score: -1 });
  return encodeModelProto({
    pieces,
    trainerSpec: {
      modelType: 1,
      vocabSize: VOCAB,
      unkId: 1,
      bosId: 2,
      eosId: 3,
      padId: 0,
      bosPiece: '[CLS]',
      eosPiece: '[SEP]',
      padPiece: '<pad>',
      controlSymbols: ['[MASK]'],
    },
    normalizerSpec: { name: 'identity', precompiledCharsmap: new Uint8Array(0), addDummyPrefix: true },
  });
}

/** A fixture row as `[CLS] a [SEP] (b [SEP])?`, padding dropped. */
function segmentsOf(ids: number[], mask: number[]): { real: number[]; a: number[]; b: number[] | null } {
  const real = ids.filter((_, i) => mask[i] === 1);
  const sep = real.indexOf(3);
  const rest = real.slice(sep + 1);
  return { real, a: real.slice(1, sep), b: rest.length > 0 ? rest.slice(0, -1) : null };
}

const casesOf = (task: string) => readFixtureJson<{ cases: Case[] }>('heads', task, 'cases.json').cases;
const rowsOf = (task: string) =>
  casesOf(task).flatMap((c) =>
    (c.input_ids as number[][]).map((ids, row) => ({
      c,
      row,
      ...segmentsOf(ids, c.attention_mask[row]),
    })),
  );
const WORD_TASKS = [
  'masked-lm',
  'sequence-classification',
  'sequence-regression',
  'token-classification',
  'question-answering',
];
/** Every third id is a sub-word unless it starts a segment of a row (a text cannot start glued). */
const SUB = (() => {
  const firsts = new Set(
    WORD_TASKS.flatMap((t) => rowsOf(t)).flatMap((r) => [r.a[0], r.b?.[0]].filter((x) => x !== undefined)),
  );
  const s = new Set<number>();
  for (let n = 5; n < VOCAB; n++) if (isSub(n) && !firsts.has(n)) s.add(n);
  return s;
})();
const spell = (ids: number[]) =>
  ids.reduce((t, id) => (SUB.has(id) ? `${t}s${id}` : `${t}${t ? ' ' : ''}w${id}`), '');
const WORDS_OPTIONS = { tokenizerOptions: { modelValidation: 'sentencepiece' as const } };

// ---- set-up: one vite build, one server, one browser for the file ----

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'albert-playground-pipelines-'));
  await build({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
  work = mkdtempSync(join(tmpdir(), 'albert-pipelines-work-'));
  const en512 = AlbertTokenizer.fromBytes(
    truncateVocab(readFixtureBytes('tokenizer', 'albert-en-30k-reconstructed.model'), 512),
  );
  const words = AlbertTokenizer.fromBytes(wordTokenizerBytes(SUB), { modelValidation: 'sentencepiece' });
  await en512.savePretrained(join(work, 'tokenizers', 'en-512'));
  await words.savePretrained(join(work, 'tokenizers', 'words'));
  for (const task of [
    'masked-lm',
    'sequence-classification',
    'sequence-regression',
    'token-classification',
    'question-answering',
  ]) {
    const dir = join(work, 'models', task);
    mkdirSync(dir, { recursive: true });
    copyFileSync(fixturePath('heads', task, 'model.safetensors'), join(dir, 'model.safetensors'));
    const config = readFixtureJson<Record<string, unknown>>('heads', task, 'config.json');
    if (task === 'token-classification') {
      config.id2label = NER_LABELS;
      config.label2id = Object.fromEntries(Object.entries(NER_LABELS).map(([k, v]) => [v, Number(k)]));
    }
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, 2));
  }
  // One model folder that carries its own tokenizer: pipeline(task, url) with nothing else.
  await en512.savePretrained(join(work, 'models', 'question-answering'));

  server = await serve({ '/': outDir, '/work/': work });
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  page.on('request', (r) => {
    if (!r.url().startsWith(`${server.url}/`)) foreignRequests.push(r.url());
  });
  await page.goto(`${server.url}/`);
  await page.waitForFunction(() => 'albertPlayground' in window);
  await setupBackend({ backend: 'cpu', native: false });
});

afterAll(async () => {
  console.info('pipelines, Chromium (wasm) vs Node (cpu), max |score diff|:', JSON.stringify(worst));
  await browser?.close();
  await server?.close();
  for (const d of [outDir, work]) if (d) rmSync(d, { recursive: true, force: true });
});

// ---- one call, both sides ----

interface Call {
  task: PipelineTask;
  model: string;
  /** A folder under work/tokenizers (or a `.model` file in one), or null: the model folder's own. */
  tokenizer: string | null;
  inputs: unknown;
  options?: Record<string, unknown>;
  callOptions?: Record<string, unknown>;
}

async function inChromium(c: Call): Promise<PipelineRun> {
  return page.evaluate(
    ([c, base]) =>
      (window as unknown as Hooked).albertPlayground.pipeline(
        c.task,
        `${base}/work/models/${c.model}/`,
        c.tokenizer === null
          ? null
          : `${base}/work/tokenizers/${c.tokenizer}${c.tokenizer.endsWith('.model') ? '' : '/'}`,
        c.inputs,
        c.options,
        c.callOptions,
      ),
    [c, server.url] as const,
  );
}

async function inNode(c: Call): Promise<unknown> {
  const before = tf.memory().numTensors;
  const path = c.tokenizer === null ? null : join(work, 'tokenizers', c.tokenizer);
  const tokenizer = path?.endsWith('.model')
    ? await AlbertTokenizer.fromFile(path, c.options?.tokenizerOptions as never)
    : path;
  const p = await pipeline(c.task, join(work, 'models', c.model), {
    ...c.options,
    ...(tokenizer === null ? {} : { tokenizer }),
    modelOptions: { onReport: () => {} },
  } as never);
  try {
    return JSON.parse(JSON.stringify(await p(c.inputs as never, (c.callOptions ?? {}) as never)));
  } finally {
    p.dispose();
    expect(tf.memory().numTensors, 'Node: tensors left').toBe(before);
  }
}

/**
 * Same structure, same keys in the same order, equal non-score values, `score`s within SCORE_ATOL.
 * Returns the largest score difference.
 */
function compare(got: unknown, want: unknown, path: string): number {
  if (Array.isArray(want)) {
    expect(Array.isArray(got), `${path}: array`).toBe(true);
    expect((got as unknown[]).length, `${path}: length`).toBe(want.length);
    return want.reduce(
      (m: number, w, i) => Math.max(m, compare((got as unknown[])[i], w, `${path}[${i}]`)),
      0,
    );
  }
  if (want !== null && typeof want === 'object') {
    expect(got !== null && typeof got === 'object' && !Array.isArray(got), `${path}: object`).toBe(true);
    const g = got as Record<string, unknown>;
    expect(Object.keys(g), `${path}: keys`).toEqual(Object.keys(want));
    let m = 0;
    for (const [k, w] of Object.entries(want)) {
      if (k === 'score') {
        expect(typeof g[k], `${path}.score`).toBe('number');
        const d = Math.abs((g[k] as number) - (w as number));
        expect(d, `${path}.score: ${g[k]} vs ${w}`).toBeLessThanOrEqual(SCORE_ATOL);
        m = Math.max(m, d);
      } else m = Math.max(m, compare(g[k], w, `${path}.${k}`));
    }
    return m;
  }
  expect(got, path).toEqual(want);
  return 0;
}

/** Runs `c` in Chromium and Node, checks the page's tensors and the outputs; returns both outputs. */
async function same(name: string, c: Call): Promise<{ chromium: unknown; node: unknown }> {
  const run = await inChromium(c);
  expect(run.backend).toBe('wasm');
  expect(run.numTensorsAfterCall, `${name}: the call left tensors in the page`).toBe(run.numTensorsLoaded);
  expect(run.numTensorsAfter, `${name}: pipeline + dispose left tensors in the page`).toBe(
    run.numTensorsBefore,
  );
  const node = await inNode(c);
  const d = compare(run.output, node, name);
  worst[c.task] = Math.max(worst[c.task] ?? 0, d);
  return { chromium: run.output, node };
}

const softmax = (xs: number[]) => {
  const m = Math.max(...xs);
  const e = xs.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
};

// ---- the tasks ----

describe('fill-mask (heads/masked-lm, English vocabulary cut to 512 pieces)', () => {
  const base = { task: 'fill-mask', model: 'masked-lm', tokenizer: 'en-512' } as const;
  const texts = [
    'the man went to the [MASK] of the city.',
    'he was in the [MASK] school, and then [MASK] went to the house.',
    'John Smith lives in [MASK] York City.',
  ];

  it('one text, one mask: [{score, token, token_str, sequence}] x 5', async () => {
    const { chromium } = await same('fill-mask default', { ...base, inputs: texts[0] });
    const list = chromium as Array<Record<string, unknown>>;
    expect(list).toHaveLength(5);
    expect(Object.keys(list[0]!)).toEqual(['score', 'token', 'token_str', 'sequence']);
  });

  it('top_k (call option) and topK (pipeline option)', async () => {
    const a = await same('fill-mask top_k 10', { ...base, inputs: texts[0], callOptions: { top_k: 10 } });
    expect(a.chromium).toHaveLength(10);
    const b = await same('fill-mask topK 1', { ...base, inputs: texts[2], options: { topK: 1 } });
    expect(b.chromium).toHaveLength(1);
  });

  it('a batch (batch_size 2 < 3 texts), one text with two masks: a list per mask', async () => {
    const { chromium } = await same('fill-mask batch', {
      ...base,
      inputs: texts,
      options: { topK: 3 },
      callOptions: { batch_size: 2 },
    });
    const out = chromium as unknown[][];
    expect(out).toHaveLength(3);
    expect(out[0]).toHaveLength(3);
    expect(out[1]).toHaveLength(2); // two masks
    expect(out[1]![0]).toHaveLength(3);
  });

  it('a call option overrides the pipeline option; the tokenizer as a .model file URL', async () => {
    const { chromium } = await same('fill-mask override', {
      ...base,
      tokenizer: 'en-512/spiece.model',
      inputs: texts[2],
      options: { top_k: 2 },
      callOptions: { top_k: 4 },
    });
    expect(chromium).toHaveLength(4);
  });

  it('fixture-exact text ("word" vocabulary, a fixture word as the mask): top 5 of softmax(fixture logits)', async () => {
    // A one-segment row; a labelled whole-word position (once in the row) plays the mask token.
    const r = rowsOf('masked-lm').find((x) => x.b === null)!;
    const p = r.real.findIndex(
      (id, i) =>
        r.c.labels[r.row][i] !== -100 &&
        id > 4 &&
        !SUB.has(id) &&
        r.real.indexOf(id) === r.real.lastIndexOf(id),
    );
    expect(p).toBeGreaterThan(0);
    const mask = `\u2581w${r.real[p]}`;
    const text = spell(r.a).replace(`w${r.real[p]}`, mask);
    const options = { tokenizerOptions: { ...WORDS_OPTIONS.tokenizerOptions, maskToken: mask } };
    const tok = await AlbertTokenizer.fromPretrained(
      join(work, 'tokenizers', 'words'),
      options.tokenizerOptions,
    );
    expect(tok.encode(text).inputIds).toEqual(r.real);
    const { chromium } = await same('fill-mask fixture text', {
      ...base,
      tokenizer: 'words',
      inputs: text,
      options,
    });
    const probs = softmax(r.c.outputs.logits[r.row][p]);
    const order = probs.map((_, i) => i).sort((a, b) => probs[b]! - probs[a]!);
    const got = chromium as Array<{ token: number; score: number }>;
    expect(got.map((g) => g.token)).toEqual(order.slice(0, 5));
    for (const g of got) {
      const d = Math.abs(g.score - probs[g.token]!);
      expect(d).toBeLessThanOrEqual(SCORE_ATOL);
      worst['fill-mask vs fixture logits'] = Math.max(worst['fill-mask vs fixture logits'] ?? 0, d);
    }
  });

  it('targets', async () => {
    await same('fill-mask targets', {
      ...base,
      inputs: texts[0],
      callOptions: { targets: ['house', 'city'] },
    });
  });
});

describe('text-classification (heads/sequence-classification, sequence-regression)', () => {
  const base = {
    task: 'text-classification',
    model: 'sequence-classification',
    tokenizer: 'en-512',
  } as const;
  const inputs = [
    'a good and very fine day in the city.',
    { text: 'the man went to the house.', text_pair: 'he was in the new school.' },
    'John Smith lives in New York City.',
  ];

  it('legacy shape (no top_k): [{label, score}] for a text, one {label, score} per input', async () => {
    const one = await same('classification one', { ...base, inputs: inputs[0] });
    expect(one.chromium).toHaveLength(1);
    expect(Object.keys((one.chromium as object[])[0]!)).toEqual(['label', 'score']);
    const many = await same('classification list', { ...base, inputs, callOptions: { batch_size: 2 } });
    expect((many.chromium as object[]).every((x) => !Array.isArray(x))).toBe(true);
  });

  it('top_k null / 2, function_to_apply sigmoid / none / softmax', async () => {
    for (const callOptions of [
      { top_k: null },
      { top_k: 2, function_to_apply: 'sigmoid' },
      { topK: 5, functionToApply: 'none' },
      { top_k: 1, function_to_apply: 'softmax' },
    ]) {
      const { chromium } = await same(`classification ${JSON.stringify(callOptions)}`, {
        ...base,
        inputs,
        callOptions,
      });
      const k = callOptions.top_k === null ? 3 : Math.min(3, callOptions.top_k ?? callOptions.topK ?? 3);
      for (const row of chromium as unknown[][]) expect(row).toHaveLength(k);
    }
  });

  it('problem_type regression: the raw logit by default; sigmoid on request', async () => {
    const reg = { ...base, model: 'sequence-regression' };
    await same('regression', { ...reg, inputs });
    await same('regression sigmoid', {
      ...reg,
      inputs,
      callOptions: { function_to_apply: 'sigmoid', top_k: 1 },
    });
  });

  it('fixture-exact texts ("word" vocabulary): Chromium = Node = softmax / identity of the fixture logits', async () => {
    for (const [model, fn] of [
      ['sequence-classification', softmax],
      ['sequence-regression', (x: number[]) => x],
    ] as const) {
      const rows = rowsOf(model);
      const words = AlbertTokenizer.fromPretrained(join(work, 'tokenizers', 'words'), {
        modelValidation: 'sentencepiece',
      });
      const tok = await words;
      const texts = rows.map((r) => (r.b ? { text: spell(r.a), text_pair: spell(r.b) } : spell(r.a)));
      rows.forEach((r, i) => {
        const t = texts[i]!;
        const enc = typeof t === 'string' ? tok.encode(t) : tok.encode(t.text, t.text_pair);
        expect(enc.inputIds, `${r.c.name} row ${r.row}`).toEqual(r.real);
      });
      const { chromium } = await same(`classification ${model} fixture texts`, {
        task: 'text-classification',
        model,
        tokenizer: 'words',
        inputs: texts,
        options: WORDS_OPTIONS,
        callOptions: { top_k: null },
      });
      rows.forEach((r, i) => {
        const scores = fn(r.c.outputs.logits[r.row] as number[]);
        const want = scores
          .map((score, j) => ({ label: `LABEL_${j}`, score }))
          .sort((x, y) => y.score - x.score);
        const got = (chromium as Array<Array<{ label: string; score: number }>>)[i]!;
        expect(got.map((g) => g.label)).toEqual(want.map((w) => w.label));
        for (const [j, g] of got.entries()) {
          const d = Math.abs(g.score - want[j]!.score);
          expect(d, `${r.c.name} row ${r.row} vs the fixture logits`).toBeLessThanOrEqual(SCORE_ATOL);
          worst['text-classification vs fixture logits'] = Math.max(
            worst['text-classification vs fixture logits'] ?? 0,
            d,
          );
        }
      });
    }
  });
});

describe('token-classification (heads/token-classification, labels O/B-PER/I-PER/B-LOC/I-LOC)', () => {
  const base = { task: 'token-classification', model: 'token-classification', tokenizer: 'en-512' } as const;
  // Sub-words galore in a 512-piece vocabulary: "▁john ▁ s m i th ▁ l i ve s ...".
  const texts = [
    'John Smith lives in New York City.',
    'Mary went to Paris with Peter and Berlin.',
    'the man went to the house of the city, and then he was in the new school.',
  ];

  it.each(['none', 'simple', 'first', 'average', 'max'])('aggregation_strategy %s, a batch', async (how) => {
    const { chromium } = await same(`ner ${how}`, {
      ...base,
      inputs: texts,
      options: { aggregation_strategy: how },
      callOptions: { batch_size: 2 },
    });
    const all = (chromium as Array<Array<Record<string, unknown>>>).flat();
    expect(all.length).toBeGreaterThan(0);
    const keys =
      how === 'none'
        ? ['entity', 'score', 'index', 'word', 'start', 'end']
        : ['entity_group', 'score', 'word', 'start', 'end'];
    for (const e of all) expect(Object.keys(e)).toEqual(keys);
  });

  it('fixture-exact texts ("word" vocabulary): per token, argmax / max of softmax(fixture logits)', async () => {
    const rows = rowsOf('token-classification').filter((r) => r.b === null);
    expect(rows.length).toBeGreaterThan(0);
    const inputs = rows.map((r) => spell(r.a));
    for (const how of ['none', 'simple', 'first', 'average', 'max']) {
      const { chromium } = await same(`ner fixture texts ${how}`, {
        ...base,
        tokenizer: 'words',
        inputs,
        options: WORDS_OPTIONS,
        callOptions: { aggregation_strategy: how, ignore_labels: [] },
      });
      if (how !== 'none') continue;
      rows.forEach((r, k) => {
        const got = (chromium as Array<Array<{ entity: string; score: number; index: number }>>)[k]!;
        expect(got).toHaveLength(r.a.length);
        for (const g of got) {
          const p = softmax(r.c.outputs.logits[r.row][g.index] as number[]);
          const best = p.indexOf(Math.max(...p));
          expect(g.entity).toBe(NER_LABELS[best as keyof typeof NER_LABELS]);
          const d = Math.abs(g.score - p[best]!);
          expect(d).toBeLessThanOrEqual(SCORE_ATOL);
          worst['token-classification vs fixture logits'] = Math.max(
            worst['token-classification vs fixture logits'] ?? 0,
            d,
          );
        }
      });
    }
  });

  it('one text; ignore_labels [] keeps the O tokens', async () => {
    const { chromium } = await same('ner ignore_labels []', {
      ...base,
      inputs: texts[0],
      callOptions: { ignore_labels: [] },
    });
    // Every token of the text, [CLS]/[SEP] left out.
    expect(chromium).toHaveLength(16);
    await same('ner simple one text', {
      ...base,
      inputs: texts[1],
      callOptions: { aggregationStrategy: 'simple' },
    });
  });
});

describe('question-answering (heads/question-answering)', () => {
  // The model folder carries its own tokenizer (en-512): pipeline(task, url) alone.
  const base = { task: 'question-answering', model: 'question-answering', tokenizer: null } as const;
  const ex = [
    {
      question: 'where did the man go?',
      context: 'the man went to the house of the city, and then he was in the new school.',
    },
    { question: 'who lives in New York City?', context: 'John Smith lives in New York City with Mary.' },
  ];

  it('one input: {score, start, end, answer}; top_k 3: a list', async () => {
    const one = await same('qa one', { ...base, inputs: ex[0] });
    expect(Object.keys(one.chromium as object)).toEqual(['score', 'start', 'end', 'answer']);
    const three = await same('qa top_k 3', { ...base, inputs: ex[0], callOptions: { top_k: 3 } });
    expect(three.chromium).toHaveLength(3);
  });

  it('handle_impossible_answer, a batch, max_answer_len', async () => {
    for (const callOptions of [
      { handle_impossible_answer: true },
      { handle_impossible_answer: true, top_k: 4 },
      { handleImpossibleAnswer: false, topK: 2, max_answer_len: 3, batch_size: 1 },
    ]) {
      const { chromium } = await same(`qa ${JSON.stringify(callOptions)}`, {
        ...base,
        inputs: ex,
        callOptions,
      });
      expect(chromium).toHaveLength(2);
    }
  });

  it('a long context in doc_stride windows (max_seq_len 24, doc_stride 8)', async () => {
    const context = `${ex[0]!.context} ${ex[1]!.context} ${ex[0]!.context}`;
    const { chromium } = await same('qa windows', {
      ...base,
      inputs: { question: 'where did the man go?', context },
      options: { max_seq_len: 24, doc_stride: 8 },
      callOptions: { top_k: 5, handle_impossible_answer: true },
    });
    for (const r of chromium as Array<{ start: number; end: number; answer: string }>)
      expect(r.answer).toBe(context.slice(r.start, r.end));
  });

  it('fixture-exact question/context pairs ("word" vocabulary)', async () => {
    const rows = rowsOf('question-answering').filter((r) => r.b !== null);
    const inputs = rows.map((r) => ({ question: spell(r.a), context: spell(r.b!) }));
    const tok = await AlbertTokenizer.fromPretrained(join(work, 'tokenizers', 'words'), {
      modelValidation: 'sentencepiece',
    });
    rows.forEach((r, i) => {
      expect(tok.encode(inputs[i]!.question, inputs[i]!.context).inputIds).toEqual(r.real);
    });
    for (const callOptions of [{ top_k: 3 }, { top_k: 2, handle_impossible_answer: true }])
      await same(`qa fixture texts ${JSON.stringify(callOptions)}`, {
        ...base,
        tokenizer: 'words',
        inputs,
        options: WORDS_OPTIONS,
        callOptions,
      });
  });
});

describe('the page', () => {
  it('needed nothing from outside its server and logged no errors', () => {
    expect(foreignRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
