import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStaleTemp, recoverDir, replaceDir } from '../src/node.js';

const read = (p: string) => readFileSync(p, 'utf8');

describe('replaceDir / recoverDir (atomic model folders)', () => {
  it('writes a new folder, then replaces it whole, keeping what else it held', async () => {
    const root = mkdtempSync(join(tmpdir(), 'albert-atomic-'));
    const dir = join(root, 'out', 'model');
    await replaceDir(dir, { 'config.json': '{"v":1}', 'model.safetensors': new Uint8Array([1, 2]) });
    expect(readdirSync(dir).sort()).toEqual(['config.json', 'model.safetensors']);
    mkdirSync(join(dir, 'logs'));
    writeFileSync(join(dir, 'logs', 'finetune.jsonl'), '{"step":1}\n');
    writeFileSync(join(dir, 'spiece.model'), 'sp');
    await replaceDir(dir, { 'config.json': '{"v":2}', 'model.safetensors': new Uint8Array([3]) });
    expect(read(join(dir, 'config.json'))).toBe('{"v":2}');
    expect([...readFileSync(join(dir, 'model.safetensors'))]).toEqual([3]);
    expect(read(join(dir, 'logs', 'finetune.jsonl'))).toBe('{"step":1}\n');
    expect(read(join(dir, 'spiece.model'))).toBe('sp');
    expect(readdirSync(join(root, 'out'))).toEqual(['model']);
  });

  it('cleans what a killed save left: dead temps, the old version moved aside', async () => {
    const root = mkdtempSync(join(tmpdir(), 'albert-atomic-'));
    const dir = join(root, 'model');
    // Killed before its rename: a temp folder of a process that no longer exists (pid 2^22+1 is
    // above Linux's pid_max default), and one of this process from before it started.
    mkdirSync(join(root, `.tmp-model-${2 ** 22 + 1}-${Date.now()}`));
    mkdirSync(join(root, `.tmp-model-${process.pid}-${Math.floor(performance.timeOrigin) - 1000}`));
    // A write in progress in this process: not stale, left alone.
    const live = `.tmp-model-${process.pid}-${Date.now()}`;
    mkdirSync(join(root, live));
    // Killed between "model → .old-model" and ".tmp → model": the old version comes back.
    mkdirSync(join(root, '.old-model'));
    writeFileSync(join(root, '.old-model', 'config.json'), 'old');
    expect(await recoverDir(dir)).toBe(2);
    expect(read(join(dir, 'config.json'))).toBe('old');
    expect(readdirSync(root).sort()).toEqual([live, 'model'].sort());
    // Killed after the second rename, before deleting .old-: the new one stays, the old goes.
    mkdirSync(join(root, '.old-model'));
    await recoverDir(dir);
    expect(existsSync(join(root, '.old-model'))).toBe(false);
    expect(read(join(dir, 'config.json'))).toBe('old');
    expect(isStaleTemp('.tmp-model-no-suffix')).toBe(false);
    expect(isStaleTemp(`.tmp-x-1-${Date.now() - 2 * 24 * 3600 * 1000}`)).toBe(true);
  });
});
