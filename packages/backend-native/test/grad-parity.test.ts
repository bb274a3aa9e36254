import { AlbertModel } from '@albert-ts/core';
import { AlbertForPreTraining } from '@albert-ts/heads';
import {
  fixturePath,
  flatten as flat,
  type GradsFixture,
  type Nested,
  readFixtureJson,
} from '@albert-ts/test-support';
import { computeGradients } from '@albert-ts/training';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { nativeOn } from './helpers.js';

// HF parity of a pretraining step's loss and gradients on the native path, where core's model
// runs its fused ops (LayerNorm, GELU, attention kernels) by default, plus forward parity with
// attention maps. Forward tolerances: the fixtures README's bars; gradients: tighter than the
// parity matrix's, relative (see gradientParity).

type Grads = GradsFixture;

function worstDiff(actual: ArrayLike<number>, expected: number[]): number {
  let w = 0;
  for (let i = 0; i < expected.length; i++) w = Math.max(w, Math.abs(actual[i] - expected[i]) || 0);
  return w;
}

async function gradientParity(dir: string): Promise<void> {
  const g = readFixtureJson<Grads>(dir, 'grads.json');
  const model = await AlbertForPreTraining.fromPretrained(fixturePath(dir), { onReport: () => {} });
  const params = model.namedParameters();
  const base = tf.memory().numTensors;
  const { value, grads } = computeGradients(
    params,
    () =>
      model.call(
        {
          inputIds: g.input_ids,
          attentionMask: g.attention_mask,
          tokenTypeIds: g.token_type_ids,
          labels: g.labels,
          sentenceOrderLabel: g.sentence_order_label,
        },
        { training: false },
      ).loss!,
  );
  expect(Math.abs((await value.data())[0] - g.loss)).toBeLessThanOrEqual(1e-5);
  for (const [name, ref] of Object.entries(g.params)) {
    const hf = model.toHfLayout(name, grads.get(name)!);
    expect(hf.shape, name).toEqual(ref.shape);
    const data = await hf.data();
    hf.dispose();
    // Relative to the tensor's largest gradient (the README's atol 1e-6 would hide errors in the
    // tiny query/key gradients of these random-init models); key.bias is analytically 0.
    const tol = name.endsWith('attention.key.bias') ? 1e-8 : 1e-9 + 3e-5 * ref.max_abs_float64;
    const worst = worstDiff(data, ref.grad ? flat(ref.grad) : ref.first16);
    expect(worst, `${dir} ${name}: max |diff| ${worst} > ${tol}`).toBeLessThanOrEqual(tol);
    if (!ref.grad) {
      let sq = 0;
      for (const x of data) sq += x * x;
      const t2 = 1e-6 * Math.sqrt(data.length) + 1e-4 * ref.max_abs_float64;
      expect(Math.abs(Math.sqrt(sq) - ref.l2_norm), `${name} l2`).toBeLessThanOrEqual(t2);
    }
  }
  value.dispose();
  for (const t of grads.values()) t.dispose();
  expect(tf.memory().numTensors).toBe(base);
  model.dispose();
}

interface Case {
  input_ids: number[][];
  attention_mask: number[][] | null;
  token_type_ids: number[][] | null;
  outputs: { last_hidden_state: Nested; attentions: Nested[] };
}

describe('HF gradient parity on the native path', () => {
  beforeAll(nativeOn);

  // Every backend with training's tolerances: parity-matrix.test.ts; here the tighter bars.
  describe('the model as core runs it (fused ops)', () => {
    it('loss and every gradient', async () => {
      await gradientParity('albert-tiny');
      await gradientParity('albert-tiny-grouped');
    });

    it('forward: hidden states and attention probabilities', async () => {
      for (const dir of ['albert-tiny', 'albert-tiny-grouped']) {
        const model = await AlbertModel.fromPretrained(fixturePath(dir), { onReport: () => {} });
        for (const c of readFixtureJson<{ cases: Case[] }>(dir, 'cases.json').cases) {
          const out = model.call(
            {
              inputIds: c.input_ids,
              attentionMask: c.attention_mask ?? undefined,
              tokenTypeIds: c.token_type_ids ?? undefined,
            },
            { outputAttentions: true },
          );
          expect(worstDiff(await out.lastHiddenState.data(), flat(c.outputs.last_hidden_state))).toBeLessThan(
            1e-5,
          );
          for (let i = 0; i < c.outputs.attentions.length; i++) {
            expect(worstDiff(await out.attentions![i].data(), flat(c.outputs.attentions[i]))).toBeLessThan(
              1e-6,
            );
          }
          tf.dispose(out as unknown as tf.TensorContainer);
        }
        model.dispose();
      }
    });
  });
});
