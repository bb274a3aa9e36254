import { setupBackend } from '@albert-ts/core';
import { AlbertForPreTraining } from '@albert-ts/heads';
import { fixturePath, flatten as flat, type GradsFixture, readFixtureJson } from '@albert-ts/test-support';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { computeGradients, pretrainingLoss } from '../src/index.js';

type Grads = GradsFixture;

/** atol 1e-6 + rtol 1e-4 of the tensor's largest |gradient| (fixtures README). */
function check(name: string, actual: ArrayLike<number>, expected: number[], maxAbs: number) {
  const keyBias = name.endsWith('attention.key.bias');
  const tol = 1e-6 + (keyBias ? 0 : 1e-4 * maxAbs);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst, `${name}: max |diff| ${worst} > ${tol}`).toBeLessThanOrEqual(tol);
  return keyBias ? 0 : worst / maxAbs;
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`gradient parity with HF (${backend})`, () => {
    for (const [dir, path] of [
      ['albert-tiny', 'call'],
      ['albert-tiny-grouped', 'call'],
      ['albert-tiny', 'pretrainingLoss'],
    ] as const) {
      it(`${dir} via ${path}: losses and every listed gradient, tied word embedding included`, async () => {
        await setupBackend({ backend, native: false });
        expect(tf.getBackend()).toBe(backend);
        const g = readFixtureJson<Grads>(dir, 'grads.json');
        const model = await AlbertForPreTraining.fromPretrained(fixturePath(dir));
        const base = tf.memory().numTensors;
        const params = model.namedParameters();
        const scalars: Record<string, number> = {};
        const batch = {
          inputIds: g.input_ids,
          attentionMask: g.attention_mask,
          tokenTypeIds: g.token_type_ids,
          labels: g.labels,
          sentenceOrderLabel: g.sentence_order_label,
        };
        const { value, grads } = computeGradients(params, () => {
          let loss: tf.Scalar;
          let parts: { mlmLoss?: tf.Scalar; sopLoss?: tf.Scalar };
          if (path === 'call') {
            const out = model.call(batch, { training: false });
            loss = out.loss!;
            parts = out;
          } else {
            const out = pretrainingLoss(model, batch, { training: false });
            loss = out.loss;
            parts = out.extras;
          }
          scalars.mlm = parts.mlmLoss!.dataSync()[0];
          scalars.sop = parts.sopLoss!.dataSync()[0];
          return loss;
        });
        expect(Math.abs((await value.data())[0] - g.loss)).toBeLessThanOrEqual(1e-5);
        expect(Math.abs(scalars.mlm - g.mlm_loss)).toBeLessThanOrEqual(1e-5);
        expect(Math.abs(scalars.sop - g.sop_loss)).toBeLessThanOrEqual(1e-5);
        const names = Object.keys(g.params);
        expect(names).toContain('albert.embeddings.word_embeddings.weight');
        let worstRel = 0;
        for (const name of names) {
          const ref = g.params[name];
          const gt = grads.get(name);
          expect(gt, `no gradient for ${name}`).toBeDefined();
          const hf = model.toHfLayout(name, gt!);
          expect(hf.shape).toEqual(ref.shape);
          const data = await hf.data();
          hf.dispose();
          if (ref.grad) worstRel = Math.max(worstRel, check(name, data, flat(ref.grad), ref.max_abs_float64));
          else {
            // Large tensors (the word embedding, 512×16): first 16 values, sum and L2 norm.
            worstRel = Math.max(worstRel, check(`${name}[0:16]`, data, ref.first16, ref.max_abs_float64));
            let sum = 0;
            let sq = 0;
            for (const x of data) {
              sum += x;
              sq += x * x;
            }
            const tol = 1e-6 * Math.sqrt(data.length) + 1e-4 * ref.max_abs_float64;
            expect(Math.abs(sum - ref.sum), `${name} sum`).toBeLessThanOrEqual(tol);
            expect(Math.abs(Math.sqrt(sq) - ref.l2_norm), `${name} l2`).toBeLessThanOrEqual(tol);
          }
        }
        console.log(
          `${backend} ${dir} ${path}: ${names.length} gradients, worst |diff|/max|g| = ${worstRel.toExponential(2)}`,
        );
        value.dispose();
        for (const t of grads.values()) t.dispose();
        expect(tf.memory().numTensors).toBe(base);
        model.dispose();
      });
    }
  });
}
