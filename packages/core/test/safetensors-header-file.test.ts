import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, readFixtureBytes } from '@albert-ts/test-support';
import { describe, expect, it } from 'vitest';
import { parseSafetensors, SafetensorsError } from '../src/index.js';
import { listSafetensors, readSafetensorsHeader } from '../src/node.js';

const dir = mkdtempSync(join(tmpdir(), 'st-header-'));
const file = (name: string, bytes: Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};

describe('readSafetensorsHeader (header only, from a file)', () => {
  it('gives what a full parse gives, without the data', async () => {
    const path = fixturePath('albert-tiny', 'model.safetensors');
    const full = parseSafetensors(readFixtureBytes('albert-tiny', 'model.safetensors'));
    const head = await readSafetensorsHeader(path);
    expect(head.dataStart).toBe(full.dataStart);
    expect([...head.tensors]).toEqual([...full.tensors]);
    const list = await listSafetensors(path);
    expect(list.map((t) => t.name)).toEqual([...full.tensors.keys()]);
    expect(list[0]).toEqual({
      name: list[0]!.name,
      dtype: full.tensors.get(list[0]!.name)!.dtype,
      shape: full.tensors.get(list[0]!.name)!.shape,
    });
  });

  it('names the file in typed errors: truncated, short, not JSON, missing', async () => {
    const bytes = readFixtureBytes('albert-tiny', 'model.safetensors');
    const cases: Array<[string, Uint8Array, string]> = [
      ['cut.safetensors', bytes.subarray(0, bytes.byteLength - 10), 'BAD_OFFSETS'],
      ['short.safetensors', new Uint8Array([1, 2, 3]), 'TRUNCATED'],
      ['long.safetensors', new Uint8Array([255, 0, 0, 0, 0, 0, 0, 0, 123]), 'TRUNCATED'],
      ['text.safetensors', new Uint8Array([4, 0, 0, 0, 0, 0, 0, 0, 110, 111, 112, 101]), 'HEADER_NOT_JSON'],
    ];
    for (const [name, data, problem] of cases) {
      const err = await readSafetensorsHeader(file(name, data)).catch((e: unknown) => e);
      expect(err, name).toBeInstanceOf(SafetensorsError);
      expect((err as SafetensorsError).problem, name).toBe(problem);
      expect((err as Error).message, name).toContain(join(dir, name));
    }
    await expect(readSafetensorsHeader(join(dir, 'absent.safetensors'))).rejects.toMatchObject({
      code: 'IO',
    });
  });
});
