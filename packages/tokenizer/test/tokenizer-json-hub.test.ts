/**
 * Hub ids, URL folders and URL files for the tokenizer, against the test Hub of
 * @albert-ts/test-support (resolve URLs, LFS files through a CDN redirect, revisions, the hub
 * cache, offline reads).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readFixtureBytes } from '@albert-ts/test-support';
import { commitSha, startTestHub, type TestHub } from '@albert-ts/test-support/hub-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlbertTokenizer, TokenizerError } from '../src/index.js';
import {
  allFixtureStrings,
  fingerprint,
  fromModel,
  removeTempDirs,
  tempDir,
} from './tokenizer-json-helpers.js';

const enc = (s: string | Uint8Array) => (typeof s === 'string' ? new TextEncoder().encode(s) : s);
const ref = fromModel('brown-8k.model');
const cased = fromModel('brown-8k.model', { doLowerCase: false });
const texts = allFixtureStrings().slice(0, 40);
const JSON_MAIN = commitSha('tok-json main');
const SPM_MAIN = commitSha('tok-spm main');
const SPM_V1 = commitSha('tok-spm v1');

let hub: TestHub;
beforeAll(async () => {
  const saved = ref.pretrainedFiles();
  const casedConfig = cased.pretrainedFiles()['tokenizer_config.json'];
  const file = (path: string, bytes: string | Uint8Array) => ({ path, bytes: enc(bytes) });
  hub = await startTestHub({
    'albert-ts/tok-json': {
      refs: { main: JSON_MAIN },
      commits: [
        {
          sha: JSON_MAIN,
          files: ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json'].map((f) =>
            file(f, saved[f]),
          ),
        },
      ],
    },
    'albert-ts/tok-spm': {
      refs: { main: SPM_MAIN, v1: SPM_V1 },
      commits: [
        { sha: SPM_MAIN, files: [file('spiece.model', readFixtureBytes('tokenizer', 'brown-8k.model'))] },
        {
          sha: SPM_V1,
          files: [
            file('spiece.model', readFixtureBytes('tokenizer', 'brown-8k.model')),
            file('tokenizer_config.json', casedConfig),
          ],
        },
      ],
    },
  });
});
afterAll(async () => {
  await hub.close();
  removeTempDirs();
});

const opts = (cacheDir: string, extra: Record<string, unknown> = {}) => ({
  endpoint: hub.endpoint,
  cacheDir,
  token: false as const,
  onProgress: false as const,
  ...extra,
});

describe('AlbertTokenizer.fromPretrained with a Hub id', () => {
  it('a tokenizer.json-only repo: downloaded into the hub cache, then read offline', async () => {
    const cache = tempDir();
    const t = await AlbertTokenizer.fromPretrained('albert-ts/tok-json', opts(cache));
    for (const text of texts) expect(fingerprint(t, text), text).toEqual(fingerprint(ref, text));
    const snap = join(cache, 'models--albert-ts--tok-json', 'snapshots', JSON_MAIN);
    expect(existsSync(join(snap, 'tokenizer.json'))).toBe(true);
    hub.log.length = 0;
    const offline = await AlbertTokenizer.fromPretrained(
      'albert-ts/tok-json',
      opts(cache, { localFilesOnly: true }),
    );
    expect(offline.encode('the dog').inputIds).toEqual(ref.encode('the dog').inputIds);
    expect(hub.log).toEqual([]);
  });

  it('spiece.model through the CDN redirect; a revision with its tokenizer_config.json', async () => {
    const cache = tempDir();
    const main = await AlbertTokenizer.fromPretrained('albert-ts/tok-spm', opts(cache));
    expect(main.doLowerCase).toBe(true);
    const v1 = await AlbertTokenizer.fromPretrained('albert-ts/tok-spm@v1', opts(cache));
    expect(v1.doLowerCase).toBe(false);
    for (const text of texts) expect(fingerprint(v1, text), text).toEqual(fingerprint(cased, text));
    expect(hub.log.some((r) => r.server === 'cdn')).toBe(true);
  });

  it('a missing repo or an unusable source is a typed error', async () => {
    const e = await AlbertTokenizer.fromPretrained('nobody/nothing', opts(tempDir())).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(TokenizerError);
    expect((e as TokenizerError).code).toBe('IO');
    expect((e as TokenizerError).message).toMatch(/repository "nobody\/nothing" not found/);
    const none = await AlbertTokenizer.fromPretrained('./no/such/dir/x', opts(tempDir())).catch(
      (x: unknown) => x,
    );
    expect((none as TokenizerError).message).toMatch(/neither a directory, a URL nor a Hub id/);
  });
});

describe('URLs', () => {
  it('fromPretrained(a resolve URL folder) and fromFile(an http URL of spiece.model)', async () => {
    const folder = await AlbertTokenizer.fromPretrained(`${hub.endpoint}/albert-ts/tok-json/resolve/main`);
    expect(folder.encode('the dog barked').inputIds).toEqual(ref.encode('the dog barked').inputIds);
    const file = await AlbertTokenizer.fromFile(
      `${hub.endpoint}/albert-ts/tok-spm/resolve/main/spiece.model`,
    );
    for (const text of texts) expect(fingerprint(file, text), text).toEqual(fingerprint(ref, text));
    const missing = await AlbertTokenizer.fromFile(
      `${hub.endpoint}/albert-ts/tok-spm/resolve/main/none.model`,
    ).catch((x: unknown) => x);
    expect((missing as TokenizerError).code).toBe('IO');
    expect((missing as TokenizerError).message).toMatch(/HTTP 404/);
  });
});
