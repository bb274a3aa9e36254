import { readFixtureBytes, readFixtureJson } from '@albert-ts/test-support';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AlbertConfig,
  AlbertError,
  AlbertModel,
  DEFAULT_MAX_PARAMETERS,
  MAX_TENSOR_ELEMENTS,
  ModelSizeError,
  SafetensorsError,
  safetensorsSource,
  setupBackend,
  type WeightSource,
  writeSafetensors,
} from '../src/index.js';

const tiny = () => readFixtureJson<Record<string, unknown>>('albert-tiny', 'config.json');
const tinyBytes = () => readFixtureBytes('albert-tiny', 'model.safetensors');

/** Runs `f`, which must throw an AlbertError, and checks that nothing was allocated meanwhile. */
async function refused(f: () => unknown): Promise<AlbertError> {
  const before = tf.memory();
  const t0 = performance.now();
  let err: unknown;
  try {
    await f();
  } catch (e) {
    err = e;
  }
  const ms = performance.now() - t0;
  expect(err, 'expected an AlbertError').toBeInstanceOf(AlbertError);
  expect(tf.memory().numTensors).toBe(before.numTensors);
  expect(tf.memory().numBytes).toBe(before.numBytes);
  expect(ms, 'refused up front, not after allocating').toBeLessThan(500);
  return err as AlbertError;
}

/** A WeightSource that counts reads of tensor data (a refusal must come before any). */
function counting(src: WeightSource): WeightSource & { reads: number } {
  const out = {
    ...src,
    reads: 0,
    read: (n: string) => {
      out.reads++;
      return src.read(n);
    },
  };
  return out;
}

