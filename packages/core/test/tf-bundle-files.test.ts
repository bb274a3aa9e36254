import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@albert-ts/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { AlbertConfig, albertConfigToTf, hfToTfTensors, TfCheckpointError } from '../src/index.js';
import {
  convertTfCheckpoint,
  readTfCheckpoint,
  resolveTfCheckpointPrefix,
  writeTfCheckpoint,
} from '../src/node.js';
import { fixtureFiles, hfFixture } from './helpers/tf-fixtures.js';

const tmp = mkdtempSync(join(tmpdir(), 'albert-tf-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function errorOf(p: Promise<unknown>): Promise<TfCheckpointError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TfCheckpointError);
    return e as TfCheckpointError;
  }
  throw new Error('expected a TfCheckpointError');
}

describe('checkpoint files on disk (Node entry)', () => {
  it('reads a TensorFlow-written checkpoint by prefix, by .index path, and by folder', async () => {
    const dir = join(tmp, 'tf');
    const { index, data } = fixtureFiles('saved_model_half_plus_three');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'variables.index'), index);
    writeFileSync(join(dir, 'variables.data-00000-of-00001'), data);
    const b = await readTfCheckpoint(join(dir, 'variables'));
    expect(Array.from(b.read('b').data as Float32Array)).toEqual([3]);
    expect(await resolveTfCheckpointPrefix(join(dir, 'variables.index'))).toBe(join(dir, 'variables'));
    expect(await resolveTfCheckpointPrefix(dir)).toBe(join(dir, 'variables'));
    writeFileSync(
      join(dir, 'checkpoint'),
      'model_checkpoint_path: "model.ckpt-7"\nall_model_checkpoint_paths: "model.ckpt-7"\n',
    );
    expect(await resolveTfCheckpointPrefix(dir)).toBe(join(dir, 'model.ckpt-7'));
  });

  it('a missing index or shard file is named', async () => {
    const prefix = join(tmp, 'sharded', 'model.ckpt-5');
    const { tensors } = hfFixture('albert-tiny');
    const written = await writeTfCheckpoint(prefix, hfToTfTensors(tensors), { numShards: 3 });
    expect(written.map((f) => f.slice(prefix.length))).toEqual([
      '.index',
      '.data-00000-of-00003',
      '.data-00001-of-00003',
      '.data-00002-of-00003',
    ]);
    expect((await readTfCheckpoint(prefix)).names()).toHaveLength(tensors.size);
    rmSync(`${prefix}.data-00001-of-00003`);
    const e = await errorOf(readTfCheckpoint(prefix));
    expect(e.problem).toBe('MISSING_SHARD');
    expect(e.file).toBe(`${prefix}.data-00001-of-00003`);
    const f = await errorOf(readTfCheckpoint(join(tmp, 'nope', 'model.ckpt')));
    expect(f.message).toContain('model.ckpt.index');
  });

  it('convertTfCheckpoint writes an HF folder (config.json, model.safetensors, spiece.model)', async () => {
    const src = join(tmp, 'google');
    const prefix = join(src, 'model.ckpt-1000');
    const fx = hfFixture('albert-tiny');
    await writeTfCheckpoint(prefix, hfToTfTensors(fx.tensors, { globalStep: 1000 }));
    writeFileSync(
      join(src, 'albert_config.json'),
      JSON.stringify(albertConfigToTf(AlbertConfig.fromJSON(fx.config))),
    );
    copyFileSync(fixturePath('tokenizer', 'brown-8k.model'), join(src, '30k-clean.model'));
    const out = join(tmp, 'hf');
    const report = await convertTfCheckpoint(src, out);
    expect(report.architecture).toBe('AlbertForPreTraining');
    expect(report.skipped).toEqual(['global_step']);
    expect(report.tensorCount).toBe(fx.tensors.size);
    expect(readFileSync(join(out, 'model.safetensors')).equals(Buffer.from(fx.weights))).toBe(true);
    expect(
      readFileSync(join(out, 'spiece.model')).equals(
        readFileSync(fixturePath('tokenizer', 'brown-8k.model')),
      ),
    ).toBe(true);
    const cfg = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    expect(cfg).toMatchObject({
      model_type: 'albert',
      hidden_act: 'gelu_new',
      architectures: ['AlbertForPreTraining'],
    });
    expect(existsSync(join(out, 'config.json'))).toBe(true);
  });
});
