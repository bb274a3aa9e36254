import { setupBackend } from '@albert-ts/core';
import { AlbertForPreTraining } from '@albert-ts/heads';
import { fixturePath, readFixtureJson } from '@albert-ts/test-support';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluatePretraining, type PretrainingBatch, pretrainingLoss } from '../src/index.js';

/** The fields of HF's grads.json this test reads (see the fixtures README). */
type Grads = Record<'input_ids' | 'attention_mask' | 'token_type_ids' | 'labels', number[][]> &
  Record<'loss' | 'mlm_loss' | 'sop_loss', number> & {
    sentence_order_label: number[];
    params: Record<string, { l2_norm: number }>;
  };

// The gathered path (MLM head only at masked positions, as Google's run_pretraining.py does) must
// give HF's losses, gradients and accuracies, on a shared and a grouped model: checked against the
// fixtures of HF's own model (gradient-parity.test.ts checks every gradient of albert-tiny).
describe.each(['albert-tiny', 'albert-tiny-grouped'])('masked-position pretraining loss on %s', (dir) => {
  let model: AlbertForPreTraining;
  let g: Grads;
  let batch: PretrainingBatch;
  beforeAll(async () => {
    await setupBackend({ backend: 'cpu' });
    model = await AlbertForPreTraining.fromPretrained(fixturePath(dir), { onReport: () => {} });
    g = readFixtureJson<Grads>(dir, 'grads.json');
    const { input_ids: inputIds, attention_mask: attentionMask, token_type_ids: tokenTypeIds } = g;
    batch = {
      inputIds,
      attentionMask,
      tokenTypeIds,
      labels: g.labels,
      sentenceOrderLabel: g.sentence_order_label,
    };
  });

  it('loss, mlm and sop losses equal HF (1e-5)', async () => {
    const before = tf.memory().numTensors;
    const out = pretrainingLoss(model, batch, { training: false });
    expect((await out.loss.data())[0]).toBeCloseTo(g.loss, 5);
    expect((await out.extras.mlmLoss!.data())[0]).toBeCloseTo(g.mlm_loss, 5);
    expect((await out.extras.sopLoss!.data())[0]).toBeCloseTo(g.sop_loss, 5);
    tf.dispose([out.loss, ...Object.values(out.extras)]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('held-out metrics: HF losses, and accuracies equal to argmax of the full model.call logits', async () => {
    const m = await evaluatePretraining(model, [batch]);
    expect(m.mlmLoss).toBeCloseTo(g.mlm_loss, 5);
    expect(m.sopLoss).toBeCloseTo(g.sop_loss, 5);
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
    expect(m.mlmAccuracy).toBe(hits / n);
    const sopHits = sop.filter((l, b) => argmax(l) === batch.sentenceOrderLabel[b]).length;
    expect(m.sopAccuracy).toBe(sopHits / sop.length);
  });

  it('gradients equal HF (L2 norm of the gradient of every parameter, rtol 1e-4)', async () => {
    const vars = model.namedParameters();
    const { grads } = tf.variableGrads(
      () => pretrainingLoss(model, batch, { training: false }).loss,
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
