/**
 * Issue #15 (ONNX): every fixture model and head, exported and run by onnxruntime-node (CPU EP),
 * matches our own forward within 1e-4 (optimum's ATOL_FOR_VALIDATION for ALBERT) on the fixture
 * cases and on a second batch size / sequence length (the axes are dynamic). The fixture's HF
 * outputs are checked too.
 */
import {
  AlbertConfig,
  AlbertModel,
  type AlbertPreTrainedModel,
  presets,
  setupBackend,
} from '@albert-ts/core';
import { fixturePath, readFixtureJson } from '@albert-ts/test-support';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AlbertForMaskedLM,
  AlbertForMultipleChoice,
  AlbertForPreTraining,
  AlbertForQuestionAnswering,
  AlbertForSequenceClassification,
  AlbertForTokenClassification,
  exportOnnx,
  type OnnxTask,
} from '../src/index.js';
import { type Feeds, feedsOf, flat, maxAbs, runOnnx, session, shapeOf, syntheticFeeds } from './onnx/ort.js';

const ATOL = 1e-4;

// biome-ignore lint/suspicious/noExplicitAny: fixture JSON and per-class outputs
type Any = any;
type Ours = (out: Any) => Record<string, tf.Tensor>;

interface Spec {
  fx: string;
  // biome-ignore lint/suspicious/noExplicitAny: any model class
  Model: any;
  task: OnnxTask;
  /** Our forward's tensors under the ONNX output names. */
  ours: Ours;
  /** The fixture's output key for each ONNX output name. */
  ref: Record<string, string>;
}

const hidden: Ours = (o) => ({ last_hidden_state: o.lastHiddenState });
const logits: Ours = (o) => ({ logits: o.logits });
const SPECS: Spec[] = [
  ...['albert-tiny', 'albert-tiny-grouped'].flatMap((fx): Spec[] => [
    {
      fx,
      Model: AlbertModel,
      task: 'feature-extraction',
      ours: hidden,
      ref: { last_hidden_state: 'last_hidden_state' },
    },
    {
      fx,
      Model: AlbertForPreTraining,
      task: 'fill-mask',
      ours: (o) => ({ logits: o.predictionLogits }),
      ref: { logits: 'prediction_logits' },
    },
  ]),
  {
    fx: 'heads/masked-lm',
    Model: AlbertForMaskedLM,
    task: 'fill-mask',
    ours: logits,
    ref: { logits: 'logits' },
  },
  {
    fx: 'heads/sequence-classification',
    Model: AlbertForSequenceClassification,
    task: 'text-classification',
    ours: logits,
    ref: { logits: 'logits' },
  },
  {
    fx: 'heads/sequence-classification',
    Model: AlbertForSequenceClassification,
    task: 'feature-extraction',
    ours: (o) => ({ last_hidden_state: o.lastHiddenState }),
    ref: { last_hidden_state: 'last_hidden_state' },
  },
  {
    fx: 'heads/sequence-regression',
    Model: AlbertForSequenceClassification,
    task: 'text-classification',
    ours: logits,
    ref: { logits: 'logits' },
  },
  {
    fx: 'heads/token-classification',
    Model: AlbertForTokenClassification,
    task: 'token-classification',
    ours: logits,
    ref: { logits: 'logits' },
  },
  {
    fx: 'heads/question-answering',
    Model: AlbertForQuestionAnswering,
    task: 'question-answering',
    ours: (o) => ({ start_logits: o.startLogits, end_logits: o.endLogits }),
    ref: { start_logits: 'start_logits', end_logits: 'end_logits' },
  },
  {
    fx: 'heads/multiple-choice',
    Model: AlbertForMultipleChoice,
    task: 'multiple-choice',
    ours: logits,
    ref: { logits: 'logits' },
  },
];

const summary: string[] = [];

