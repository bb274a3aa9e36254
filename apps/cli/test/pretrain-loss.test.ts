import * as core from '@albert-ts/core';
import { AlbertForPreTraining } from '@albert-ts/heads';
import { fixturePath, readFixtureJson } from '@albert-ts/test-support';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PretrainBatch } from '../src/lib/pretrain-data.js';
import { maskedPretrainLoss, maskedPretrainMetrics } from '../src/lib/pretrain-loss.js';

interface Grads {
  input_ids: number[][];
  attention_mask: number[][];
  token_type_ids: number[][];
  labels: number[][];
  sentence_order_label: number[];
  loss: number;
  mlm_loss: number;
  sop_loss: number;
  params: Record<string, { l2_norm: number; sum: number }>;
}

// The demo computes the MLM head only at masked positions (as Google's run_pretraining.py does).
// It must give HF's loss and HF's gradients: checked against the fixtures of HF's own model.
describe.each(['albert-tiny', 'albert-tiny-grouped'])('masked-position pretraining loss on %s', (dir) => {
  let model: AlbertForPreTraining;
  let g: Grads;
  let batch: PretrainBatch;
  beforeAll(async () => {
    await core.setupBackend({ backend: 'cpu' });
    model = await AlbertForPreTraining.fromPretrained(fixturePath(dir), { onReport: () => {} });
    g = readFixtureJson<Grads>(dir, 'grads.json');
    batch = {
      inputIds: g.input_ids,
      attentionMask: g.attention_mask,
      tokenTypeIds: g.token_type_ids,
      labels: g.labels,
      sentenceOrderLabel: g.sentence_order_label,
    };
  });

  it('loss, mlm and sop losses equal HF (1e-5)', async () => {
    const before = tf.memory().numTensors;
    const out = maskedPretrainLoss(core)(model, batch, false);
    expect((await out.loss.data())[0]).toBeCloseTo(g.loss, 5);
    expect((await out.extras.mlmLoss!.data())[0]).toBeCloseTo(g.mlm_loss, 5);
    expect((await out.extras.sopLoss!.data())[0]).toBeCloseTo(g.sop_loss, 5);
    tf.dispose([out.loss, ...Object.values(out.extras)]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('held-out metrics: HF losses, and accuracies equal to argmax of the full model.call logits', async () => {
    const m = await maskedPretrainMetrics(core, model, [batch]);
    expect(m.mlm_loss).toBeCloseTo(g.mlm_loss, 5);
    expect(m.sop_loss).toBeCloseTo(g.sop_loss, 5);
    const out = model.call(batch);
    const logits = (await out.predictionLogits.array()) as number[][][];
    const sop = (await out.sopLogits.array()) as number[][];
    tf.dispose(Object.values(out) as tf.Tensor[]);
    const argmax = (xs: number[]) => xs.indexOf(Math.max(...xs));
    let hits = 0;
    let n = 0;
    batch.labels.forEach((row, b) => {
      row.forEach((y, s) => {
        if (y === -100) return;
        n += 1;
        if (argmax(logits[b]![s]!) === y) hits += 1;
      });
    });
    expect(m.mlm_accuracy).toBe(hits / n);
    const sopHits = sop.filter((l, b) => argmax(l) === batch.sentenceOrderLabel[b]).length;
    expect(m.sop_accuracy).toBe(sopHits / sop.length);
  });

  it('gradients equal HF (L2 norm of the gradient of every parameter, rtol 1e-4)', async () => {
    const vars = model.namedParameters();
    const { grads } = tf.variableGrads(
      () => maskedPretrainLoss(core)(model, batch, false).loss,
      vars.map(([, v]) => v),
    );
    let checked = 0;
    for (const [name, v] of vars) {
      const ref = g.params[name];
      if (!ref || name.endsWith('attention.key.bias')) continue;
      const hf = model.toHfLayout(name, grads[v.name]!);
      const l2 = Math.sqrt((await tf.sum(tf.square(hf)).data())[0]!);
      expect(Math.abs(l2 - ref.l2_norm)).toBeLessThanOrEqual(1e-6 + 1e-4 * ref.l2_norm);
      hf.dispose();
      checked += 1;
    }
    tf.dispose(Object.values(grads));
    expect(checked).toBeGreaterThan(15);
  });
});
