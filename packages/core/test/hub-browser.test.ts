/**
 * Hub ids in a real browser (headless Chromium): `fromPretrained('org/name')` fetches the resolve
 * URLs (the LFS weights through a cross-origin redirect to the test CDN) and keeps every file in
 * Cache Storage; `localFilesOnly` then loads with no request at all.
 */
import { fileURLToPath } from 'node:url';
import { launchChromium } from '@albert-ts/test-support/browser';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRepos } from './helpers/hub-fixtures.js';
import { startTestHub, type TestHub } from './helpers/hub-server.js';

const coreDir = fileURLToPath(new URL('..', import.meta.url));

const ENTRY = `
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { AlbertModel, BROWSER_CACHE_NAME } from './dist/index.js';
window.hubLoad = async (id, opts) => {
  await tf.setBackend('cpu');
  const m = await AlbertModel.fromPretrained(id, { ...opts, onReport: () => {} });
  const layers = m.config.numHiddenLayers;
  const missing = m.loadReport.missingKeys.length;
  m.dispose();
  const cached = (await (await caches.open(BROWSER_CACHE_NAME)).keys()).map((r) => r.url);
  return { layers, missing, cached };
};
`;

type Browser = Awaited<ReturnType<typeof launchChromium>>;
type Page = Awaited<ReturnType<Browser['newPage']>>;

let hub: TestHub;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const out = await build({
    stdin: { contents: ENTRY, resolveDir: coreDir, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const html = '<!doctype html><meta charset="utf-8"><script type="module" src="/bundle.js"></script>';
  hub = await startTestHub(
    testRepos(),
    {},
    {
      '/': { type: 'text/html', body: html },
      '/bundle.js': { type: 'text/javascript', body: out.outputFiles[0].contents },
    },
  );
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`${hub.endpoint}/`);
  await page.waitForFunction(() => typeof (window as { hubLoad?: unknown }).hubLoad === 'function');
});

afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

type Load = (id: string, o: object) => Promise<{ layers: number; missing: number; cached: string[] }>;

function hubLoad(id: string, opts: object): ReturnType<Load> {
  return page.evaluate(
    ({ i, o }: { i: string; o: object }) => (window as unknown as { hubLoad: Load }).hubLoad(i, o),
    { i: id, o: opts },
  );
}

describe('Hub ids in the browser (Cache Storage)', () => {
  it('fetches once into Cache Storage, then loads from it without any request', async () => {
    hub.log.length = 0;
    const first = await hubLoad('albert-ts/tiny', { endpoint: hub.endpoint });
    expect(first.layers).toBe(4);
    expect(first.missing).toBe(0);
    expect(first.cached).toContain(`${hub.endpoint}/albert-ts/tiny/resolve/main/model.safetensors`);
    expect(hub.log.some((r) => r.server === 'cdn' && r.method === 'GET')).toBe(true);
    hub.log.length = 0;
    const again = await hubLoad('albert-ts/tiny', { endpoint: hub.endpoint, localFilesOnly: true });
    expect(again.layers).toBe(4);
    expect(hub.log).toEqual([]);
  });

  it('revisions and sharded checkpoints work the same way', async () => {
    expect((await hubLoad('albert-ts/tiny@v1', { endpoint: hub.endpoint })).layers).toBe(6);
    const sharded = await hubLoad('albert-ts/sharded', { endpoint: hub.endpoint });
    expect(sharded.missing).toBe(0);
    await expect(hubLoad('albert-ts/bin-only', { endpoint: hub.endpoint })).rejects.toThrow(
      /pytorch_model\.bin/,
    );
  });
});
