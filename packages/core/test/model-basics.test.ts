import { readFixtureJson } from '@albert-ts/test-support';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AlbertConfig,
  AlbertModel,
  activationNames,
  getActivation,
  presets,
  setupBackend,
} from '../src/index.js';

const tiny = () => AlbertConfig.fromJSON(readFixtureJson('albert-tiny-grouped', 'config.json'));

function erf(x: number): number {
  // Series / continued fraction with ~1e-15 accuracy (reference for the test only).
  const t = Math.abs(x);
  if (t < 3) {
    let sum = t;
    let term = t;
    for (let n = 1; n < 100; n++) {
      term *= (-t * t) / n;
      sum += term / (2 * n + 1);
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  return Math.sign(x) * (1 - (Math.exp(-t * t) / (t * Math.sqrt(Math.PI))) * (1 - 1 / (2 * t * t)));
}

describe('model basics', () => {
  beforeAll(async () => {
    await setupBackend({ backend: 'cpu' });
  });

  it('albert-base-v2 holds ~11.7M distinct parameters once (shared layer = one object)', () => {
    const before = tf.memory();
    const m = AlbertModel.fromConfig(presets['albert-base-v2'], { seed: 1 });
    const vars = m.namedParameters();
    const count = vars.reduce((s, [, v]) => s + v.size, 0);
    expect(count).toBe(11_683_584); // HF albert-base-v2 AlbertModel
    expect(m.numParameters()).toBe(count);
    expect(tf.memory().numBytes - before.numBytes).toBe(count * 4);
    expect(m.albert.encoder.albert_layer_groups.items.length).toBe(1);
    // 12 layer applications, one set of variables.
    expect(vars.filter(([n]) => n.includes('albert_layers')).length).toBe(16);
    expect(new Set(vars.map(([, v]) => v.name)).size).toBe(vars.length);
    m.dispose();
    expect(tf.memory().numTensors).toBe(before.numTensors);
  });

  it('fromConfig is deterministic for a seed and follows HF init', () => {
    const a = AlbertModel.fromConfig(tiny(), { seed: 3 });
    const b = AlbertModel.fromConfig(tiny(), { seed: 3 });
    const c = AlbertModel.fromConfig(tiny(), { seed: 4 });
    const sa = a.stateDict();
    const sb = b.stateDict();
    const sc = c.stateDict();
    for (const [n, t] of sa) expect(sb.get(n)!.arraySync(), n).toEqual(t.arraySync());
    const w = sa.get('embeddings.word_embeddings.weight')!;
    expect(w.arraySync()).not.toEqual(sc.get('embeddings.word_embeddings.weight')!.arraySync());
    // padding row zero, N(0, 0.02) elsewhere; zero biases; LayerNorm 1/0.
    expect((w.arraySync() as number[][])[0].every((x) => x === 0)).toBe(true);
    const rest = tf.slice(w, [1, 0], [-1, -1]);
    const { mean, variance } = tf.moments(rest);
    expect(Math.abs(mean.dataSync()[0])).toBeLessThan(0.002);
    expect(Math.abs(Math.sqrt(variance.dataSync()[0]) - 0.02)).toBeLessThan(0.001);
    expect(
      sa
        .get('pooler.bias')!
        .dataSync()
        .every((x) => x === 0),
    ).toBe(true);
    expect(
      sa
        .get('embeddings.LayerNorm.weight')!
        .dataSync()
        .every((x) => x === 1),
    ).toBe(true);
    tf.dispose([...sa.values(), ...sb.values(), ...sc.values(), rest, mean, variance]);
    for (const m of [a, b, c]) m.dispose();
  });

  it('two instances have distinct tfjs variable names (no engine clash)', () => {
    const a = AlbertModel.fromConfig(tiny(), { seed: 1 });
    const b = AlbertModel.fromConfig(tiny(), { seed: 1 });
    const na = new Set(a.namedParameters().map(([, v]) => v.name));
    expect(b.namedParameters().some(([, v]) => na.has(v.name))).toBe(false);
    a.dispose();
    b.dispose();
    expect(() => a.call({ inputIds: [[1]] })).toThrow(/dispose/);
  });

  it('100 calls leave tf.memory().numTensors at its baseline, in training mode too', () => {
    const cfg = tiny().with({ hiddenDropoutProb: 0.1, attentionProbsDropoutProb: 0.1 });
    const m = AlbertModel.fromConfig(cfg, { seed: 2 });
    const base = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) {
      const out = m.call(
        { inputIds: [[2, 5, 6, 3]], attentionMask: [[1, 1, 1, 0]] },
        { training: i % 2 === 0, outputHiddenStates: i % 3 === 0, outputAttentions: i % 5 === 0 },
      );
      tf.dispose(out as unknown as tf.TensorContainer);
    }
    expect(tf.memory().numTensors).toBe(base);
    // Dropout is on only in training mode.
    const x = { inputIds: [[2, 5, 6, 3]] };
    const e1 = m.call(x);
    const e2 = m.call(x);
    const t1 = m.call(x, { training: true });
    expect(e1.lastHiddenState.arraySync()).toEqual(e2.lastHiddenState.arraySync());
    expect(t1.lastHiddenState.arraySync()).not.toEqual(e1.lastHiddenState.arraySync());
    tf.dispose([e1, e2, t1] as unknown as tf.TensorContainer);
    m.dispose();
  });

  it('activations match their definitions on cpu and wasm', async () => {
    const xs = [-6, -3, -1.5, -0.5, -1e-3, 0, 1e-3, 0.3, 1, 2.5, 6];
    const c = Math.sqrt(2 / Math.PI);
    const ref: Record<string, (x: number) => number> = {
      gelu_new: (x) => 0.5 * x * (1 + Math.tanh(c * (x + 0.044715 * x ** 3))),
      gelu_fast: (x) => 0.5 * x * (1 + Math.tanh(x * 0.7978845608 * (1 + 0.044715 * x * x))),
      gelu: (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)),
      relu: (x) => Math.max(0, x),
      silu: (x) => x / (1 + Math.exp(-x)),
      quick_gelu: (x) => x / (1 + Math.exp(-1.702 * x)),
    };
    for (const backend of ['cpu', 'wasm'] as const) {
      await setupBackend({ backend, native: false });
      for (const [name, f] of Object.entries(ref)) {
        expect(activationNames).toContain(name);
        const t = tf.tensor1d(xs);
        const yt = getActivation(name)(t);
        const y = yt.dataSync();
        for (const [i, x] of xs.entries())
          expect(Math.abs(y[i] - f(x)), `${backend} ${name}(${x})`).toBeLessThan(2e-6);
        tf.dispose([t, yt]);
      }
    }
    await setupBackend({ backend: 'cpu' });
  });
});
