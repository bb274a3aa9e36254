/**
 * Issue #15 (ONNX): the file itself — opset, optimum's input/output names and dynamic axes,
 * shared weights written once, every activation core supports, and typed errors.
 */
import { AlbertConfig, AlbertModel, activationNames, setupBackend } from '@albert-ts/core';
import { fixturePath } from '@albert-ts/test-support';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AlbertForMaskedLM,
  AlbertForMultipleChoice,
  AlbertForQuestionAnswering,
  AlbertForSequenceClassification,
  decodeOnnxModel,
  exportOnnx,
  exportOnnxModel,
  ONNX_TASKS,
  OnnxExportError,
  onnxActivationNames,
  onnxTaskForArchitecture,
} from '../src/index.js';
import { maxAbs, ort, runOnnx, session, syntheticFeeds } from './onnx/ort.js';

// biome-ignore lint/suspicious/noExplicitAny: decoded protobuf objects
type Any = any;
const quiet = { onReport: () => {} };
const load = (Model: Any, fx: string) => Model.fromPretrained(fixturePath(...fx.split('/')), quiet);
const dimsOf = (v: Any) => v.type.tensorType.shape.dim.map((d: Any) => d.dimParam ?? d.dimValue);

const TINY = {
  vocab_size: 64,
  embedding_size: 8,
  hidden_size: 16,
  num_hidden_layers: 2,
  num_attention_heads: 2,
  intermediate_size: 24,
  max_position_embeddings: 32,
};

beforeAll(async () => {
  await setupBackend({ backend: 'wasm', native: false });
});

describe('ONNX export: the file', () => {
  it('opset >= 14, IR 8, optimum names and dynamic axes (2-D tasks)', async () => {
    const model = await load(AlbertForQuestionAnswering, 'heads/question-answering');
    const e = exportOnnxModel(model);
    expect(e.task).toBe('question-answering');
    const m = decodeOnnxModel(e.bytes);
    expect(m.opsetImport.find((o) => !o.domain)?.version).toBeGreaterThanOrEqual(14);
    expect(m.irVersion).toBe(8);
    expect(m.graph.input.map((i) => i.name)).toEqual(['input_ids', 'attention_mask', 'token_type_ids']);
    for (const i of m.graph.input) {
      expect(i.type.tensorType.elemType).toBe(7); // int64, as optimum exports and transformers.js feeds
      expect(dimsOf(i)).toEqual(['batch_size', 'sequence_length']);
    }
    expect(m.graph.output.map((o) => [o.name, dimsOf(o)])).toEqual([
      ['start_logits', ['batch_size', 'sequence_length']],
      ['end_logits', ['batch_size', 'sequence_length']],
    ]);
    model.dispose();
  });

  it('multiple choice: [batch_size, num_choices, sequence_length] in, [batch_size, num_choices] out', async () => {
    const model = await load(AlbertForMultipleChoice, 'heads/multiple-choice');
    const m = decodeOnnxModel(exportOnnx(model));
    for (const i of m.graph.input)
      expect(dimsOf(i)).toEqual(['batch_size', 'num_choices', 'sequence_length']);
    expect(m.graph.output.map((o) => [o.name, dimsOf(o)])).toEqual([
      ['logits', ['batch_size', 'num_choices']],
    ]);
    model.dispose();
  });

  it('each parameter is written once (shared groups, tied decoder): file size ~ 4 bytes/parameter', async () => {
    for (const [Model, fx] of [
      [AlbertForMaskedLM, 'heads/masked-lm'],
      [AlbertForSequenceClassification, 'heads/sequence-classification'],
      [AlbertModel, 'albert-tiny-grouped'],
    ] as const) {
      const model = await load(Model, fx);
      const bytes = exportOnnx(model);
      const weights = decodeOnnxModel(bytes).graph.initializer.filter((t) => !t.name.startsWith('/const/'));
      const exported = weights.reduce((s, t) => s + t.dims.reduce((a: number, b: number) => a * b, 1), 0);
      // AlbertModel's pooler is not part of feature-extraction (last_hidden_state only).
      const pooler =
        fx === 'albert-tiny-grouped' ? model.config.hiddenSize * (model.config.hiddenSize + 1) : 0;
      expect(exported, fx).toBe(model.numParameters() - pooler);
      expect(bytes.length, fx).toBeLessThan(exported * 4 + 200_000);
      model.dispose();
    }
  });

  it('runs unoptimised too (onnxruntime graphOptimizationLevel disabled) with the same outputs', async () => {
    const model = await load(AlbertForMaskedLM, 'heads/masked-lm');
    const bytes = exportOnnx(model);
    const plain = await ort.InferenceSession.create(bytes, {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'disabled',
    });
    const feeds = syntheticFeeds([2, 9], model.config.vocabSize, 3);
    const a = await runOnnx(plain, feeds);
    const b = await runOnnx(await session(bytes), feeds);
    expect(maxAbs(a.logits.data, b.logits.data)).toBeLessThanOrEqual(1e-5);
    model.dispose();
  });

  it('tasks are inferred from architectures as optimum does (pretraining → fill-mask)', () => {
    expect(onnxTaskForArchitecture('AlbertModel')).toBe('feature-extraction');
    expect(onnxTaskForArchitecture('AlbertForPreTraining')).toBe('fill-mask');
    expect(onnxTaskForArchitecture('AlbertForMaskedLM')).toBe('fill-mask');
    expect(onnxTaskForArchitecture('AlbertForSequenceClassification')).toBe('text-classification');
    expect(onnxTaskForArchitecture('AlbertForTokenClassification')).toBe('token-classification');
    expect(onnxTaskForArchitecture('AlbertForQuestionAnswering')).toBe('question-answering');
    expect(onnxTaskForArchitecture('AlbertForMultipleChoice')).toBe('multiple-choice');
    expect(() => onnxTaskForArchitecture('BertForMaskedLM')).toThrow(OnnxExportError);
    expect(ONNX_TASKS).toHaveLength(6);
  });
});

