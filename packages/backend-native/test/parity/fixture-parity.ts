import { AlbertModel } from '@albert-ts/core';
import * as heads from '@albert-ts/heads';
import {
  fixturePath,
  flatten as flat,
  type GradsFixture,
  type Nested,
  readFixtureJson,
} from '@albert-ts/test-support';
import { computeGradients, pretrainingLoss } from '@albert-ts/training';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

// Every HF fixture parity check of @albert-ts/core (model-parity), @albert-ts/heads (parity) and
// @albert-ts/training (gradient-parity), as functions with those suites' tolerances (the fixtures
// README's bars), so one matrix can run them on any backend.

export const TOL = { hidden: 1e-5, attention: 1e-6, logits: 1e-5, loss: 1e-5 } as const;

// biome-ignore lint/suspicious/noExplicitAny: fixture JSON
export type Case = Record<string, any>;

function shapeOf(x: Nested): number[] {
  const s: number[] = [];
  for (let cur = x; Array.isArray(cur); cur = cur[0]) s.push(cur.length);
  return s;
}

/** Max |a - b| (NaN counts as infinite). */
function worst(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < b.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    m = Number.isNaN(d) ? Number.POSITIVE_INFINITY : Math.max(m, d);
  }
  return m;
}

function expectClose(name: string, t: tf.Tensor | undefined, ref: Nested, atol: number): void {
  expect(t, `${name} missing`).toBeDefined();
  if (typeof ref === 'number') {
    expect(t!.size, `${name} size`).toBe(1);
  } else {
    expect(t!.shape, `${name} shape`).toEqual(shapeOf(ref));
  }
  const d = worst(t!.dataSync(), flat(ref));
  expect(d, `${name}: max |diff| ${d} > ${atol}`).toBeLessThanOrEqual(atol);
}

/** Fixture folders and the model class their cases.json was made with. */
export const HEAD_DIRS = [
  'albert-tiny',
  'albert-tiny-grouped',
  'heads/masked-lm',
  'heads/multiple-choice',
  'heads/question-answering',
  'heads/sequence-classification',
  'heads/sequence-regression',
  'heads/token-classification',
] as const;
export const MODEL_DIRS = ['albert-tiny', 'albert-tiny-grouped'] as const;

export function casesOf(dir: string): { model_class: string; cases: Case[] } {
  return readFixtureJson(...dir.split('/'), 'cases.json');
}

// biome-ignore lint/suspicious/noExplicitAny: a union of model classes with their own input types
export type AnyModel = { call(inputs: any, opts?: any): any; dispose(): void };

/** Loads a fixture model, checking that every tensor was used and none is missing. */
export async function loadHead(dir: string): Promise<AnyModel> {
  const name = casesOf(dir).model_class;
  const cls = (heads as unknown as Record<string, { fromPretrained: (src: string, o: unknown) => unknown }>)[
    name
  ];
  expect(cls, `@albert-ts/heads exports ${name}`).toBeDefined();
  return cls.fromPretrained(fixturePath(...dir.split('/')), {
    onReport: (r: { missingKeys: string[]; unexpectedKeys: string[] }) => {
      expect(r.missingKeys).toEqual([]);
      expect(r.unexpectedKeys).toEqual([]);
    },
  }) as Promise<AnyModel>;
}

/** The bare encoder from a pretraining checkpoint (core's model-parity). */
export async function loadModel(dir: string): Promise<AnyModel> {
  return AlbertModel.fromPretrained(fixturePath(dir), { onReport: () => {} });
}

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
const LISTS = new Set(['hidden_states', 'attentions', 'hidden_states_per_albert_layer']);

/**
 * One cases.json case through `model`: every output the fixture has (a head model's own outputs,
 * or with `encoderOnly` the bare encoder's), hidden states and attentions, and per-albert-layer
 * hidden states where given; no tensor left behind.
 */
export function checkCase(dir: string, model: AnyModel, c: Case, encoderOnly = false): void {
  const before = tf.memory().numTensors;
  const inputs = {
    inputIds: c.input_ids,
    attentionMask: c.attention_mask,
    tokenTypeIds: c.token_type_ids,
    ...(encoderOnly
      ? {}
      : {
          labels: c.labels ?? null,
          sentenceOrderLabel: c.sentence_order_label ?? null,
          startPositions: c.start_positions ?? null,
          endPositions: c.end_positions ?? null,
        }),
  };
  const out = model.call(inputs, {
    outputHiddenStates: true,
    outputAttentions: true,
    returnEncoderOutputs: true,
  });
  const encoderKeys = ['last_hidden_state', 'pooler_output'];
  try {
    for (const [key, ref] of Object.entries(c.outputs as Record<string, Nested>)) {
      if (LISTS.has(key) || (encoderOnly && !encoderKeys.includes(key))) continue;
      const [name, tol] = OUT[key] ?? [];
      expect(name, `unhandled fixture output ${key}`).toBeDefined();
      expectClose(`${dir}/${c.name}/${key}`, out[name!], ref, tol!);
    }
    for (const [key, name, tol] of [
      ['hidden_states', 'hiddenStates', TOL.hidden],
      ['attentions', 'attentions', TOL.attention],
    ] as const) {
      const refs = c.outputs[key] as Nested[] | undefined;
      if (!refs) continue;
      expect(out[name].length, `${key} count`).toBe(refs.length);
      for (const [i, r] of refs.entries()) expectClose(`${dir}/${c.name}/${key}[${i}]`, out[name][i], r, tol);
    }
  } finally {
    tf.dispose(out);
  }
  const perLayer = c.outputs.hidden_states_per_albert_layer as Nested[] | undefined;
  if (perLayer) {
    const out2 = model.call(inputs, { outputHiddenStates: true, hiddenStatesMode: 'per-albert-layer' });
    try {
      expect(out2.hiddenStates.length).toBe(perLayer.length);
      for (const [i, r] of perLayer.entries()) {
        expectClose(`${dir}/${c.name}/per_albert_layer[${i}]`, out2.hiddenStates[i], r, TOL.hidden);
      }
    } finally {
      tf.dispose(out2);
    }
  }
  expect(tf.memory().numTensors, 'tensors left behind').toBe(before);
}

