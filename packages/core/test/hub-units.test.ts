import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlbertError, AlbertModel, browserHubFolder, parseHubId, setupBackend } from '../src/index.js';
import { removeTempCaches, shardedFiles, tempCache, testRepos, tinyConfig } from './helpers/hub-fixtures.js';
import { startTestHub, type TestHub } from './helpers/hub-server.js';

const quiet = { onReport: () => {}, onProgress: false as const };

// Parsing, the environment, cache paths and the progress line are @albert-ts/hub's own tests
// (packages/hub/test); here: that core's re-exports keep throwing AlbertError.
describe('core re-exports of @albert-ts/hub', () => {
  it('parseHubId throws AlbertError INVALID_INPUT on contradicting revisions', () => {
    expect(parseHubId('org/name')).toEqual({ repoId: 'org/name', revision: 'main' });
    let err: unknown;
    try {
      parseHubId('org/name@v1', 'v2');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AlbertError);
    expect((err as AlbertError).code).toBe('INVALID_INPUT');
  });
});

describe('folders, URLs and the browser path', () => {
  let hub: TestHub;
  beforeAll(async () => {
    await setupBackend({ backend: 'cpu', native: false });
    hub = await startTestHub(testRepos());
  });
  afterAll(async () => {
    await hub.close();
    removeTempCaches();
  });

  it('a local sharded folder loads; a local .bin-only folder gets the conversion error', async () => {
    const dir = tempCache();
    for (const f of shardedFiles()) writeFileSync(join(dir, f.path), f.bytes);
    const m = await AlbertModel.fromPretrained(dir, quiet);
    expect(m.loadReport?.missingKeys).toEqual([]);
    m.dispose();
    const bin = tempCache();
    writeFileSync(join(bin, 'config.json'), tinyConfig());
    writeFileSync(join(bin, 'pytorch_model.bin'), 'x');
    await expect(AlbertModel.fromPretrained(bin, quiet)).rejects.toThrow(
      /only pytorch_model\.bin .*safetensors/,
    );
    mkdirSync(join(dir, 'sub'));
    writeFileSync(
      join(dir, 'model.safetensors.index.json'),
      JSON.stringify({ weight_map: { 'embeddings.word_embeddings.weight': '../x.safetensors' } }),
    );
    await expect(AlbertModel.fromPretrained(dir, quiet)).rejects.toThrow(
      /must name a \.safetensors file beside/,
    );
  });

  it('a resolve URL folder with shards loads through fetch', async () => {
    const m = await AlbertModel.fromPretrained(`${hub.endpoint}/albert-ts/sharded/resolve/main`, quiet);
    expect(m.loadReport?.missingKeys).toEqual([]);
    m.dispose();
  });

  it('browserHubFolder keeps files in Cache Storage and serves them from there (localFilesOnly too)', async () => {
    const store = new Map<string, Response>();
    const fakeCache = {
      match: async (u: string) => store.get(u)?.clone(),
      put: async (u: string, r: Response) => void store.set(u, r),
    };
    const g = globalThis as { caches?: unknown };
    const before = g.caches;
    g.caches = { open: async () => fakeCache };
    try {
      const repo = { repoId: 'albert-ts/tiny', revision: 'main' };
      const online = browserHubFolder(repo, { endpoint: hub.endpoint });
      expect(await online.read('config.json')).toEqual(tinyConfig());
      expect(await online.read('spiece.model')).toBeNull();
      expect(await online.read('model.safetensors')).not.toBeNull();
      hub.log.length = 0;
      const offline = browserHubFolder(repo, { endpoint: hub.endpoint, localFilesOnly: true });
      expect(await offline.read('config.json')).toEqual(tinyConfig());
      expect((await offline.read('model.safetensors'))?.byteLength).toBeGreaterThan(0);
      expect(await offline.read('tokenizer.json')).toBeNull();
      expect(hub.log).toEqual([]);
      expect([...store.keys()]).toContain(`${hub.endpoint}/albert-ts/tiny/resolve/main/config.json`);
    } finally {
      g.caches = before;
    }
  });
});
