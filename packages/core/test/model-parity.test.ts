import { fixturePath, readFixtureJson } from '@albert-ts/test-support';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlbertModel, type LoadReport, setupBackend } from '../src/index.js';
import { BACKENDS, expectClose, TOL } from './helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: fixture JSON
type Case = Record<string, any>;

// The bare encoder loaded from the pretraining checkpoints (HF strips the `albert.` prefix and
// reports the head tensors as unexpected). Head outputs are covered in @albert-ts/heads.
for (const backend of BACKENDS) {
  describe(`AlbertModel parity on ${backend}`, () => {
    beforeAll(async () => {
      expect((await setupBackend({ backend, native: false })).backend).toBe(backend);
    });
    for (const dir of ['albert-tiny', 'albert-tiny-grouped']) {
      describe(dir, () => {
        let model: AlbertModel;
        let report: LoadReport;
        const { cases } = readFixtureJson<{ cases: Case[] }>(dir, 'cases.json');
        beforeAll(async () => {
          model = await AlbertModel.fromPretrained(fixturePath(dir), { onReport: (r) => (report = r) });
        });
        afterAll(() => model.dispose());

        it('reports the pretraining head tensors as unexpected, nothing missing', () => {
          expect(report.missingKeys).toEqual([]);
          expect(report.unexpectedKeys.sort()).toEqual([
            'predictions.LayerNorm.bias',
            'predictions.LayerNorm.weight',
            'predictions.bias',
            'predictions.dense.bias',
            'predictions.dense.weight',
            'sop_classifier.classifier.bias',
            'sop_classifier.classifier.weight',
          ]);
        });

        for (const c of cases) {
          it(c.name, () => {
            const before = tf.memory().numTensors;
            const out = model.call(
              { inputIds: c.input_ids, attentionMask: c.attention_mask, tokenTypeIds: c.token_type_ids },
              { outputHiddenStates: true, outputAttentions: true },
            );
            expectClose('last_hidden_state', out.lastHiddenState, c.outputs.last_hidden_state, TOL.hidden);
            expectClose('pooler_output', out.poolerOutput, c.outputs.pooler_output, TOL.logits);
            expect(out.hiddenStates!.length).toBe(c.outputs.hidden_states.length);
            for (const [i, h] of (c.outputs.hidden_states as number[][]).entries()) {
              expectClose(`hidden_states[${i}]`, out.hiddenStates![i], h, TOL.hidden);
            }
            expect(out.attentions!.length).toBe(c.outputs.attentions.length);
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
}
