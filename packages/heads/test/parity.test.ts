import { setupBackend } from '@albert-ts/core';
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
} from '../src/index.js';
import { BACKENDS, expectClose, expectScalarClose, TOL } from './helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: fixture JSON
type Case = Record<string, any>;
interface Cases {
  cases: Case[];
}

const DIRS = {
  'albert-tiny': AlbertForPreTraining,
  'albert-tiny-grouped': AlbertForPreTraining,
  'heads/masked-lm': AlbertForMaskedLM,
  'heads/sequence-classification': AlbertForSequenceClassification,
  'heads/sequence-regression': AlbertForSequenceClassification,
  'heads/token-classification': AlbertForTokenClassification,
  'heads/question-answering': AlbertForQuestionAnswering,
  'heads/multiple-choice': AlbertForMultipleChoice,
} as const;

const cases = new Map<string, Cases>();
for (const dir of Object.keys(DIRS)) cases.set(dir, readFixtureJson<Cases>(...dir.split('/'), 'cases.json'));

function inputsOf(c: Case): Record<string, unknown> {
  return {
    inputIds: c.input_ids,
    attentionMask: c.attention_mask,
    tokenTypeIds: c.token_type_ids,
    labels: c.labels ?? null,
    sentenceOrderLabel: c.sentence_order_label ?? null,
    startPositions: c.start_positions ?? null,
    endPositions: c.end_positions ?? null,
  };
}

/** camelCase output name of each fixture output key. */
const OUT: Record<string, [string, number]> = {
  last_hidden_state: ['lastHiddenState', TOL.hidden],
  pooler_output: ['poolerOutput', TOL.logits],
  prediction_logits: ['predictionLogits', TOL.logits],
  sop_logits: ['sopLogits', TOL.logits],
  logits: ['logits', TOL.logits],
  start_logits: ['startLogits', TOL.logits],
  end_logits: ['endLogits', TOL.logits],
  loss: ['loss', TOL.loss],
  mlm_loss: ['mlmLoss', TOL.loss],
  sop_loss: ['sopLoss', TOL.loss],
};

for (const backend of BACKENDS) {
  describe(`parity with HF fixtures on ${backend}`, () => {
    beforeAll(async () => {
      const info = await setupBackend({ backend, native: false });
      expect(info.backend).toBe(backend);
    });

    for (const [dir, Model] of Object.entries(DIRS)) {
      describe(dir, () => {
        // biome-ignore lint/suspicious/noExplicitAny: each model class has its own input type
        let model: any;
        beforeAll(async () => {
          // biome-ignore lint/suspicious/noExplicitAny: a union of model classes
          model = await (Model as any).fromPretrained(fixturePath(...dir.split('/')), {
            onReport: (r: { missingKeys: string[]; unexpectedKeys: string[] }) => {
              expect(r.missingKeys).toEqual([]);
              expect(r.unexpectedKeys).toEqual([]);
            },
          });
        });
        afterAll(() => model?.dispose());

        for (const c of cases.get(dir)!.cases) {
          it(c.name, () => {
            const before = tf.memory().numTensors;
            const perCall = c.outputs.hidden_states_per_albert_layer !== undefined;
            const out = model.call(inputsOf(c), {
              outputHiddenStates: true,
              outputAttentions: true,
              returnEncoderOutputs: true,
            });
            try {
              const o = c.outputs;
              for (const [key, ref] of Object.entries(o)) {
                if (
                  key === 'hidden_states' ||
                  key === 'attentions' ||
                  key === 'hidden_states_per_albert_layer'
                )
                  continue;
                const [name, tol] = OUT[key] ?? [];
                expect(name, `unhandled fixture output ${key}`).toBeDefined();
                if (typeof ref === 'number')
                  expectScalarClose(`${dir}/${c.name}/${key}`, out[name!], ref, tol!);
                else expectClose(`${dir}/${c.name}/${key}`, out[name!], ref as number[], tol!);
              }
              if (o.hidden_states) {
                expect(out.hiddenStates.length).toBe(o.hidden_states.length);
                for (const [i, h] of (o.hidden_states as number[][]).entries()) {
                  expectClose(`${dir}/${c.name}/hidden_states[${i}]`, out.hiddenStates[i], h, TOL.hidden);
                }
              }
              if (o.attentions) {
                expect(out.attentions.length).toBe(o.attentions.length);
                for (const [i, a] of (o.attentions as number[][]).entries()) {
                  expectClose(`${dir}/${c.name}/attentions[${i}]`, out.attentions[i], a, TOL.attention);
                }
              }
            } finally {
              tf.dispose(out);
            }
            if (perCall) {
              const out2 = model.call(inputsOf(c), {
                outputHiddenStates: true,
                hiddenStatesMode: 'per-albert-layer',
              });
              try {
                const ref = c.outputs.hidden_states_per_albert_layer as number[][];
                expect(out2.hiddenStates.length).toBe(ref.length);
                for (const [i, h] of ref.entries()) {
                  expectClose(`${c.name}/per_albert_layer[${i}]`, out2.hiddenStates[i], h, TOL.hidden);
                }
              } finally {
                tf.dispose(out2);
              }
            }
            expect(tf.memory().numTensors).toBe(before);
          });
        }
      });
    }
  });
}
