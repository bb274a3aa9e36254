import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AlbertError, AlbertModel, type HubProgress, setupBackend } from '../src/index.js';
import { hubSnapshotDownload } from '../src/node.js';
import {
  MAIN,
  removeTempCaches,
  TOKEN,
  tempCache,
  testRepos,
  tinyConfig,
  tinyWeights,
  V1,
} from './helpers/hub-fixtures.js';
import { commitSha, gitBlobSha1, sha256, startTestHub, type TestHub } from './helpers/hub-server.js';

let hub: TestHub;
const quiet = { onReport: () => {}, onProgress: false as const };
const ENV = ['HF_TOKEN', 'HF_HUB_OFFLINE', 'HF_ENDPOINT', 'HF_HUB_CACHE', 'HF_HOME'];
const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));

beforeAll(async () => {
  await setupBackend({ backend: 'cpu', native: false });
  hub = await startTestHub(testRepos(), { 'old-org/tiny': 'albert-ts/tiny' });
});
afterAll(async () => {
  await hub.close();
  removeTempCaches();
});
afterEach(() => {
  for (const k of ENV) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  hub.log.length = 0;
});

function opts(cacheDir: string, extra: Record<string, unknown> = {}) {
  return { endpoint: hub.endpoint, cacheDir, token: false as const, ...quiet, ...extra };
}

const repoDir = (cache: string, id: string) => join(cache, `models--${id.replace('/', '--')}`);
const gets = () => hub.log.filter((r) => r.method === 'GET');

async function load(id: string, o: Record<string, unknown>): Promise<AlbertModel> {
  return AlbertModel.fromPretrained(id, o);
}

const WORDS = 'embeddings.word_embeddings.weight';

async function sameWeights(m: AlbertModel, bytes: Uint8Array): Promise<void> {
  const config = JSON.parse(new TextDecoder().decode(tinyConfig()));
  const ref = await AlbertModel.fromPretrained({ config, weights: bytes }, quiet);
  expect(Array.from(m.getParam(WORDS).value.dataSync())).toEqual(
    Array.from(ref.getParam(WORDS).value.dataSync()),
  );
  ref.dispose();
}