describe('ONNX export: onnxruntime-node vs our forward (<= 1e-4)', () => {
  beforeAll(async () => {
    await setupBackend({ backend: 'wasm', native: false });
  });
  afterAll(() => {
    console.log(`ONNX max |ours - onnxruntime| / |HF fixture - onnxruntime|:\n${summary.join('\n')}`);
  });

  for (const spec of SPECS) {
    it(`${spec.fx} as ${spec.task}: fixture cases and a second batch/length`, async () => {
      const model: AlbertPreTrainedModel & { call(i: Any, o?: Any): Any } = await spec.Model.fromPretrained(
        fixturePath(...spec.fx.split('/')),
        { onReport: () => {} },
      );
      const before = tf.memory().numTensors;
      const bytes = exportOnnx(model, { task: spec.task });
      expect(tf.memory().numTensors).toBe(before);
      const s = await session(bytes);
      const cases: Any[] = readFixtureJson<Any>(...spec.fx.split('/'), 'cases.json').cases;
      const mc = spec.task === 'multiple-choice';
      // Different batch, length (and number of choices) from every fixture case.
      const synthetic = syntheticFeeds(mc ? [2, 3, 13] : [5, 17], model.config.vocabSize, 7);
      const runs: Array<{ name: string; feeds: Feeds; ref?: Any }> = [
        ...cases.map((c) => ({ name: c.name as string, feeds: feedsOf(c), ref: c.outputs })),
        { name: `synthetic ${shapeOf(synthetic.input_ids).join('x')}`, feeds: synthetic },
      ];
      let worstOurs = 0;
      let worstRef = 0;
      for (const run of runs) {
        const onnx = await runOnnx(s, run.feeds);
        const out = model.call(
          {
            inputIds: run.feeds.input_ids,
            attentionMask: run.feeds.attention_mask,
            tokenTypeIds: run.feeds.token_type_ids,
          },
          { returnEncoderOutputs: true },
        );
        const ours = spec.ours(out);
        expect(Object.keys(onnx).sort()).toEqual(Object.keys(ours).sort());
        for (const [name, t] of Object.entries(ours)) {
          expect(onnx[name].dims, `${run.name} ${name}`).toEqual(t.shape);
          const d = maxAbs(onnx[name].data, t.dataSync());
          expect(d, `${run.name} ${name}: max |diff| ${d}`).toBeLessThanOrEqual(ATOL);
          worstOurs = Math.max(worstOurs, d);
          if (run.ref) {
            const r = flat(run.ref[spec.ref[name]]);
            const dr = maxAbs(onnx[name].data, r);
            expect(dr, `${run.name} ${name} vs HF: ${dr}`).toBeLessThanOrEqual(ATOL);
            worstRef = Math.max(worstRef, dr);
          }
        }
        tf.dispose(out);
      }
      summary.push(
        `  ${spec.fx} ${spec.task}: ${worstOurs.toExponential(2)} / ${worstRef.toExponential(2)} (${runs.length} runs)`,
      );
      await s.release();
      model.dispose();
    });
  }

  it('albert-base-v2 shape (random weights): one file of ~4 bytes/parameter, fill-mask within 1e-4', async () => {
    const preset = presets['albert-base-v2'];
    const config = preset instanceof AlbertConfig ? preset : AlbertConfig.fromJSON(preset);
    const model = AlbertForMaskedLM.fromConfig(config, { seed: 1 });
    const bytes = exportOnnx(model);
    expect(bytes.length).toBeLessThan(model.numParameters() * 4 + 1_000_000);
    const s = await session(bytes);
    const feeds = syntheticFeeds([2, 24], config.vocabSize, 5);
    const onnx = await runOnnx(s, feeds);
    const out = model.call({
      inputIds: feeds.input_ids,
      attentionMask: feeds.attention_mask,
      tokenTypeIds: feeds.token_type_ids,
    });
    const d = maxAbs(onnx.logits.data, out.logits.dataSync());
    expect(d).toBeLessThanOrEqual(ATOL);
    summary.push(
      `  albert-base-v2 (random) fill-mask: ${d.toExponential(2)} (${(bytes.length / 2 ** 20).toFixed(1)} MiB)`,
    );
    tf.dispose(out);
    await s.release();
    model.dispose();
  });
});
