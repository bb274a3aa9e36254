import * as heads from '@albert-ts/heads';
import { fixturePath, readFixtureJson } from '@albert-ts/test-support';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patchFusedOps } from '../bench/fused-patch.mjs';
import { nativeOn } from './helpers.js';

// Every task head of the fixtures (HF outputs and losses) on the native path with core's fused
// ops patched in. Bars: the fixtures README's (logits/loss 1e-5).

type Nested = number | Nested[];
const flat = (x: Nested): number[] => (Array.isArray(x) ? x.flatMap(flat) : [x]);
interface Case {
  name: string;
  input_ids: Nested;
  attention_mask: Nested | null;
  token_type_ids: Nested | null;
  labels?: Nested;
  start_positions?: Nested;
  end_positions?: Nested;
  outputs: Record<string, Nested>;
}
type Model = { call(inputs: unknown): Record<string, tf.Tensor | undefined>; dispose(): void };
type ModelClass = { fromPretrained(src: string, o?: unknown): Promise<Model> };

const OUTPUTS: Record<string, string> = {
  logits: 'logits',
  start_logits: 'startLogits',
  end_logits: 'endLogits',
  loss: 'loss',
};

async function headParity(task: string): Promise<void> {
  const file = readFixtureJson<{ model_class: string; cases: Case[] }>('heads', task, 'cases.json');
  const cls = (heads as unknown as Record<string, ModelClass>)[file.model_class];
  expect(cls, `@albert-ts/heads exports ${file.model_class}`).toBeDefined();
  const model = await cls.fromPretrained(fixturePath('heads', task), { onReport: () => {} });
  const before = tf.memory().numTensors;
  for (const c of file.cases) {
    const out = model.call({
      inputIds: c.input_ids,
      attentionMask: c.attention_mask ?? undefined,
      tokenTypeIds: c.token_type_ids ?? undefined,
      labels: c.labels,
      startPositions: c.start_positions,
      endPositions: c.end_positions,
    });
    for (const [hf, ours] of Object.entries(OUTPUTS)) {
      if (!(hf in c.outputs)) continue;
      const t = out[ours];
      expect(t, `${task} ${c.name}: ${ours}`).toBeDefined();
      const got = await t!.data();
      const want = flat(c.outputs[hf]);
      let worst = 0;
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]) || 0);
      expect(got.length).toBe(want.length);
      expect(worst, `${task} ${c.name}: ${ours} max |diff| ${worst}`).toBeLessThan(1e-5);
    }
    tf.dispose(out as unknown as tf.TensorContainer);
  }
  expect(tf.memory().numTensors).toBe(before);
  model.dispose();
}

const TASKS = [
  'masked-lm',
  'multiple-choice',
  'question-answering',
  'sequence-classification',
  'sequence-regression',
  'token-classification',
];

// The heads as written run in parity-matrix.test.ts (every backend); here: with core's fused ops.
describe('task heads: HF parity on the native path with core fused ops', () => {
  let undo: () => void;
  beforeAll(async () => {
    await nativeOn();
    undo = await patchFusedOps();
  });
  afterAll(() => undo());
  for (const task of TASKS) it(task, () => headParity(task));
});
