import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as core from '@albert-ts/core';
import { listSafetensors } from '@albert-ts/core/node';
import { AlbertForSequenceClassification, AlbertForTokenClassification, wordTags } from '@albert-ts/heads';
import { fixturePath } from '@albert-ts/test-support';
import * as tf from '@tensorflow/tfjs-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectReport, launchChromium } from './helpers/browser.js';
import { albertProcess, lines } from './helpers/cli.js';

const here = dirname(fileURLToPath(import.meta.url));
const runDir = join(mkdtempSync(join(tmpdir(), 'albert-demo-')), 'run');
const TASKS = ['spam', 'pos', 'genre'];

async function keys(file: string): Promise<string[]> {
  return (await listSafetensors(file)).map((e) => e.name).sort();
}

function readJsonl<T>(file: string): T[] {
  return lines(readFileSync(file, 'utf8')).map((l) => JSON.parse(l) as T);
}

// The whole main job at a tiny budget (seconds): tokenizer, pretraining, three tasks × (pretrained,
// scratch) + baselines, HF exports, logs, report. The same code path as the default demo.
describe('albert demo (tiny budget, end to end)', () => {
  let events: Array<Record<string, unknown>> = [];
  let code = -1;
  let stderr = '';

  beforeAll(async () => {
    const r = await albertProcess(
      ['--json', 'demo', '-o', runDir, '--config', join(here, 'data', 'tiny-demo.yaml')],
      {
        timeoutMs: 170_000,
      },
    );
    code = r.code;
    stderr = r.stderr;
    events = lines(r.stdout).map((l) => JSON.parse(l));
    await core.setupBackend({ backend: 'cpu' });
  }, 180_000);

  it('runs to completion and reports its phases and the summary as JSON lines', () => {
    expect(code, stderr).toBe(0);
    expect(events.filter((e) => e.event === 'phase').map((e) => e.phase)).toEqual([1, 1, 2, 3, 4, 5]);
    const summary = events.find((e) => e.event === 'summary') as {
      summary: { columns: string[]; rows: unknown[][] };
    };
    expect(summary.summary.columns).toEqual([
      'task',
      'metric',
      'test n',
      'baseline',
      'scratch',
      'pretrained',
      'Δ pretrained−scratch',
    ]);
    expect(summary.summary.rows.map((r) => r[0])).toEqual([
      'SpamAssassin spam/ham',
      'Brown POS (universal tags)',
      'Brown genres',
      'Brown pretraining (held out)',
      'Brown pretraining (held out)',
    ]);
    expect(events.filter((e) => e.event === 'test').map((e) => `${e.task}-${e.init}`)).toEqual(
      TASKS.flatMap((t) => [`${t}-pretrained`, `${t}-scratch`]),
    );
  });

  it('writes the run folder: HF models with tokenizer, JSONL logs, predictions, summary, report', () => {
    for (const m of ['pretrained', ...TASKS.flatMap((t) => [`${t}-pretrained`, `${t}-scratch`])]) {
      for (const f of ['config.json', 'model.safetensors', 'spiece.model'])
        expect(existsSync(join(runDir, 'models', m, f)), `${m}/${f}`).toBe(true);
    }
    const log = readJsonl<Record<string, number | string>>(join(runDir, 'logs', 'pretrain.jsonl'));
    expect(log.filter((l) => l.type === 'train').map((l) => l.step)).toEqual([1, 2, 3]);
    for (const l of log.filter((x) => x.type === 'train')) expect(Number.isFinite(l.loss)).toBe(true);
    for (const f of ['summary.json', 'summary.md', 'report.html', 'tokenizer/spiece.model'])
      expect(existsSync(join(runDir, f))).toBe(true);
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8'));
    expect(summary.tokenizer.vocabSize).toBe(600);
    expect(summary.pretrain.steps).toBe(3);
    expect(summary.tasks.map((t: { runs: unknown[] }) => t.runs.length)).toEqual([2, 2, 2]);
  });

  it('albert serve lists every model of the run with its tokenizer for the playground', async () => {
    let url = '';
    let listing: { models: Array<{ name: string; architecture: string; tokenizerUrl: string }> } = {
      models: [],
    };
    const served = albertProcess(['--json', 'serve', runDir, '--port', '0'], {
      timeoutMs: 60_000,
      onStdout: (out, kill) => {
        const line = out.split('\n').find((l) => l.includes('"serving"'));
        if (line && !url) {
          url = (JSON.parse(line) as { url: string }).url;
          void fetch(`${url}api/models.json`)
            .then((r) => r.json())
            .then(
              (j) => {
                listing = j as typeof listing;
                kill('SIGTERM');
              },
              () => kill('SIGTERM'),
            );
        }
      },
    });
    const r = await served;
    expect(r.code, r.stderr).toBe(0);
    const names = ['pretrained', ...TASKS.flatMap((t) => [`${t}-pretrained`, `${t}-scratch`])].map(
      (m) => `models/${m}`,
    );
    expect(listing.models.map((m) => m.name).sort()).toEqual(names.sort());
    for (const m of listing.models) expect(m.tokenizerUrl).toBe(`models/${m.name}/spiece.model`);
  });

  it('the exported models have exactly the tensor names of HF’s own files for each head', async () => {
    const m = (name: string) => join(runDir, 'models', name, 'model.safetensors');
    const hf = (dir: string) => keys(fixturePath(...dir.split('/'), 'model.safetensors'));
    expect(await keys(m('pretrained'))).toEqual(await hf('albert-tiny'));
    expect(await keys(m('spam-pretrained'))).toEqual(await hf('heads/sequence-classification'));
    expect(await keys(m('genre-scratch'))).toEqual(await hf('heads/sequence-classification'));
    expect(await keys(m('pos-pretrained'))).toEqual(await hf('heads/token-classification'));
    const cfg = JSON.parse(readFileSync(join(runDir, 'models', 'pos-pretrained', 'config.json'), 'utf8'));
    expect(cfg.architectures).toEqual(['AlbertForTokenClassification']);
    expect(Object.values(cfg.id2label)).toEqual([
      'ADJ',
      'ADP',
      'ADV',
      'CONJ',
      'DET',
      'NOUN',
      'NUM',
      'PRON',
      'PRT',
      'VERB',
      '.',
      'X',
    ]);
  });

  it('the fine-tuned spam model reloads with fromPretrained and gives the same predictions', async () => {
    const dir = join(runDir, 'models', 'spam-pretrained');
    const model = await AlbertForSequenceClassification.fromPretrained(dir, { onReport: () => {} });
    const recs = readJsonl<{
      inputIds: number[];
      tokenTypeIds: number[];
      logits: number[];
      prediction: number;
    }>(join(runDir, 'predictions', 'spam-pretrained.jsonl'));
    expect(recs.length).toBe(12);
    for (const r of recs) {
      const out = model.call({ inputIds: [r.inputIds], tokenTypeIds: [r.tokenTypeIds] });
      const logits = Array.from(await out.logits.data());
      tf.dispose(Object.values(out) as tf.Tensor[]);
      for (let i = 0; i < logits.length; i++) expect(Math.abs(logits[i]! - r.logits[i]!)).toBeLessThan(1e-4);
      expect(logits.indexOf(Math.max(...logits))).toBe(r.prediction);
    }
    model.dispose();
  });

  it('the fine-tuned POS model reloads and tags every test word the same way', async () => {
    const dir = join(runDir, 'models', 'pos-pretrained');
    // The demo reads a word's tag as its plan says (first piece, or the mean over its pieces).
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8'));
    const pooling = summary.settings.plan.pos.wordPooling;
    expect(['first', 'mean']).toContain(pooling);
    const model = await AlbertForTokenClassification.fromPretrained(dir, { onReport: () => {} });
    const recs = readJsonl<{ inputIds: number[]; wordStarts: number[]; prediction: number[] }>(
      join(runDir, 'predictions', 'pos-pretrained.jsonl'),
    );
    let words = 0;
    for (const r of recs) {
      const out = model.call({ inputIds: [r.inputIds] });
      const logits = ((await out.logits.array()) as number[][][])[0]!;
      tf.dispose(Object.values(out) as tf.Tensor[]);
      const tags = wordTags({ inputIds: r.inputIds, wordStarts: r.wordStarts }, logits, pooling);
      expect(tags).toEqual(r.prediction);
      words += tags.length;
    }
    expect(words).toBeGreaterThan(50);
    model.dispose();
  });

  describe('report.html in headless Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('renders its charts, tables, confusion matrices and attention map, offline', async () => {
      const r = await inspectReport(browser, join(runDir, 'report.html'), join(runDir, 'report.png'));
      expect(r.headings).toEqual([
        'albert demo — pretrain, fine-tune, evaluate on embedded data',
        'Summary',
        'Tokenizer',
        'Pretraining',
        'SpamAssassin spam/ham',
        'Brown POS (universal tags)',
        'Brown genres',
        'Attention map',
        'Run',
      ]);
      const titles = r.charts.map((c) => c.title);
      expect(titles).toContain('Pretraining loss (MLM + SOP)');
      expect(titles).toContain('Pretraining learning rate (LAMB)');
      expect(titles).toContain('SpamAssassin spam/ham: training loss');
      for (const c of r.charts) expect(c.paths, c.title).toBeGreaterThan(0);
      // Curves with several points are drawn as lines (single-evaluation charts are one marker).
      for (const t of [
        'Pretraining loss (MLM + SOP)',
        'Pretraining learning rate (LAMB)',
        'Brown genres: training loss',
      ]) {
        expect(r.charts.find((c) => c.title === t)!.length, t).toBeGreaterThan(50);
      }
      const loss = r.charts.find((c) => c.title === 'Pretraining loss (MLM + SOP)')!;
      expect(loss.paths).toBe(3);
      const maps = r.heatmaps.map((h) => h.title);
      expect(maps).toContain('SpamAssassin spam/ham: confusion (pretrained)');
      expect(
        r.heatmaps.find((h) => h.title === 'Brown POS (universal tags): confusion (scratch)')!.cells,
      ).toBe(144);
      const att = r.heatmaps.find((h) => h.title.startsWith('Layer 2: attention from [CLS]'))!;
      expect(att.cells).toBeGreaterThan(2 * 8);
      expect(att.distinctFills).toBeGreaterThan(2);
      expect(r.tables[0]!.caption).toBe('Summary (test splits)');
      expect(r.tables[0]!.rows).toBe(5);
      expect(r.requests).toEqual([]);
      expect(r.consoleErrors).toEqual([]);
    });
  });
});
