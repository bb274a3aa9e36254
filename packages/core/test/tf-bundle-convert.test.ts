import { readFixtureJson } from '@albert-ts/test-support';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AlbertConfig,
  AlbertModel,
  albertConfigFromTf,
  albertConfigToTf,
  bfloat16ToFloat32,
  convertTfBundle,
  hfToTfTensors,
  setupBackend,
  TfBundle,
  TfCheckpointError,
  type TfTensor,
  writeSafetensors,
  writeTfBundle,
} from '../src/index.js';
import { HF_FIXTURES, hfFixture, tfCheckpointOf } from './helpers/tf-fixtures.js';
import { expectClose, TOL } from './helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: fixture JSON
type Case = Record<string, any>;

describe('HF fixture -> TF checkpoint (our writer) -> convert: bit-exact weights', () => {
  for (const [dir, want] of Object.entries(HF_FIXTURES)) {
    it(`${dir}: ${want.architecture}, every tensor identical, the safetensors file byte for byte`, () => {
      const { fx, files, albertConfig } = tfCheckpointOf(dir);
      const bundle = TfBundle.parse(files, { prefix: 'model.ckpt-1000' });
      const r = convertTfBundle(bundle, {
        config: albertConfigFromTf(albertConfig),
        architecture: want.override ? want.architecture : undefined,
      });
      expect(r.architecture).toBe(want.architecture);
      expect(r.config.architectures).toEqual([want.architecture]);
      expect(r.skipped).toContain('global_step');
      expect(r.skipped.filter((n) => n.endsWith('/adam_m'))).toHaveLength(fx.tensors.size);
      expect(r.unused).toEqual([]);
      expect([...r.tensors.keys()].sort()).toEqual([...fx.tensors.keys()].sort());
      for (const [n, t] of fx.tensors) {
        expect(r.tensors.get(n)!.shape, n).toEqual(t.shape);
        expect(Buffer.from(r.tensors.get(n)!.data.buffer).equals(Buffer.from(t.data.buffer)), n).toBe(true);
      }
      expect(Buffer.from(writeSafetensors(r.tensors)).equals(Buffer.from(fx.weights))).toBe(true);
      if (fx.config.num_labels !== undefined && want.architecture.includes('Classification')) {
        expect(r.config.num_labels).toBe(fx.config.num_labels);
      }
    });
  }

  it('float16 / bfloat16 checkpoints (mixed precision) load as the float32 values they hold', () => {
    const { fx, vars, albertConfig } = tfCheckpointOf('heads/sequence-classification');
    const f32 = new Float32Array(1);
    const u32 = new Uint32Array(f32.buffer);
    const toBf16 = (x: number) => {
      f32[0] = x;
      return u32[0] >>> 16; // truncation: exact to decode back
    };
    const half = vars.map(([n, t]): [string, TfTensor] =>
      t.dtype === 'float32' && !n.includes('/adam_')
        ? [n, { dtype: 'bfloat16', shape: t.shape, data: Uint16Array.from(t.data as Float32Array, toBf16) }]
        : [n, t],
    );
    const r = convertTfBundle(TfBundle.parse(writeTfBundle(half)), {
      config: albertConfigFromTf(albertConfig),
    });
    const want = fx.tensors.get('classifier.weight')!.data;
    const got = r.tensors.get('classifier.weight')!.data;
    expect(Array.from(got)).toEqual(Array.from(want, (x) => bfloat16ToFloat32(toBf16(x))));
    expect(Math.max(...Array.from(got, (x, i) => Math.abs(x - want[i])))).toBeLessThan(0.01 * 0.05);
  });

  it('as AlbertForMaskedLM (no pooler in HF), the pooler and SOP head are reported unused', () => {
    const { files, albertConfig } = tfCheckpointOf('albert-tiny');
    const r = convertTfBundle(TfBundle.parse(files), {
      config: albertConfigFromTf(albertConfig),
      architecture: 'AlbertForMaskedLM',
    });
    expect(r.unused.sort()).toEqual([
      'bert/pooler/dense/bias',
      'bert/pooler/dense/kernel',
      'cls/seq_relationship/output_bias',
      'cls/seq_relationship/output_weights',
    ]);
    expect(r.tensors.has('albert.pooler.weight')).toBe(false);
    expect(r.tensors.has('predictions.dense.weight')).toBe(true);
  });

  it('a pretraining checkpoint converted as AlbertModel drops the heads and reports them', () => {
    const { files, albertConfig } = tfCheckpointOf('albert-tiny');
    const r = convertTfBundle(TfBundle.parse(files), {
      config: albertConfigFromTf(albertConfig),
      architecture: 'AlbertModel',
    });
    expect(r.unused.sort()).toEqual([
      'cls/predictions/output_bias',
      'cls/predictions/transform/LayerNorm/beta',
      'cls/predictions/transform/LayerNorm/gamma',
      'cls/predictions/transform/dense/bias',
      'cls/predictions/transform/dense/kernel',
      'cls/seq_relationship/output_bias',
      'cls/seq_relationship/output_weights',
    ]);
    expect([...r.tensors.keys()].every((n) => !n.startsWith('albert.'))).toBe(true);
  });
});

