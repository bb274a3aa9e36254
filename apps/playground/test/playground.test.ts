import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixturePath, fixturesDir, readFixtureBytes, readFixtureJson } from '@albert-ts/test-support';
import { launchChromium } from '@albert-ts/test-support/browser';
import { AlbertTokenizer } from '@albert-ts/tokenizer';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlaygroundHook, PretrainingCase } from '../src/test-hook.js';
import { nodeReference } from './helpers/reference.js';
import { type StaticServer, serve } from './helpers/server.js';
import { truncateVocab } from './helpers/small-vocab.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SMALL_VOCAB = '/generated/en-512.model';

let outDir: string;
let server: StaticServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const foreignRequests: string[] = [];
let smallVocab: Uint8Array;

type Hooked = { albertPlayground: PlaygroundHook };

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'albert-playground-'));
  await build({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
  // albert-tiny's vocabulary has 512 ids: the English model cut to its first 512 pieces fits it.
  smallVocab = truncateVocab(readFixtureBytes('tokenizer', 'albert-en-30k-reconstructed.model'), 512);
  server = await serve({ '/': outDir, '/fixtures/': fixturesDir() }, { [SMALL_VOCAB]: smallVocab });
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('request', (r) => {
    if (!r.url().startsWith(`${server.url}/`)) foreignRequests.push(r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  await page.goto(`${server.url}/`);
  await page.waitForFunction(() => 'albertPlayground' in window);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

function maxAbsDiff(a: unknown, b: unknown): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return Number.POSITIVE_INFINITY;
    return a.reduce((m: number, x, i) => Math.max(m, maxAbsDiff(x, b[i])), 0);
  }
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b);
  return Number.POSITIVE_INFINITY;
}

describe('the library in Chromium (wasm backend)', () => {
  it('starts tfjs on the wasm backend', async () => {
    const info = await page.evaluate(() => (window as unknown as Hooked).albertPlayground.backend());
    expect(info.backend).toBe('wasm');
  });

  it('AlbertTokenizer gives the HF tokens and ids of every en-cases string', async () => {
    const fixture = readFixtureJson<{
      cases: Array<{ text: string; hf_tokens: string[]; hf_ids: number[]; hf_encode: number[] }>;
    }>('tokenizer', 'en-cases.json');
    const texts = fixture.cases.map((c) => c.text);
    const got = await page.evaluate(
      ([url, t]) => (window as unknown as Hooked).albertPlayground.tokenize(url, t),
      ['/fixtures/tokenizer/albert-en-30k-reconstructed.model', texts] as const,
    );
    expect(got).toHaveLength(fixture.cases.length);
    const wrong = fixture.cases.filter(
      (c, i) =>
        JSON.stringify(got[i].ids) !== JSON.stringify(c.hf_ids) ||
        JSON.stringify(got[i].tokens) !== JSON.stringify(c.hf_tokens) ||
        JSON.stringify(got[i].encoded) !== JSON.stringify(c.hf_encode),
    );
    expect(wrong.map((c) => c.text)).toEqual([]);
  });

  for (const name of ['albert-tiny', 'albert-tiny-grouped']) {
    it(`AlbertForPreTraining.fromPretrained(url of ${name}) reproduces cases.json`, async () => {
      const fixture = readFixtureJson<{
        cases: Array<{
          name: string;
          input_ids: number[][];
          attention_mask: number[][] | null;
          token_type_ids: number[][] | null;
          outputs: Record<string, unknown>;
        }>;
      }>(name, 'cases.json');
      const cases: PretrainingCase[] = fixture.cases.map((c) => ({
        inputIds: c.input_ids,
        attentionMask: c.attention_mask,
        tokenTypeIds: c.token_type_ids,
      }));
      const run = await page.evaluate(
        ([url, cs]) => (window as unknown as Hooked).albertPlayground.pretraining(url, cs),
        [`/fixtures/${name}/`, cases] as const,
      );
      expect(run.numTensorsAfter).toBe(run.numTensorsBefore);
      const worst: Record<string, number> = {};
      fixture.cases.forEach((c, i) => {
        const got = run.outputs[i];
        const diffs = {
          case: c.name,
          backend: got.backend,
          lastHiddenState: maxAbsDiff(got.lastHiddenState, c.outputs.last_hidden_state),
          predictionLogits: maxAbsDiff(got.predictionLogits, c.outputs.prediction_logits),
          poolerOutput: maxAbsDiff(got.poolerOutput, c.outputs.pooler_output),
          sopLogits: maxAbsDiff(got.sopLogits, c.outputs.sop_logits),
        };
        // fixtures README: hidden states atol 1e-5, logits/pooler atol 1e-5.
        expect(diffs.backend).toBe('wasm');
        for (const k of ['lastHiddenState', 'predictionLogits', 'poolerOutput', 'sopLogits'] as const) {
          expect(diffs[k], `${c.name} ${k}`).toBeLessThanOrEqual(1e-5);
          worst[k] = Math.max(worst[k] ?? 0, diffs[k]);
        }
      });
      console.info(`${name} in Chromium (wasm), max |diff| vs HF:`, JSON.stringify(worst));
    });
  }
});

async function loadInPage(model: string): Promise<string> {
  await page.fill('#model-url', `${server.url}/fixtures/heads/${model}/`);
  await page.fill('#tokenizer-url', `${server.url}${SMALL_VOCAB}`);
  await page.click('#load-button');
  await page.waitForSelector('#status[data-state="ready"], #status[data-state="error"]');
  const status = (await page.textContent('#status')) ?? '';
  expect(await page.getAttribute('#status', 'data-state'), status).toBe('ready');
  return status;
}

async function submit(task: string): Promise<void> {
  await page.click(`#${task}-form button[type="submit"]`);
  await page.waitForSelector(`#${task}-out[data-state="done"], #${task}-out[data-state="error"]`);
  const state = await page.getAttribute(`#${task}-out`, 'data-state');
  expect(state, (await page.textContent(`#${task}-out`)) ?? '').toBe('done');
}

/** The rows of a result table: cell texts and, for score cells, the exact score. */
function tableRows(selector: string) {
  return page.$$eval(`${selector} tbody tr`, (trs) =>
    trs.map((tr) =>
      Array.from(tr.querySelectorAll('td')).map((td) =>
        td.dataset.score !== undefined ? Number(td.dataset.score) : (td.textContent ?? ''),
      ),
    ),
  );
}

/** Classifies `input` in the page and checks labels and scores against the Node run. */
async function expectClassifyMatchesNode(input: string): Promise<void> {
  await page.fill('#classify-text', input);
  await page.fill('#classify-pair', '');
  await submit('classify');
  const rows = await tableRows('#classify-out table.classify-results');
  const ref = await (await nodeReference(smallVocab)).classify(input);
  expect(rows.map((r) => r[0])).toEqual(ref.map((r) => r.label));
  expect(
    maxAbsDiff(
      rows.map((r) => r[1]),
      ref.map((r) => r.score),
    ),
  ).toBeLessThanOrEqual(1e-5);
}

describe('the page', () => {
  const text = 'the man went to the [MASK] of the city.';

  it('fill-mask: loads a masked-LM model by URL and shows the top predictions', async () => {
    const status = await loadInPage('masked-lm');
    expect(status).toContain('AlbertForMaskedLM');
    expect(await page.isVisible('#fill-mask')).toBe(true);
    expect(await page.isVisible('#answer')).toBe(false);
    await page.fill('#fill-mask-text', text);
    await page.fill('#fill-mask-topk', '5');
    await submit('fill-mask');
    const rows = await tableRows('#fill-mask-out table.fill-mask-results');
    expect(rows).toHaveLength(5);
    const ref = (await (await nodeReference(smallVocab)).fillMask(text, 10))[0];
    for (const [token, sequence, score] of rows) {
      const r = ref.find((p) => p.tokenStr === token);
      expect(r, `UI token ${token} not in Node's top 10`).toBeDefined();
      expect(sequence).toBe(r!.sequence);
      expect(Math.abs((score as number) - r!.score)).toBeLessThanOrEqual(1e-5);
    }
    // The five shown are the five best (up to float32 ties).
    expect(Math.min(...rows.map((r) => r[2] as number))).toBeGreaterThanOrEqual(ref[4].score - 1e-5);
  });

  it('attention map: an SVG heat map of heads × tokens whose rows are softmax rows', async () => {
    await page.fill('#attention-text', text);
    await submit('attention');
    const map = await page.$$eval('#attention-out svg.heatmap', (svgs) =>
      svgs.map((svg) => ({
        cols: Array.from(svg.querySelectorAll('text.col-label')).map((t) => t.textContent),
        rows: Array.from(svg.querySelectorAll('text.row-label')).map((t) => t.textContent),
        values: Array.from(svg.querySelectorAll('rect.cell')).map((r) =>
          Number(r.getAttribute('data-value')),
        ),
        fills: Array.from(svg.querySelectorAll('rect.cell')).map((r) => r.getAttribute('fill') ?? ''),
        visible: Array.from(svg.querySelectorAll('rect.cell')).filter((r) => {
          const b = (r as SVGRectElement).getBBox();
          return b.width > 0 && b.height > 0;
        }).length,
      })),
    );
    expect(map).toHaveLength(1);
    const ref = await (await nodeReference(smallVocab)).clsAttention(text);
    const [m] = map;
    expect(m.cols).toEqual(ref.tokens);
    expect(m.rows).toHaveLength(ref.rows.length);
    expect(m.visible).toBe(ref.rows.length * ref.tokens.length);
    // Darker is larger: the red channel falls as the value grows (white = 0, blue = the maximum).
    const red = (fill: string) => Number(/^rgb\((\d+),/.exec(fill)?.[1]);
    const byValue = m.values.map((v, i) => [v, red(m.fills[i])]).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < byValue.length; i++) expect(byValue[i][1]).toBeLessThanOrEqual(byValue[i - 1][1]);
    expect(byValue.at(-1)?.[1]).toBe(31);
    const shown = ref.rows.map((_, h) => m.values.slice(h * ref.tokens.length, (h + 1) * ref.tokens.length));
    for (const row of shown) expect(Math.abs(row.reduce((s, v) => s + v, 0) - 1)).toBeLessThanOrEqual(1e-5);
    expect(maxAbsDiff(shown, ref.rows)).toBeLessThanOrEqual(1e-6);
  });

  it('classify: label scores of a sequence-classification model', async () => {
    await loadInPage('sequence-classification');
    expect(await page.isVisible('#fill-mask')).toBe(false);
    await expectClassifyMatchesNode('a good and very fine day in the city.');
  });

  it('answer: a span cut from the context, highlighted', async () => {
    await loadInPage('question-answering');
    const question = 'where did the man go?';
    const context = 'the man went to the house of the city, and then he was in the new school.';
    await page.fill('#answer-question', question);
    await page.fill('#answer-context', context);
    await submit('answer');
    const rows = await tableRows('#answer-out table.answer-results');
    const ref = await (await nodeReference(smallVocab)).answer(question, context);
    expect(rows.map((r) => r[0])).toEqual(ref.map((r) => r.answer));
    expect(
      maxAbsDiff(
        rows.map((r) => r[2]),
        ref.map((r) => r.score),
      ),
    ).toBeLessThanOrEqual(1e-5);
    expect(await page.textContent('#answer-out mark')).toBe(context.slice(ref[0].start, ref[0].end));
  });

  it('needed nothing from outside its server and logged no errors', () => {
    expect(foreignRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

describe('local model folders (read in the page, no model server)', () => {
  let local: string;
  const text = 'the man went to the [MASK] of the city.';

  /** A model folder on disk as savePretrained leaves it, with the small vocabulary as spiece.model. */
  function folder(name: string, fixture: string): string {
    const dir = join(local, name);
    mkdirSync(dir, { recursive: true });
    for (const f of ['config.json', 'model.safetensors'])
      copyFileSync(fixturePath('heads', fixture, f), join(dir, f));
    writeFileSync(join(dir, 'spiece.model'), smallVocab);
    return dir;
  }

  beforeAll(() => {
    local = mkdtempSync(join(tmpdir(), 'albert-local-model-'));
  });
  afterAll(() => rmSync(local, { recursive: true, force: true }));

  async function waitLoaded(): Promise<string> {
    await page.waitForSelector('#status[data-state="ready"], #status[data-state="error"]');
    const status = (await page.textContent('#status')) ?? '';
    expect(await page.getAttribute('#status', 'data-state'), status).toBe('ready');
    return status;
  }

  it('a picked folder loads a masked-LM model; fill-mask and the attention map match Node', async () => {
    const dir = folder('my-mlm', 'masked-lm');
    const served = server.requests.length;
    await page.setInputFiles('#local-folder', dir);
    expect(await waitLoaded()).toContain('AlbertForMaskedLM');
    // Nothing was fetched for the model: it came from the files, not from a server.
    expect(server.requests.slice(served).filter((p) => /config\.json|safetensors|\.model$/.test(p))).toEqual(
      [],
    );
    await page.fill('#fill-mask-text', text);
    await page.fill('#fill-mask-topk', '5');
    await submit('fill-mask');
    const rows = await tableRows('#fill-mask-out table.fill-mask-results');
    const ref = (await (await nodeReference(smallVocab)).fillMask(text, 5))[0];
    expect(rows.map((r) => r[0])).toEqual(ref.map((r) => r.tokenStr));
    expect(
      maxAbsDiff(
        rows.map((r) => r[2]),
        ref.map((r) => r.score),
      ),
    ).toBeLessThanOrEqual(1e-5);
    await page.fill('#attention-text', text);
    await submit('attention');
    const values = await page.$$eval('#attention-out svg.heatmap rect.cell', (rs) =>
      rs.map((r) => Number(r.getAttribute('data-value'))),
    );
    const att = await (await nodeReference(smallVocab)).clsAttention(text);
    expect(maxAbsDiff(values, att.rows.flat())).toBeLessThanOrEqual(1e-5);
  });

  it('dropped loose files load a classifier; its scores match Node', async () => {
    const dir = folder('my-classifier', 'sequence-classification');
    await page.setInputFiles(
      '#local-files',
      ['config.json', 'model.safetensors', 'spiece.model'].map((f) => join(dir, f)),
    );
    expect(await waitLoaded()).toContain('AlbertForSequenceClassification');
    await expectClassifyMatchesNode('a good and very fine day in the city.');
  });

  it('a folder with tokenizer.json (no spiece.model) loads, as transformers.js folders are', async () => {
    const dir = folder('json-tokenizer', 'masked-lm');
    await AlbertTokenizer.fromBytes(smallVocab).savePretrained(dir);
    rmSync(join(dir, 'spiece.model'));
    expect(existsSync(join(dir, 'tokenizer.json'))).toBe(true);
    await page.setInputFiles('#local-folder', dir);
    expect(await waitLoaded()).toContain('AlbertForMaskedLM');
    await page.fill('#fill-mask-text', text);
    await page.fill('#fill-mask-topk', '3');
    await submit('fill-mask');
    const rows = await tableRows('#fill-mask-out table.fill-mask-results');
    const ref = (await (await nodeReference(smallVocab)).fillMask(text, 3))[0];
    expect(rows.map((r) => r[0])).toEqual(ref.map((r) => r.tokenStr));
  });

  it('a folder without weights gets an error that names what is missing', async () => {
    const dir = join(local, 'broken');
    mkdirSync(dir, { recursive: true });
    copyFileSync(fixturePath('heads', 'masked-lm', 'config.json'), join(dir, 'config.json'));
    await page.setInputFiles('#local-folder', dir);
    await page.waitForSelector('#status[data-state="error"]');
    expect(await page.textContent('#status')).toMatch(/model\.safetensors/);
  });

  it('logged no page errors', () => {
    expect(foreignRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
