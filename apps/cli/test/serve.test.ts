import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupBackend } from '@albert-ts/core';
import { AlbertForMaskedLM, fillMask } from '@albert-ts/heads';
import { fixturePath, readFixtureBytes } from '@albert-ts/test-support';
import { AlbertTokenizer, decodeModelProto, encodeModelProto } from '@albert-ts/tokenizer';
import '@tensorflow/tfjs-backend-cpu';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './helpers/browser.js';
import { albert, MAIN } from './helpers/cli.js';

/** The English model cut to the tiny fixtures' 512 ids (made in memory, never committed). */
function smallVocab(): Uint8Array {
  const proto = decodeModelProto(readFixtureBytes('tokenizer', 'albert-en-30k-reconstructed.model'));
  proto.pieces = proto.pieces.slice(0, 512);
  if (proto.trainerSpec) proto.trainerSpec.vocabSize = 512;
  return encodeModelProto(proto);
}

/** A run folder laid out as `albert demo` writes one: models/<name>/ and the run's tokenizer/. */
function fakeRun(root: string, vocab: Uint8Array): string {
  const run = join(root, 'runs', 'demo-2026-12-06T00-00-00');
  for (const [name, fixture] of [
    ['pretrained', 'masked-lm'],
    ['spam-pretrained', 'sequence-classification'],
  ]) {
    const dir = join(run, 'models', name);
    mkdirSync(dir, { recursive: true });
    for (const f of ['config.json', 'model.safetensors'])
      copyFileSync(fixturePath('heads', fixture, f), join(dir, f));
    writeFileSync(join(dir, 'spiece.model'), vocab);
  }
  mkdirSync(join(run, 'logs'), { recursive: true });
  return run;
}

describe('albert serve', () => {
  let root: string;
  let run: string;
  let child: ChildProcess;
  let url = '';
  let browser: Browser;
  let page: Page;
  const vocab = smallVocab();
  const pageErrors: string[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'albert-serve-'));
    run = fakeRun(root, vocab);
    // No run named: the newest runs/demo-* under the working directory, as after `pnpm demo`.
    child = spawn(process.execPath, [MAIN, '--json', 'serve', '--port', '0'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    url = await new Promise<string>((ok, fail) => {
      let out = '';
      let err = '';
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const line = out.split('\n').find((l) => l.includes('"serving"'));
        if (line) ok((JSON.parse(line) as { url: string }).url);
      });
      child.stderr?.on('data', (d: Buffer) => {
        err += d.toString();
      });
      child.on('exit', (code) => fail(new Error(`albert serve exited ${code}: ${err}`)));
    });
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    child?.kill('SIGTERM');
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 and lists the run’s models with their tokenizers', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const listing = (await (await fetch(`${url}api/models.json`)).json()) as {
      run: string;
      models: Array<{ name: string; architecture: string; url: string; tokenizerUrl: string }>;
    };
    expect(listing.run).toBe(run);
    expect(listing.models.map((m) => [m.name, m.architecture])).toEqual([
      ['models/pretrained', 'AlbertForMaskedLM'],
      ['models/spam-pretrained', 'AlbertForSequenceClassification'],
    ]);
    const weights = await fetch(`${url}${listing.models[0].url}model.safetensors`);
    expect(weights.status).toBe(200);
    expect((await weights.arrayBuffer()).byteLength).toBe(
      readFixtureBytes('heads', 'masked-lm', 'model.safetensors').byteLength,
    );
  });

  it('serves nothing outside the run and the page, and only GET', async () => {
    expect((await fetch(`${url}models/..%2f..%2fetc/passwd`)).status).toBe(404);
    expect((await fetch(`${url}models/%2e%2e/%2e%2e/package.json`)).status).toBe(404);
    expect((await fetch(`${url}api/models.json`, { method: 'POST' })).status).toBe(405);
  });

  it('the playground shows the models; one click loads one and fill-mask matches Node', async () => {
    await page.goto(url);
    await page.waitForSelector('#served:not([hidden]) #served-models button');
    const names = await page.$$eval('#served-models button', (bs) => bs.map((b) => b.textContent));
    expect(names).toEqual(['models/pretrained', 'models/spam-pretrained']);
    await page.click('#served-models button[data-model="models/pretrained"]');
    await page.waitForSelector('#status[data-state="ready"], #status[data-state="error"]');
    expect(await page.getAttribute('#status', 'data-state'), (await page.textContent('#status')) ?? '').toBe(
      'ready',
    );
    const text = 'the man went to the [MASK] of the city.';
    await page.fill('#fill-mask-text', text);
    await page.fill('#fill-mask-topk', '3');
    await page.click('#fill-mask-form button[type="submit"]');
    await page.waitForSelector('#fill-mask-out[data-state="done"], #fill-mask-out[data-state="error"]');
    const shown = await page.$$eval('#fill-mask-out table.fill-mask-results tbody tr', (trs) =>
      trs.map((tr) => ({
        token: tr.querySelector('td')?.textContent ?? '',
        score: Number(tr.querySelector('td[data-score]')?.getAttribute('data-score')),
      })),
    );
    await setupBackend({ backend: 'cpu', native: false });
    const model = await AlbertForMaskedLM.fromPretrained(join(run, 'models', 'pretrained'), {
      onReport: () => {},
    });
    const ref = (await fillMask(model, AlbertTokenizer.fromBytes(vocab), text, { topK: 3 }))[0];
    model.dispose();
    expect(shown.map((r) => r.token)).toEqual(ref.map((r) => r.tokenStr));
    for (let i = 0; i < 3; i++) expect(Math.abs(shown[i].score - ref[i].score)).toBeLessThanOrEqual(1e-5);
    expect(pageErrors).toEqual([]);
  });

  it('refuses a non-loopback host and a folder without models, in one line', async () => {
    const bad = await albert('serve', run, '--host', '0.0.0.0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/loopback/);
    const empty = await albert('serve', join(run, 'logs'));
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/no model folders/);
    const none = mkdtempSync(join(tmpdir(), 'albert-serve-none-'));
    const cwd = process.cwd();
    process.chdir(none);
    try {
      const missing = await albert('serve');
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/albert demo/);
    } finally {
      process.chdir(cwd);
      rmSync(none, { recursive: true, force: true });
    }
  });
});
