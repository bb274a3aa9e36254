import { readFixtureBytes, readFixtureJson } from '@albert-ts/test-support';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlbertError, AlbertModel, SafetensorsError, setupBackend } from '../src/index.js';

const cfgJson = () => readFixtureJson<Record<string, unknown>>('albert-tiny', 'config.json');

function err(f: () => unknown): AlbertError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AlbertError);
    return e as AlbertError;
  }
  throw new Error('expected an AlbertError');
}

describe('bad input', () => {
  let m: AlbertModel;
  let base: number;
  beforeAll(async () => {
    await setupBackend({ backend: 'wasm', native: false });
    m = AlbertModel.fromConfig(cfgJson(), { seed: 1 });
    base = tf.memory().numTensors;
  });
  afterAll(() => {
    // Failed calls leak nothing.
    expect(tf.memory().numTensors).toBe(base);
    m.dispose();
  });

  it('ids >= vocab_size, negative or fractional ids', () => {
    const e = err(() => m.call({ inputIds: [[2, 512, 3]] }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/inputIds.*512.*vocab_size/);
    expect(err(() => m.call({ inputIds: [[2, -1]] })).message).toMatch(/-1/);
    expect(err(() => m.call({ inputIds: [[2, 1.5]] })).message).toMatch(/integers/);
    const t = tf.tensor2d([[2, 600]], undefined, 'int32');
    expect(err(() => m.call({ inputIds: t })).message).toMatch(/600/);
    const f = tf.tensor2d([[2, 0.5]]);
    expect(err(() => m.call({ inputIds: f })).message).toMatch(/integer/);
    tf.dispose([t, f]);
  });

  it('sequences longer than max_position_embeddings', () => {
    const ids = [Array.from({ length: 65 }, () => 5)];
    expect(err(() => m.call({ inputIds: ids })).message).toMatch(/65 exceeds max_position_embeddings \(64\)/);
  });

  it('mismatched mask / token type shapes and values', () => {
    expect(err(() => m.call({ inputIds: [[2, 5, 3]], attentionMask: [[1, 1]] })).message).toMatch(
      /attentionMask: shape \[1,2\] does not match inputIds \[1,3\]/,
    );
    expect(err(() => m.call({ inputIds: [[2, 5, 3]], attentionMask: [[1, 2, 1]] })).message).toMatch(
      /0 or 1/,
    );
    expect(err(() => m.call({ inputIds: [[2, 5, 3]], tokenTypeIds: [[0, 2, 0]] })).message).toMatch(
      /type_vocab_size/,
    );
    expect(err(() => m.call({ inputIds: [[2, 5, 3], [1]] })).message).toMatch(/ragged/);
    expect(err(() => m.call({ inputIds: [2, 5, 3] })).message).toMatch(/rank 2/);
    expect(err(() => m.call({ inputIds: [[]] })).message).toMatch(/empty/);
    expect(err(() => m.call({ inputIds: 'hello' as never })).message).toMatch(/inputIds/);
  });

  it('corrupt or mismatched checkpoints', async () => {
    const bytes = readFixtureBytes('albert-tiny', 'model.safetensors');
    await expect(
      AlbertModel.fromPretrained({ config: cfgJson(), weights: bytes.slice(0, 1000) }),
    ).rejects.toBeInstanceOf(SafetensorsError);
    const wrong = { ...cfgJson(), intermediate_size: 40 };
    await expect(AlbertModel.fromPretrained({ config: wrong, weights: bytes })).rejects.toThrow(
      /ffn.weight" has shape \[37,32\], the config implies \[40,32\]/,
    );
    await expect(
      AlbertModel.fromPretrained({ config: cfgJson(), weights: bytes }, { strict: true }),
    ).rejects.toThrow(/unexpected tensors \[predictions/);
    const bad = { ...cfgJson(), num_attention_heads: 5 };
    await expect(AlbertModel.fromPretrained({ config: bad, weights: bytes })).rejects.toThrow(
      /num_attention_heads/,
    );
    await expect(AlbertModel.fromPretrained('/nonexistent/dir')).rejects.toThrow(
      /cannot read \/nonexistent\/dir\/config.json/,
    );
    expect(tf.memory().numTensors).toBe(base);
  });

  it('missing keys are reported by name and initialised', async () => {
    const w = new Map<string, tf.Tensor>([['embeddings.word_embeddings.weight', tf.zeros([512, 16])]]);
    let missing: string[] = [];
    const part = await AlbertModel.fromPretrained(
      { config: cfgJson(), weights: w },
      { onReport: (r) => (missing = r.missingKeys) },
    );
    expect(missing).toContain('pooler.weight');
    expect(missing).not.toContain('embeddings.word_embeddings.weight');
    await expect(
      AlbertModel.fromPretrained({ config: cfgJson(), weights: w }, { strict: true }),
    ).rejects.toThrow(/missing tensors \[.*pooler.weight/);
    part.dispose();
    tf.dispose([...w.values()]);
  });
});