describe('conversion errors name the tensor, what was expected and what was found', () => {
  const convert = (vars: Array<[string, TfTensor]>, config: Record<string, unknown>) =>
    convertTfBundle(TfBundle.parse(writeTfBundle(vars), { prefix: 'ck' }), {
      config: albertConfigFromTf(config),
    });
  const { vars, albertConfig } = tfCheckpointOf('albert-tiny');
  const errorOf = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(TfCheckpointError);
      return e as TfCheckpointError;
    }
    throw new Error('expected a TfCheckpointError');
  };

  it('a config that does not fit the checkpoint: SHAPE_MISMATCH', () => {
    const e = errorOf(() => convert(vars, { ...albertConfig, vocab_size: 500 }));
    expect(e.problem).toBe('SHAPE_MISMATCH');
    expect(e.tensor).toBe('bert/embeddings/word_embeddings');
    expect(e.message).toContain('shape [512,16] found, the config implies [500,16]');
  });

  it('an unknown variable: UNMAPPED, listing it', () => {
    const extra: [string, TfTensor] = ['bert/encoder/layer_0/output/dense/kernel', vars[0][1]];
    const e = errorOf(() => convert([...vars, extra], albertConfig));
    expect(e.problem).toBe('UNMAPPED');
    expect(e.message).toContain('bert/encoder/layer_0/output/dense/kernel');
  });

  it('a missing variable or a group the config lacks', () => {
    const e = errorOf(() =>
      convert(
        vars.filter(([n]) => !n.endsWith('LayerNorm_1/gamma')),
        albertConfig,
      ),
    );
    expect(e.problem).toBe('NOT_FOUND');
    expect(e.message).toContain(
      'albert.encoder.albert_layer_groups.0.albert_layers.0.full_layer_layer_norm.weight',
    );
    const g = errorOf(() => convert(tfCheckpointOf('albert-tiny-grouped').vars, albertConfig));
    expect(g.problem).toBe('UNMAPPED');
    expect(g.message).toMatch(/albert_layer_groups\.\d\.albert_layers\.\d.*does not have/);
  });
});

describe('converted checkpoints give the fixtures outputs (AlbertModel, cpu)', () => {
  beforeAll(async () => {
    await setupBackend({ backend: 'cpu', native: false });
  });

  it('embedding_size == hidden_size: google has no projection, HF gets an identity one', () => {
    const cfg = {
      ...albertConfigToTf(AlbertConfig.fromJSON(hfFixture('albert-tiny').config)),
      embedding_size: 32,
    };
    const model = AlbertModel.fromConfig(albertConfigFromTf(cfg), { seed: 3 });
    const before = tf.memory().numTensors;
    const sd = model.stateDict();
    const state = new Map(
      [...sd].map(([n, t]) => [n, { shape: t.shape, data: t.dataSync() as Float32Array }]),
    );
    tf.dispose([...sd.values()]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    const vars = hfToTfTensors(state).filter(([n]) => !n.includes('embedding_hidden_mapping_in'));
    const r = convertTfBundle(TfBundle.parse(writeTfBundle(vars)), { config: albertConfigFromTf(cfg) });
    const w = r.tensors.get('encoder.embedding_hidden_mapping_in.weight')!;
    expect(w.shape).toEqual([32, 32]);
    expect(Array.from(w.data).every((x, i) => x === (i % 33 === 0 ? 1 : 0))).toBe(true);
    expect(Array.from(r.tensors.get('encoder.embedding_hidden_mapping_in.bias')!.data)).toEqual(
      new Array(32).fill(0),
    );
  });

  it('two spellings of one variable are refused, naming both', () => {
    const { vars, albertConfig } = tfCheckpointOf('albert-tiny');
    const dup: [string, TfTensor] = [
      'albert/pooler/dense/bias',
      vars.find(([n]) => n === 'bert/pooler/dense/bias')![1],
    ];
    expect(() =>
      convertTfBundle(TfBundle.parse(writeTfBundle([...vars, dup])), {
        config: albertConfigFromTf(albertConfig),
      }),
    ).toThrow(
      /both "albert\/pooler\/dense\/bias" and "bert\/pooler\/dense\/bias" map to albert\.pooler\.bias/,
    );
  });
  for (const dir of ['albert-tiny', 'albert-tiny-grouped']) {
    describe(dir, () => {
      let model: AlbertModel;
      const { cases } = readFixtureJson<{ cases: Case[] }>(dir, 'cases.json');
      beforeAll(async () => {
        const { files, albertConfig } = tfCheckpointOf(dir);
        const r = convertTfBundle(TfBundle.parse(files), { config: albertConfigFromTf(albertConfig) });
        model = await AlbertModel.fromPretrained(
          { config: r.config, weights: writeSafetensors(r.tensors) },
          { onReport: () => {} },
        );
      });
      afterAll(() => model.dispose());
      for (const c of cases) {
        it(c.name, () => {
          const before = tf.memory().numTensors;
          const out = model.call(
            { inputIds: c.input_ids, attentionMask: c.attention_mask, tokenTypeIds: c.token_type_ids },
            { outputHiddenStates: true, outputAttentions: true },
          );
          expectClose('last_hidden_state', out.lastHiddenState, c.outputs.last_hidden_state, TOL.hidden);
          expectClose('pooler_output', out.poolerOutput, c.outputs.pooler_output, TOL.logits);
          for (const [i, h] of (c.outputs.hidden_states as number[][]).entries()) {
            expectClose(`hidden_states[${i}]`, out.hiddenStates![i], h, TOL.hidden);
          }
          for (const [i, a] of (c.outputs.attentions as number[][]).entries()) {
            expectClose(`attentions[${i}]`, out.attentions![i], a, TOL.attention);
          }
          tf.dispose(out);
          expect(tf.memory().numTensors).toBe(before);
        });
      }
    });
  }
});