describe('config sanity before allocation', () => {
  beforeAll(async () => {
    await setupBackend({ backend: 'cpu' });
  });

  it('impossible values are refused at construction, naming the field and the value', async () => {
    const cases: Array<[string, unknown, RegExp]> = [
      [
        'vocab_size',
        1e12,
        /vocabSize \(vocab_size\): expected an integer in \[1, 2147483647\], found 1000000000000/,
      ],
      ['vocab_size', 1e300, /vocab_size.*1e\+300/],
      ['hidden_size', 1.5, /hidden_size.*1\.5/],
      ['hidden_size', -4, /hidden_size.*-4/],
      ['embedding_size', '128', /embedding_size.*"128"/],
      ['intermediate_size', null, /intermediate_size.*null/],
      ['max_position_embeddings', 0, /max_position_embeddings.*found 0/],
      ['type_vocab_size', 2 ** 40, /type_vocab_size/],
      ['num_hidden_layers', 1e9, /num_hidden_layers.*\[1, 4096\].*1000000000/],
      ['num_labels', 1e9, /num_labels.*1000000000/],
    ];
    for (const [field, value, msg] of cases) {
      const e = await refused(() => AlbertConfig.fromJSON({ ...tiny(), [field]: value }));
      expect(e.code, field).toBe('INVALID_CONFIG');
      expect(e.message, field).toMatch(msg);
    }
    const groups = await refused(() =>
      AlbertConfig.fromJSON({
        ...tiny(),
        num_hidden_layers: 256,
        num_hidden_groups: 256,
        inner_group_num: 2,
      }),
    );
    expect(groups.message).toMatch(/num_hidden_groups \(256\) × inner_group_num \(2\) = 512 layer modules/);
    const runs = await refused(() =>
      AlbertConfig.fromJSON({ ...tiny(), num_hidden_layers: 2048, inner_group_num: 4 }),
    );
    expect(runs.message).toMatch(/8192 layer applications/);
    const heads = await refused(() => AlbertConfig.fromJSON({ ...tiny(), num_attention_heads: 5 }));
    expect(heads.message).toMatch(/hidden_size \(32\) is not a multiple of num_attention_heads \(5\)/);
  });

  it('vocab_size 1e12 with ignoreMismatchedSizes: a typed error, not a RangeError', async () => {
    const e = await refused(() =>
      AlbertModel.fromPretrained(
        { config: { ...tiny(), vocab_size: 1e12 }, weights: tinyBytes() },
        { ignoreMismatchedSizes: true, onReport() {} },
      ),
    );
    expect(e.code).toBe('INVALID_CONFIG');
    expect(e.message).toMatch(/vocab_size/);
  });

  it('vocab_size 3e7 is refused by the parameter budget, with the size it implies, in milliseconds', async () => {
    const e = await refused(() => AlbertModel.fromConfig({ ...tiny(), vocab_size: 3e7 }, { seed: 1 }));
    expect(e).toBeInstanceOf(ModelSizeError);
    const s = e as ModelSizeError;
    expect(s.field).toBe('vocab_size');
    expect(s.value).toBe(3e7);
    expect(s.parameters).toBeGreaterThan(3e7 * 16);
    expect(s.bytes).toBe(4 * s.parameters);
    expect(s.limit).toBe(DEFAULT_MAX_PARAMETERS);
    expect(s.message).toMatch(
      /implies 4\.\d+e8 parameters \(1\.\d GB of float32\), above maxParameters = 2\.500e8/,
    );
    expect(s.message).toMatch(/word_embeddings\.weight \[30000000, 16\] from vocab_size = 30000000/);
    // The same through fromPretrained, with and without HF's flag: refused before the weights are read.
    for (const ignoreMismatchedSizes of [false, true]) {
      const p = await refused(() =>
        AlbertModel.fromPretrained(
          { config: { ...tiny(), vocab_size: 3e7 }, weights: tinyBytes() },
          { ignoreMismatchedSizes, onReport() {} },
        ),
      );
      expect(p).toBeInstanceOf(ModelSizeError);
    }
  });

  it('maxParameters is the caller’s to raise or lower', async () => {
    const e = await refused(() => AlbertModel.fromConfig(tiny(), { seed: 1, maxParameters: 1000 }));
    expect((e as ModelSizeError).limit).toBe(1000);
    const m = AlbertModel.fromConfig(tiny(), { seed: 1, maxParameters: 1e6 });
    expect(m.numParameters()).toBeLessThan(1e6);
    // The exact count of the built model is checked too (initWeights / loadWeights).
    m.maxParameters = 100;
    expect(() => m.initWeights(2)).toThrow(ModelSizeError);
    expect(() => m.loadWeights(safetensorsSource(tinyBytes()), { maxParameters: 100 })).toThrow(
      ModelSizeError,
    );
    m.dispose();
    await refused(() => AlbertModel.fromConfig(tiny(), { maxParameters: -1 }));
    await refused(() => AlbertModel.fromConfig(tiny(), { maxParameters: Number.NaN }));
  });

  it('a tensor larger than any backend holds is refused whatever maxParameters says', async () => {
    const e = await refused(() =>
      AlbertModel.fromConfig(
        { ...tiny(), vocab_size: 2 ** 31 - 1, embedding_size: 2 },
        { maxParameters: Number.POSITIVE_INFINITY },
      ),
    );
    expect(e).toBeInstanceOf(ModelSizeError);
    expect((e as ModelSizeError).limit).toBe(MAX_TENSOR_ELEMENTS);
    expect(e.message).toMatch(
      /vocab_size = 2147483647 implies embeddings\.word_embeddings\.weight of shape \[2147483647, 2\]/,
    );
  });

  it('a checkpoint whose declared shapes or dtypes disagree with the config is refused before reading data', async () => {
    const src = counting(safetensorsSource(tinyBytes()));
    const m = new AlbertModel(AlbertConfig.fromJSON({ ...tiny(), intermediate_size: 40 }));
    const before = tf.memory().numTensors;
    expect(() => m.loadWeights(src)).toThrow(
      /ffn.weight" has shape \[37,32\], the config implies \[40,32\] \(and 2 more mismatched tensors\)/,
    );
    expect(src.reads).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    // An integer tensor where a weight belongs: refused by dtype, also before any read.
    const ints = writeSafetensors([
      ['embeddings.LayerNorm.weight', { dtype: 'I32', shape: [16], data: new Int32Array(16) }],
    ]);
    const small = new AlbertModel(AlbertConfig.fromJSON(tiny()));
    const isrc = counting(safetensorsSource(ints));
    expect(() => small.loadWeights(isrc)).toThrow(SafetensorsError);
    expect(isrc.reads).toBe(0);
    m.dispose();
    small.dispose();
  });
});
