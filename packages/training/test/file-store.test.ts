import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TrainingError } from '../src/index.js';
import { FileCheckpointStore } from '../src/node.js';

const files = (text: string) => new Map([['a.txt', new TextEncoder().encode(text)]]);
const text = async (s: FileCheckpointStore, name: string) =>
  new TextDecoder().decode((await s.read(name)).get('a.txt'));

describe('FileCheckpointStore', () => {
  it('writes, lists, replaces and removes checkpoints; ignores temp directories', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'albert-store-'));
    const s = new FileCheckpointStore(dir);
    expect(await s.list()).toEqual([]);
    await s.write('checkpoint-000001', files('one'));
    await s.write('best', files('first best'));
    await s.write('best', files('second best'));
    expect(await text(s, 'best')).toBe('second best');
    mkdirSync(join(dir, '.tmp-checkpoint-000002-1-2'));
    expect(await s.list()).toEqual(['best', 'checkpoint-000001']);
    expect(readdirSync(dir).filter((n) => n.startsWith('.old-'))).toEqual([]);
    await s.remove('checkpoint-000001');
    expect(await s.list()).toEqual(['best']);
    expect(await s.cleanTemp()).toBe(1);
  });

  it('restores a checkpoint whose replacement was interrupted between the two renames', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'albert-store-'));
    const s = new FileCheckpointStore(dir);
    // State after "rename best → .old-best" and before "rename temp → best": the process died.
    mkdirSync(join(dir, '.old-best'));
    writeFileSync(join(dir, '.old-best', 'a.txt'), 'previous best');
    expect(await s.list()).toEqual(['best']);
    expect(await text(s, 'best')).toBe('previous best');
    expect(existsSync(join(dir, '.old-best'))).toBe(false);
  });

  it('rejects unsafe names and missing checkpoints with typed errors', async () => {
    const s = new FileCheckpointStore(mkdtempSync(join(tmpdir(), 'albert-store-')));
    await expect(s.write('../escape', files('x'))).rejects.toThrow(TrainingError);
    await expect(s.write('ok', new Map([['../x', new Uint8Array(1)]]))).rejects.toThrow(/plain name/);
    expect(await s.list()).toEqual([]);
    await expect(s.read('nope')).rejects.toThrow(/no checkpoint "nope"/);
  });
});
