import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitSha, type HubRepoSpec } from '@albert-ts/test-support/hub-server';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

export const MAIN = commitSha('demo main');
export const V1 = commitSha('demo v1');
export const TOKEN = 'hf_test_token_456';
/** An LFS-like file (the test Hub sends `*.bin` through its CDN with a sha256 ETag). */
export const BLOB = new Uint8Array(4096).map((_, i) => (i * 7) & 255);

export function repos(): Record<string, HubRepoSpec> {
  const main = [
    { path: 'config.json', bytes: enc('{"a":1}') },
    { path: 'sub/notes.txt', bytes: enc('hello') },
    { path: 'weights.bin', bytes: BLOB },
  ];
  return {
    'demo/repo': {
      refs: { main: MAIN, v1: V1 },
      commits: [
        { sha: MAIN, files: main },
        { sha: V1, files: [{ path: 'config.json', bytes: enc('{"a":0}') }] },
      ],
    },
    'demo/gated': { refs: { main: MAIN }, commits: [{ sha: MAIN, files: main }], gatedToken: TOKEN },
  };
}

const temps: string[] = [];

export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'albert-hub-'));
  temps.push(d);
  return d;
}

export function removeTemps(): void {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
}