describe('ONNX export: activations and untied decoders match our forward', () => {
  it('core activation names all have an ONNX form', () => {
    expect([...activationNames].sort()).toEqual([...onnxActivationNames].sort());
  });

  for (const act of activationNames) {
    it(`hidden_act ${act}: fill-mask logits within 1e-4 (a fully masked row; gelu: untied decoder)`, async () => {
      const config = AlbertConfig.fromJSON({ ...TINY, hidden_act: act, tie_word_embeddings: act !== 'gelu' });
      const model = AlbertForMaskedLM.fromConfig(config, { seed: 3 });
      const s = await session(exportOnnx(model));
      const feeds = syntheticFeeds([3, 7], TINY.vocab_size, 11);
      (feeds.attention_mask as number[][])[2] = new Array(7).fill(0);
      const onnx = await runOnnx(s, feeds);
      const out = model.call({
        inputIds: feeds.input_ids,
        attentionMask: feeds.attention_mask,
        tokenTypeIds: feeds.token_type_ids,
      });
      expect(onnx.logits.dims).toEqual(out.logits.shape);
      expect(maxAbs(onnx.logits.data, out.logits.dataSync())).toBeLessThanOrEqual(1e-4);
      tf.dispose(out);
      await s.release();
      model.dispose();
    });
  }
});

describe('ONNX export: typed errors', () => {
  it('unknown task, a task the model lacks, QA without two labels, an unknown architecture', async () => {
    const mlm = AlbertForMaskedLM.fromConfig(TINY, { seed: 1 });
    expect(() => exportOnnx(mlm, { task: 'summarization' })).toThrow(/unknown task "summarization"/);
    expect(() => exportOnnx(mlm, { task: 'text-classification' })).toThrow(OnnxExportError);
    expect(() => exportOnnx(mlm, { task: 'text-classification' })).toThrow(
      /does not fit a AlbertForMaskedLM/,
    );
    expect(exportOnnxModel(mlm, { task: 'base' }).outputNames).toEqual(['last_hidden_state']);
    mlm.dispose();
    const qa = AlbertForQuestionAnswering.fromConfig({ ...TINY, num_labels: 3 }, { seed: 1 });
    expect(() => exportOnnx(qa)).toThrow(/num_labels 2/);
    qa.dispose();
    const custom = AlbertModel.fromConfig(TINY, { seed: 1 });
    Object.defineProperty(custom, 'architecture', { value: 'AlbertWithMyHead' });
    expect(() => exportOnnx(custom)).toThrow(/no ONNX task for architecture "AlbertWithMyHead"/);
    expect(exportOnnxModel(custom, { task: 'feature-extraction' }).task).toBe('feature-extraction');
    custom.dispose();
  });

  it('a model over 2 GiB is refused before any weight is copied', () => {
    const model = AlbertForMaskedLM.fromConfig(TINY, { seed: 1 });
    Object.defineProperty(model, 'numParameters', { value: () => 6e8 });
    const before = tf.memory().numTensors;
    expect(() => exportOnnx(model)).toThrow(/2400000000 bytes; one \.onnx file holds under 2 GiB/);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
