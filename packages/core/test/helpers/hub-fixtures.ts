import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFixtureBytes } from '@albert-ts/test-support';
import { parseSafetensors, readFloat32 } from '../../src/io/safetensors.js';
import { type RawTensor, writeSafetensors } from '../../src/io/safetensors-write.js';
import { commitSha, type HubFile, type HubRepoSpec } from './hub-server.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

export const tinyConfig = (): Uint8Array => readFixtureBytes('albert-tiny', 'config.json');
export const tinyWeights = (): Uint8Array => readFixtureBytes('albert-tiny', 'model.safetensors');

/** albert-tiny's tensors split over two shards, with the index `save_pretrained` writes. */
export function shardedFiles(): HubFile[] {
  const file = parseSafetensors(tinyWeights());
  const names = [...file.tensors.keys()].sort();
  const half = Math.ceil(names.length / 2);
  const shardNames = ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'];
  const weightMap: Record<string, string> = {};
  const shards = [names.slice(0, half), names.slice(half)].map((part, i) => {
    for (const n of part) weightMap[n] = shardNames[i];
    return writeSafetensors(
      part.map((n): [string, RawTensor] => [
        n,
        { dtype: 'F32', shape: file.tensors.get(n)!.shape, data: readFloat32(file, n) },
      ]),
    );
  });
  const index = { metadata: { total_size: tinyWeights().byteLength }, weight_map: weightMap };
  return [
    { path: 'config.json', bytes: tinyConfig() },
    { path: 'model.safetensors.index.json', bytes: enc(JSON.stringify(index)) },
    { path: shardNames[0], bytes: shards[0] },
    { path: shardNames[1], bytes: shards[1] },
  ];
}

export const MAIN = commitSha('tiny main');
export const V1 = commitSha('tiny v1');
export const TOKEN = 'hf_test_token_123';

export function testRepos(): Record<string, HubRepoSpec> {
  const tiny = [
    { path: 'config.json', bytes: tinyConfig() },
    { path: 'model.safetensors', bytes: tinyWeights() },
  ];
  return {
    'albert-ts/tiny': {
      refs: { main: MAIN, v1: V1 },
      commits: [
        { sha: MAIN, files: tiny },
        {
          sha: V1,
          files: [
            { path: 'config.json', bytes: readFixtureBytes('albert-tiny-grouped', 'config.json') },
            {
              path: 'model.safetensors',
              bytes: readFixtureBytes('albert-tiny-grouped', 'model.safetensors'),
            },
          ],
        },
      ],
    },
    'albert-ts/sharded': {
      refs: { main: commitSha('sharded') },
      commits: [{ sha: commitSha('sharded'), files: shardedFiles() }],
    },
    'albert-ts/bin-only': {
      refs: { main: commitSha('bin') },
      commits: [
        {
          sha: commitSha('bin'),
          files: [
            { path: 'config.json', bytes: tinyConfig() },
            { path: 'pytorch_model.bin', bytes: enc('PK\u0003\u0004 not a real pickle') },
          ],
        },
      ],
    },
    'albert-ts/gated': { refs: { main: MAIN }, commits: [{ sha: MAIN, files: tiny }], gatedToken: TOKEN },
  };
}

const temps: string[] = [];

export function tempCache(): string {
  const dir = mkdtempSync(join(tmpdir(), 'albert-hub-cache-'));
  temps.push(dir);
  return dir;
}

export function removeTempCaches(): void {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
}
