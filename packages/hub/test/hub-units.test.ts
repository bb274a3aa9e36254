import { describe, expect, it } from 'vitest';
import {
  type HubProgress,
  hubEnvironment,
  parseHubId,
  progressLine,
  repoCachePaths,
  resolveUrl,
} from '../src/index.js';

describe('Hub ids: parsing', () => {
  it('reads org/name, @revision and legacy ALBERT ids; rejects paths and URLs', () => {
    expect(parseHubId('albert/albert-base-v2')).toEqual({
      repoId: 'albert/albert-base-v2',
      revision: 'main',
    });
    expect(parseHubId('org/name@v1.0')).toEqual({ repoId: 'org/name', revision: 'v1.0' });
    expect(parseHubId('org/name@refs/pr/1')).toEqual({ repoId: 'org/name', revision: 'refs/pr/1' });
    expect(parseHubId('org/name', 'dev')).toEqual({ repoId: 'org/name', revision: 'dev' });
    expect(parseHubId('albert-base-v2')).toEqual({ repoId: 'albert/albert-base-v2', revision: 'main' });
    for (const s of [
      './org/name',
      '/abs/dir',
      'a/b/c',
      'https://x.org/a',
      'C:\\models\\x',
      'org/..',
      'a--b/c',
      'org/name@',
      'org/name@../x',
      'mymodel',
      '',
    ]) {
      expect(parseHubId(s), s).toBeNull();
    }
    expect(() => parseHubId('org/name@v1', 'v2')).toThrow(/names revision "v1"/);
  });

  it('builds resolve URLs and cache paths as huggingface_hub does', () => {
    expect(resolveUrl('https://hf.co', 'org/name', 'refs/pr/1', 'sub/a b.json')).toBe(
      'https://hf.co/org/name/resolve/refs%2Fpr%2F1/sub/a%20b.json',
    );
    const p = repoCachePaths('/c', 'org/name');
    expect(p.root).toBe('/c/models--org--name');
    expect(p.ref('main')).toBe('/c/models--org--name/refs/main');
    expect(p.snapshotFile('abc', 'config.json')).toBe('/c/models--org--name/snapshots/abc/config.json');
  });
});

describe('Hub environment, as huggingface_hub constants.py reads it', () => {
  const home = '/home/u';
  it('defaults to ~/.cache/huggingface/hub and the public Hub', () => {
    const e = hubEnvironment({}, home);
    expect(e).toEqual({
      endpoint: 'https://huggingface.co',
      cacheDir: '/home/u/.cache/huggingface/hub',
      offline: false,
      token: undefined,
      tokenPath: '/home/u/.cache/huggingface/token',
      disableProgress: false,
    });
  });
  it('HF_HUB_CACHE over HUGGINGFACE_HUB_CACHE over HF_HOME/hub over XDG_CACHE_HOME', () => {
    expect(hubEnvironment({ XDG_CACHE_HOME: '/x' }, home).cacheDir).toBe('/x/huggingface/hub');
    expect(hubEnvironment({ XDG_CACHE_HOME: '/x', HF_HOME: '~/hf' }, home).cacheDir).toBe('/home/u/hf/hub');
    expect(hubEnvironment({ HF_HOME: '/h', HUGGINGFACE_HUB_CACHE: '/old' }, home).cacheDir).toBe('/old');
    expect(
      hubEnvironment({ HF_HOME: '/h', HUGGINGFACE_HUB_CACHE: '/old', HF_HUB_CACHE: '/new' }, home).cacheDir,
    ).toBe('/new');
    expect(hubEnvironment({ HF_HOME: '/h' }, home).tokenPath).toBe('/h/token');
  });
  it('HF_HUB_OFFLINE / TRANSFORMERS_OFFLINE truthy values, HF_ENDPOINT, HF_TOKEN', () => {
    for (const v of ['1', 'ON', 'yes', 'True'])
      expect(hubEnvironment({ HF_HUB_OFFLINE: v }, home).offline).toBe(true);
    for (const v of ['0', 'off', '', 'no'])
      expect(hubEnvironment({ HF_HUB_OFFLINE: v }, home).offline).toBe(false);
    expect(hubEnvironment({ TRANSFORMERS_OFFLINE: '1' }, home).offline).toBe(true);
    expect(hubEnvironment({ HF_ENDPOINT: 'http://mirror.local/' }, home).endpoint).toBe(
      'http://mirror.local',
    );
    expect(hubEnvironment({ HF_TOKEN: ' hf_x\n' }, home).token).toBe('hf_x');
    expect(hubEnvironment({ HF_TOKEN: '' }, home).token).toBeUndefined();
  });
});

describe('progress line', () => {
  it('draws a bar on a TTY stream, a newline when done', () => {
    let out = '';
    const draw = progressLine({ isTTY: true, columns: 80, write: (s: string) => (out += s) }, 0);
    const p: HubProgress = {
      repoId: 'org/name',
      file: 'model.safetensors',
      loaded: 5e6,
      total: 1e7,
      done: false,
    };
    draw(p);
    expect(out).toMatch(/^\rorg\/name model\.safetensors \[#{10}\.{10}\] 50% 5\.0 MB\/10\.0 MB/);
    draw({ ...p, loaded: 1e7, done: true });
    expect(out).toMatch(/100% 10\.0 MB\/10\.0 MB\s*\n$/);
  });
});
