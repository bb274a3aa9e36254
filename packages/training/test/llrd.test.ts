import '@tensorflow/tfjs-backend-cpu';
import { readFixtureBytes } from '@albert-ts/test-support';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdamW, layerwiseLrDecay, parameterDepth, TrainingError } from '../src/index.js';

/** Tensor names stored in an HF safetensors file (read from its JSON header). */
function safetensorsNames(...parts: string[]): string[] {
  const bytes = readFixtureBytes(...parts);
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  return Object.keys(header).filter((k) => k !== '__metadata__');
}

/** The level each name should get, spelled out per name family (see parameterDepth's doc). */
function intendedLevel(name: string, groups: number): number {
  if (/^albert\.embeddings\.(word|position|token_type)_embeddings\.weight$/.test(name)) return 0;
  if (/^albert\.embeddings\.LayerNorm\.(weight|bias)$/.test(name)) return 0;
  if (/^albert\.encoder\.embedding_hidden_mapping_in\.(weight|bias)$/.test(name)) return 0;
  const m = /^albert\.encoder\.albert_layer_groups\.(\d)\.albert_layers\.\d\./.exec(name);
  if (m) return Number(m[1]) + 1;
  if (/^albert\.pooler\./.test(name)) return groups + 1;
  if (/^(predictions|sop_classifier|classifier|qa_outputs)\./.test(name)) return groups + 1;
  throw new Error(`test does not know ${name}`);
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('layer-wise learning-rate decay', () => {
  for (const [dir, groups] of [
    ['albert-tiny', 1],
    ['albert-tiny-grouped', 2],
  ] as const) {
    it(`gives every HF parameter of ${dir} its level's rate (${groups} group(s))`, () => {
      const names = [...safetensorsNames(dir, 'model.safetensors'), 'classifier.weight', 'qa_outputs.bias'];
      expect(names.length).toBeGreaterThan(20);
      const decay = 0.7;
      const scales = layerwiseLrDecay(names, { decay });
      const top = groups + 1;
      for (const n of names) {
        expect(scales.get(n), n).toBeCloseTo(decay ** (top - intendedLevel(n, groups)), 15);
        expect(parameterDepth(n, groups), n).toBe(intendedLevel(n, groups));
      }
      // One shared group: embeddings < shared encoder < head, exactly three distinct rates.
      const distinct = new Set(scales.values());
      expect(distinct.size).toBe(groups + 2);
      expect(scales.get('albert.embeddings.word_embeddings.weight')).toBeCloseTo(decay ** top, 15);
      expect(scales.get('predictions.bias')).toBe(1);
    });
  }

  it('the optimizer applies the scaled rate to each parameter', () => {
    const names = safetensorsNames('albert-tiny-grouped', 'model.safetensors');
    const scales = layerwiseLrDecay(names, { decay: 0.5 });
    const params = names.map((n) => [n, tf.variable(tf.zeros([3]), true)] as [string, tf.Variable]);
    const opt = new AdamW(params, { lr: 0.1, weightDecay: 0, lrScales: scales });
    const grads = new Map(names.map((n) => [n, tf.ones([3])]));
    opt.applyGradients(grads).gradNorm.dispose();
    // The first bias-corrected Adam step moves each weight by lr·scale·g/(|g|+ε') ≈ lr·scale.
    for (const [n, v] of params) {
      const expected = -0.1 * 0.5 ** (3 - intendedLevel(n, 2));
      for (const x of v.dataSync()) expect(x, n).toBeCloseTo(expected, 6);
    }
    opt.dispose();
    for (const g of grads.values()) g.dispose();
    for (const [, v] of params) v.dispose();
  });

  it('rejects impossible inputs', () => {
    expect(() => layerwiseLrDecay(['a'], { decay: 0 })).toThrow(TrainingError);
    expect(() => layerwiseLrDecay(['a'], { decay: 1.5 })).toThrow(/decay/);
    expect(() => parameterDepth('albert.encoder.albert_layer_groups.3.albert_layers.0.ffn.bias', 2)).toThrow(
      /group 3/,
    );
    expect(() => parameterDepth('albert.encoder.mystery.weight', 1)).toThrow(/no depth/);
  });
});