type Grads = GradsFixture;

/** What training's gradient-parity checks. */
export const GRAD_CASES = [
  ['albert-tiny', 'call'],
  ['albert-tiny-grouped', 'call'],
  ['albert-tiny', 'pretrainingLoss'],
] as const;

/**
 * HF parity of a pretraining step (grads.json): total, MLM and SOP losses (1e-5) and every
 * listed gradient, the tied word embedding included: atol 1e-6 + rtol 1e-4 of the tensor's
 * largest |gradient| (key.bias, analytically 0: atol only); tensors stored by summary: first 16
 * values, sum and L2 norm. Returns the worst |diff| / max|g|.
 */
export async function checkGradients(dir: string, path: 'call' | 'pretrainingLoss'): Promise<number> {
  const g = readFixtureJson<Grads>(dir, 'grads.json');
  const model = await heads.AlbertForPreTraining.fromPretrained(fixturePath(dir), { onReport: () => {} });
  const base = tf.memory().numTensors;
  const batch = {
    inputIds: g.input_ids,
    attentionMask: g.attention_mask,
    tokenTypeIds: g.token_type_ids,
    labels: g.labels,
    sentenceOrderLabel: g.sentence_order_label,
  };
  const scalars: Record<string, number> = {};
  const { value, grads } = computeGradients(model.namedParameters(), () => {
    type Parts = { loss?: tf.Scalar; mlmLoss?: tf.Scalar; sopLoss?: tf.Scalar };
    let out: Parts;
    if (path === 'call') out = model.call(batch, { training: false });
    else {
      const r = pretrainingLoss(model, batch, { training: false });
      out = { loss: r.loss, ...(r.extras as Parts) };
    }
    scalars.mlm = out.mlmLoss!.dataSync()[0];
    scalars.sop = out.sopLoss!.dataSync()[0];
    return out.loss!;
  });
  expect(Math.abs((await value.data())[0] - g.loss), 'loss').toBeLessThanOrEqual(TOL.loss);
  expect(Math.abs(scalars.mlm - g.mlm_loss), 'mlm_loss').toBeLessThanOrEqual(TOL.loss);
  expect(Math.abs(scalars.sop - g.sop_loss), 'sop_loss').toBeLessThanOrEqual(TOL.loss);
  const names = Object.keys(g.params);
  expect(names).toContain('albert.embeddings.word_embeddings.weight');
  let worstRel = 0;
  for (const name of names) {
    const ref = g.params[name];
    const gt = grads.get(name);
    expect(gt, `no gradient for ${name}`).toBeDefined();
    const hf = model.toHfLayout(name, gt!);
    expect(hf.shape, name).toEqual(ref.shape);
    const data = await hf.data();
    hf.dispose();
    const keyBias = name.endsWith('attention.key.bias');
    const tol = 1e-6 + (keyBias ? 0 : 1e-4 * ref.max_abs_float64);
    const want = ref.grad ? flat(ref.grad as Nested) : ref.first16;
    const d = worst(data.subarray(0, want.length), want);
    expect(d, `${dir} ${name}: max |diff| ${d} > ${tol}`).toBeLessThanOrEqual(tol);
    if (!keyBias) worstRel = Math.max(worstRel, d / ref.max_abs_float64);
    if (!ref.grad) {
      let sum = 0;
      let sq = 0;
      for (const x of data) {
        sum += x;
        sq += x * x;
      }
      const t2 = 1e-6 * Math.sqrt(data.length) + 1e-4 * ref.max_abs_float64;
      expect(Math.abs(sum - ref.sum), `${name} sum`).toBeLessThanOrEqual(t2);
      expect(Math.abs(Math.sqrt(sq) - ref.l2_norm), `${name} l2`).toBeLessThanOrEqual(t2);
    }
  }
  value.dispose();
  for (const t of grads.values()) t.dispose();
  expect(tf.memory().numTensors, 'tensors left behind').toBe(base);
  model.dispose();
  return worstRel;
}
