/**
 * @albert-ts/hub against the test Hub: the hub cache layout huggingface_hub writes (blobs, refs,
 * snapshot symlinks), revisions, offline mode, gated repos, the CDN redirect without the token,
 * resuming a cut download, and the Cache Storage folder of the browser path.
 */
import { lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { sha256, startTestHub, type TestHub } from '@albert-ts/test-support/hub-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_CACHE_NAME, browserHubFolder, HubError, hubFolder } from '../src/index.js';
import { HubSnapshot, hubSnapshotDownload } from '../src/node.js';
import { BLOB, MAIN, removeTemps, repos, TOKEN, tempDir, V1 } from './helpers.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub(repos());
});
afterAll(async () => {
  await hub.close();
  removeTemps();
});

const opts = (cacheDir: string, extra: Record<string, unknown> = {}) => ({
  endpoint: hub.endpoint,
  cacheDir,
  token: false as const,
  onProgress: false as const,
  ...extra,
});
const text = (b: Uint8Array | null) => (b ? new TextDecoder().decode(b) : null);

describe('HubSnapshot (Node hub cache)', () => {
  it('downloads into blobs/ with refs/main and relative snapshot links, then reads offline', async () => {
    const cache = tempDir();
    const snap = await HubSnapshot.open({ repoId: 'demo/repo', revision: 'main' }, opts(cache));
    const p = await snap.file('weights.bin');
    expect(p).toBe(join(cache, 'models--demo--repo', 'snapshots', MAIN, 'weights.bin'));
    expect(lstatSync(p!).isSymbolicLink()).toBe(true);
    expect(readlinkSync(p!)).toBe(`../../blobs/${sha256(BLOB)}`);
    expect(new Uint8Array(readFileSync(p!))).toEqual(BLOB);
    expect(readFileSync(join(cache, 'models--demo--repo', 'refs', 'main'), 'utf8')).toBe(MAIN);
    expect(await snap.file('sub/notes.txt')).not.toBeNull();
    expect(await snap.file('missing.txt')).toBeNull();
    // The CDN never sees the token.
    const authed = await HubSnapshot.open(
      { repoId: 'demo/gated', revision: 'main' },
      opts(tempDir(), { token: TOKEN }),
    );
    hub.log.length = 0;
    expect(await authed.file('weights.bin')).not.toBeNull();
    expect(hub.log.filter((r) => r.server === 'cdn').every((r) => r.authorization === undefined)).toBe(true);
    expect(hub.log.some((r) => r.server === 'hub' && r.authorization === `Bearer ${TOKEN}`)).toBe(true);

    hub.log.length = 0;
    const offline = await hubFolder('demo/repo', opts(cache, { localFilesOnly: true }));
    expect(text(await offline!.read('config.json'))).toBeNull(); // never downloaded
    expect(text(await offline!.read('sub/notes.txt'))).toBe('hello');
    expect(hub.log).toEqual([]);
  });

  it('hubSnapshotDownload: revisions, missing files, typed errors', async () => {
    const cache = tempDir();
    const got = await hubSnapshotDownload(
      'demo/repo@v1',
      { required: ['config.json'], optional: ['weights.bin'] },
      opts(cache),
    );
    expect(got).toMatchObject({ repoId: 'demo/repo', revision: 'v1', commit: V1, missing: ['weights.bin'] });
    expect(readFileSync(join(got.dir, 'config.json'), 'utf8')).toBe('{"a":0}');
    const fail = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e: unknown) => e as HubError,
      );
    const gated = await fail(hubSnapshotDownload('demo/gated', { required: ['config.json'] }, opts(cache)));
    expect(gated).toBeInstanceOf(HubError);
    expect(gated?.code).toBe('IO');
    expect(gated?.message).toMatch(/gated or private; set HF_TOKEN/);
    const none = await fail(hubSnapshotDownload('nobody/nothing', { required: ['a'] }, opts(cache)));
    expect(none?.message).toMatch(/repository "nobody\/nothing" not found/);
    const bad = await fail(hubSnapshotDownload('./dir', {}, opts(cache)));
    expect(bad?.code).toBe('INVALID_INPUT');
    const offline = await fail(
      hubSnapshotDownload('demo/repo', {}, opts(tempDir(), { localFilesOnly: true })),
    );
    expect(offline?.message).toMatch(/not in the hub cache .* offline \(localFilesOnly\)/);
  });

  it('resumes a download the connection cut in the middle', async () => {
    const cache = tempDir();
    hub.cutNext.add('weights.bin');
    const snap = await HubSnapshot.open({ repoId: 'demo/repo', revision: 'main' }, opts(cache));
    await expect(snap.file('weights.bin')).rejects.toThrow(HubError);
    const again = await HubSnapshot.open({ repoId: 'demo/repo', revision: 'main' }, opts(cache));
    expect(new Uint8Array(readFileSync((await again.file('weights.bin'))!))).toEqual(BLOB);
  });

  it('an existing path is not a Hub id', async () => {
    expect(await hubFolder(tempDir(), opts(tempDir()))).toBeNull();
    expect(await hubFolder('not an id', opts(tempDir()))).toBeNull();
  });
});

describe('browserHubFolder (Cache Storage)', () => {
  it('keeps files in Cache Storage and serves them from there, localFilesOnly too', async () => {
    const store = new Map<string, Response>();
    const names: string[] = [];
    const fakeCache = {
      match: async (u: string) => store.get(u)?.clone(),
      put: async (u: string, r: Response) => void store.set(u, r),
    };
    const g = globalThis as { caches?: unknown };
    const before = g.caches;
    g.caches = {
      open: async (n: string) => {
        names.push(n);
        return fakeCache;
      },
    };
    try {
      const repo = { repoId: 'demo/repo', revision: 'main' };
      const online = browserHubFolder(repo, { endpoint: hub.endpoint });
      expect(text(await online.read('config.json'))).toBe('{"a":1}');
      expect(await online.read('absent.json')).toBeNull();
      expect(await online.has('weights.bin')).toBe(true);
      hub.log.length = 0;
      const offline = browserHubFolder(repo, { endpoint: hub.endpoint, localFilesOnly: true });
      expect(text(await offline.read('config.json'))).toBe('{"a":1}');
      expect(await offline.read('sub/notes.txt')).toBeNull();
      expect(hub.log).toEqual([]);
      expect(names.every((n) => n === BROWSER_CACHE_NAME)).toBe(true);
    } finally {
      g.caches = before;
    }
  });
});