describe('Hub ids: download into the hub cache', () => {
  it('resolves org/name to files in the Python cache layout, with progress', async () => {
    const cache = tempCache();
    const progress: HubProgress[] = [];
    const m = await load('albert-ts/tiny', opts(cache, { onProgress: (p: HubProgress) => progress.push(p) }));
    expect(m.config.numHiddenLayers).toBe(4);
    await sameWeights(m, tinyWeights());
    m.dispose();
    const root = repoDir(cache, 'albert-ts/tiny');
    expect(readFileSync(join(root, 'refs', 'main'), 'utf8')).toBe(MAIN);
    const snap = join(root, 'snapshots', MAIN);
    const cfgBlob = gitBlobSha1(tinyConfig());
    const wBlob = sha256(tinyWeights());
    expect(lstatSync(join(snap, 'config.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(snap, 'config.json'))).toBe(`../../blobs/${cfgBlob}`);
    expect(readlinkSync(join(snap, 'model.safetensors'))).toBe(`../../blobs/${wBlob}`);
    expect(readdirSync(join(root, 'blobs')).sort()).toEqual([cfgBlob, wBlob].sort());
    expect(new Uint8Array(readFileSync(join(root, 'blobs', wBlob)))).toEqual(tinyWeights());
    const done = progress.filter((p) => p.done).map((p) => [p.file, p.loaded, p.total]);
    expect(done).toContainEqual(['model.safetensors', tinyWeights().byteLength, tinyWeights().byteLength]);
    // The LFS file came through the "CDN" (another origin), after a HEAD on the Hub.
    expect(hub.log.some((r) => r.server === 'cdn' && r.method === 'GET')).toBe(true);

    // Loaded again: one HEAD to learn main's commit, nothing downloaded.
    hub.log.length = 0;
    (await load('albert-ts/tiny', opts(cache))).dispose();
    expect(gets()).toEqual([]);
  });

  it('pins revisions: @tag, the revision option and a commit sha (the last without any request)', async () => {
    const cache = tempCache();
    const a = await load('albert-ts/tiny@v1', opts(cache));
    expect(a.config.numHiddenLayers).toBe(6);
    a.dispose();
    expect(readFileSync(join(repoDir(cache, 'albert-ts/tiny'), 'refs', 'v1'), 'utf8')).toBe(V1);
    const b = await load('albert-ts/tiny', opts(cache, { revision: V1 }));
    expect(b.config.numHiddenLayers).toBe(6);
    b.dispose();
    hub.log.length = 0;
    const c = await load(`albert-ts/tiny@${V1}`, opts(cache));
    expect(c.config.numHiddenLayers).toBe(6);
    c.dispose();
    expect(hub.log).toEqual([]);
    await expect(load('albert-ts/tiny@v1', opts(cache, { revision: 'main' }))).rejects.toThrow(
      /names revision "v1"/,
    );
  });

  it('uses a cache folder laid out by hand without any request (commit, offline, localFilesOnly, Hub down)', async () => {
    const cache = tempCache();
    const sha = commitSha('by hand');
    const root = repoDir(cache, 'hand/made');
    mkdirSync(join(root, 'blobs'), { recursive: true });
    mkdirSync(join(root, 'refs'));
    mkdirSync(join(root, 'snapshots', sha), { recursive: true });
    writeFileSync(join(root, 'blobs', 'c0nf1g'), tinyConfig());
    writeFileSync(join(root, 'blobs', sha256(tinyWeights())), tinyWeights());
    writeFileSync(join(root, 'refs', 'main'), sha);
    symlinkSync('../../blobs/c0nf1g', join(root, 'snapshots', sha, 'config.json'));
    symlinkSync(`../../blobs/${sha256(tinyWeights())}`, join(root, 'snapshots', sha, 'model.safetensors'));
    (await load(`hand/made@${sha}`, opts(cache))).dispose();
    (await load('hand/made', opts(cache, { localFilesOnly: true }))).dispose();
    process.env.HF_HUB_OFFLINE = '1';
    (await load('hand/made', opts(cache))).dispose();
    delete process.env.HF_HUB_OFFLINE;
    expect(hub.log).toEqual([]);
    // Hub unreachable (nothing listens there): falls back to the cache as huggingface_hub does.
    (await load('hand/made', opts(cache, { endpoint: 'http://127.0.0.1:9' }))).dispose();
    // The environment alone (HF_HUB_CACHE) finds it too.
    process.env.HF_HUB_CACHE = cache;
    process.env.HF_HUB_OFFLINE = 'true';
    (await AlbertModel.fromPretrained('hand/made', quiet)).dispose();
  });

  it('offline mode reads the cache only and says so when the cache lacks the model', async () => {
    const cache = tempCache();
    await expect(load('albert-ts/tiny', opts(cache, { localFilesOnly: true }))).rejects.toThrow(
      /not in the hub cache .* offline \(localFilesOnly\)/,
    );
    process.env.HF_HUB_OFFLINE = '1';
    await expect(load('albert-ts/tiny', opts(cache))).rejects.toThrow(/HF_HUB_OFFLINE/);
    delete process.env.HF_HUB_OFFLINE;
    (await load('albert-ts/tiny', opts(cache))).dispose();
    hub.log.length = 0;
    process.env.HF_HUB_OFFLINE = '1';
    (await load('albert-ts/tiny', opts(cache))).dispose();
    expect(hub.log).toEqual([]);
  });

  it('loads sharded checkpoints (model.safetensors.index.json) into the same weights', async () => {
    const cache = tempCache();
    const m = await load('albert-ts/sharded', opts(cache));
    await sameWeights(m, tinyWeights());
    expect(m.loadReport?.missingKeys).toEqual([]);
    m.dispose();
    const snap = join(repoDir(cache, 'albert-ts/sharded'), 'snapshots', commitSha('sharded'));
    expect(readdirSync(snap).sort()).toEqual([
      'config.json',
      'model-00001-of-00002.safetensors',
      'model-00002-of-00002.safetensors',
      'model.safetensors.index.json',
    ]);
    // The snapshot folder loads as a plain directory too.
    (await AlbertModel.fromPretrained(snap, quiet)).dispose();
  });

  it('refuses a repo with only pytorch_model.bin, naming the conversion, and never downloads it', async () => {
    const cache = tempCache();
    const err = await load('albert-ts/bin-only', opts(cache)).catch((e) => e);
    expect(err).toBeInstanceOf(AlbertError);
    expect(err.code).toBe('MISSING_WEIGHTS');
    expect(err.message).toMatch(/pytorch_model\.bin/);
    expect(err.message).toMatch(/safe_serialization=True/);
    expect(err.message).toMatch(/never unpickles/);
    expect(hub.log.filter((r) => r.server === 'cdn')).toEqual([]);
  });

  it('gated repo: 401 without a token; HF_TOKEN goes to the endpoint only, never to the CDN', async () => {
    const cache = tempCache();
    await expect(load('albert-ts/gated', opts(cache))).rejects.toThrow(/gated or private; set HF_TOKEN/);
    process.env.HF_TOKEN = TOKEN;
    const { token: _, ...withEnvToken } = opts(cache);
    (await load('albert-ts/gated', withEnvToken)).dispose();
    const hubReqs = hub.log.filter((r) => r.server === 'hub' && r.url.startsWith('/albert-ts/gated/'));
    expect(hubReqs.at(-1)?.authorization).toBe(`Bearer ${TOKEN}`);
    const cdnReqs = hub.log.filter((r) => r.server === 'cdn');
    expect(cdnReqs.length).toBeGreaterThan(0);
    expect(cdnReqs.every((r) => r.authorization === undefined)).toBe(true);
    await expect(load('albert-ts/gated', opts(tempCache(), { token: 'wrong' }))).rejects.toThrow(/no access/);
  });

  it('404s: unknown repo, unknown revision; a renamed repo follows the same-host redirect', async () => {
    const cache = tempCache();
    await expect(load('nobody/nothing', opts(cache))).rejects.toThrow(
      /repository "nobody\/nothing" not found/,
    );
    await expect(load('albert-ts/tiny@nope', opts(cache))).rejects.toThrow(/revision "nope" not found/);
    const m = await load('old-org/tiny', opts(cache));
    expect(m.config.numHiddenLayers).toBe(4);
    m.dispose();
    expect(existsSync(join(repoDir(cache, 'old-org/tiny'), 'snapshots', MAIN, 'model.safetensors'))).toBe(
      true,
    );
  });

  it('a connection cut mid-download leaves no file that looks complete; the next try succeeds', async () => {
    const cache = tempCache();
    hub.cutNext.add('model.safetensors');
    await expect(load('albert-ts/tiny', opts(cache))).rejects.toThrow(/downloading model\.safetensors/);
    const root = repoDir(cache, 'albert-ts/tiny');
    const wBlob = sha256(tinyWeights());
    expect(existsSync(join(root, 'blobs', wBlob))).toBe(false);
    expect(existsSync(join(root, 'snapshots', MAIN, 'model.safetensors'))).toBe(false);
    expect(readdirSync(join(root, 'blobs')).filter((f) => f.startsWith(wBlob))).toEqual([
      `${wBlob}.incomplete`,
    ]);
    const kept = lstatSync(join(root, 'blobs', `${wBlob}.incomplete`)).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(tinyWeights().byteLength);
    hub.log.length = 0;
    (await load('albert-ts/tiny', opts(cache))).dispose();
    // The retry resumed the kept bytes with a Range request, as huggingface_hub does.
    expect(hub.log.filter((r) => r.server === 'cdn').map((r) => r.range)).toEqual([`bytes=${kept}-`]);
    expect(new Uint8Array(readFileSync(join(root, 'blobs', wBlob)))).toEqual(tinyWeights());
    expect(readdirSync(join(root, 'blobs')).some((f) => f.endsWith('.incomplete'))).toBe(false);
  });

  it('a kept partial file that does not match the sha256 is discarded, never renamed into place', async () => {
    const cache = tempCache();
    const root = repoDir(cache, 'albert-ts/tiny');
    const wBlob = sha256(tinyWeights());
    mkdirSync(join(root, 'blobs'), { recursive: true });
    writeFileSync(join(root, 'blobs', `${wBlob}.incomplete`), new Uint8Array(100).fill(7));
    await expect(load('albert-ts/tiny', opts(cache))).rejects.toThrow(/sha256 .* does not match/);
    expect(readdirSync(join(root, 'blobs')).filter((f) => f.startsWith(wBlob))).toEqual([]);
    (await load('albert-ts/tiny', opts(cache))).dispose();
    expect(new Uint8Array(readFileSync(join(root, 'blobs', wBlob)))).toEqual(tinyWeights());
  });

  it('reads HF_ENDPOINT, HF_HOME and HF_TOKEN from the environment', async () => {
    const home = tempCache();
    process.env.HF_ENDPOINT = `${hub.endpoint}/`;
    process.env.HF_HOME = home;
    process.env.HF_TOKEN = TOKEN;
    (await AlbertModel.fromPretrained('albert-ts/gated', quiet)).dispose();
    expect(
      existsSync(join(home, 'hub', 'models--albert-ts--gated', 'snapshots', MAIN, 'model.safetensors')),
    ).toBe(true);
    // token: false sends none even with HF_TOKEN set.
    await expect(
      AlbertModel.fromPretrained('albert-ts/gated', { ...quiet, token: false, cacheDir: tempCache() }),
    ).rejects.toThrow(/gated/);
  });

  it('hubSnapshotDownload fetches named files (tokenizer files) and lists the missing optional ones', async () => {
    const cache = tempCache();
    const r = await hubSnapshotDownload(
      'albert-ts/tiny',
      { required: ['config.json'], optional: ['spiece.model', 'tokenizer_config.json'] },
      opts(cache),
    );
    expect(r.commit).toBe(MAIN);
    expect(r.missing).toEqual(['spiece.model', 'tokenizer_config.json']);
    expect(readFileSync(join(r.dir, 'config.json'))).toEqual(Buffer.from(tinyConfig()));
  });
});
