import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AdamW,
  createSchedule,
  Lamb,
  layerwiseLrDecay,
  type NamedOptimizer,
  TrainingError,
} from '../src/index.js';

// A small parameter set with HF ALBERT names, so the default exclusions (LayerNorm, layer_norm, bias)
// and the layer-wise scales are exercised by name. One parameter starts at 0 (LAMB trust ratio
// falls back to 1) and one gets a zero gradient at step 2.
const SPECS: Array<[string, number[]]> = [
  ['albert.embeddings.word_embeddings.weight', [5, 3]],
  ['albert.embeddings.LayerNorm.weight', [3]],
  ['albert.encoder.embedding_hidden_mapping_in.bias', [4]],
  ['albert.encoder.albert_layer_groups.0.albert_layers.0.ffn.weight', [4, 6]],
  ['albert.encoder.albert_layer_groups.0.albert_layers.0.full_layer_layer_norm.bias', [4]],
  ['albert.pooler.weight', [4, 4]],
  ['predictions.bias', [5]],
  ['sop_classifier.classifier.weight', [2, 4]],
];
const ZERO_INIT = 'sop_classifier.classifier.weight';
const ZERO_GRAD_AT_STEP_1 = 'albert.pooler.weight';
const NO_DECAY = new Set([
  'albert.embeddings.LayerNorm.weight',
  'albert.encoder.embedding_hidden_mapping_in.bias',
  'albert.encoder.albert_layer_groups.0.albert_layers.0.full_layer_layer_norm.bias',
  'predictions.bias',
]);

/** Deterministic pseudo-random values in [-1, 1) (LCG), independent of the code under test. */
function values(n: number, seed: number, scale = 1): number[] {
  let s = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push(((s / 2 ** 32) * 2 - 1) * scale);
  }
  return out;
}
const f32 = (xs: number[]) => Array.from(Float32Array.from(xs));
const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

function initial(): Map<string, number[]> {
  return new Map(
    SPECS.map(([n, s], i) => [
      n,
      n === ZERO_INIT ? new Array(size(s)).fill(0) : f32(values(size(s), 100 + i, 0.5)),
    ]),
  );
}
/** Gradients for step t: large enough that clipping at 1.0 is active on some steps, not all. */
function gradients(t: number): Map<string, number[]> {
  const scale = [3, 0.05, 0.4][t];
  return new Map(
    SPECS.map(([n, s], i) => [
      n,
      t === 1 && n === ZERO_GRAD_AT_STEP_1
        ? new Array(size(s)).fill(0)
        : f32(values(size(s), 1000 * (t + 1) + i, scale)),
    ]),
  );
}

const WD = 0.05;
const MAX_NORM = 1.0;
const SCHEDULE = { type: 'linear', lr: 0.01, warmupSteps: 1, totalSteps: 4 } as const;
// HF linear warmup/decay, written out: step 0 → 0·lr, 1 → 1·lr, 2 → 2/3·lr.
const LR_AT = [0, 0.01, 0.01 * (2 / 3)];
// Depths: embeddings 0, group 0 → 1, pooler/heads 2; decay 0.5 → scales 0.25 / 0.5 / 1.
const LLRD = layerwiseLrDecay(
  SPECS.map(([n]) => n),
  { decay: 0.5, numHiddenGroups: 1 },
);
const scaleOf = (n: string) =>
  n.startsWith('albert.embeddings') || n.startsWith('albert.encoder.embedding')
    ? 0.25
    : n.includes('layer_groups')
      ? 0.5
      : 1;

function clipFactor(g: Map<string, number[]>): number {
  let sq = 0;
  for (const xs of g.values()) for (const x of xs) sq += x * x;
  const norm = Math.sqrt(sq);
  return MAX_NORM / Math.max(norm, MAX_NORM);
}
const l2 = (xs: number[]) => Math.sqrt(xs.reduce((a, x) => a + x * x, 0));

/** Float64 LAMB from lamb_optimizer.py (no bias correction, trust ratio with 1 fallbacks). */
function lambReference(steps: number): Map<string, number[]> {
  const w = initial();
  const m = new Map(SPECS.map(([n, s]) => [n, new Array(size(s)).fill(0)]));
  const v = new Map(SPECS.map(([n, s]) => [n, new Array(size(s)).fill(0)]));
  for (let t = 0; t < steps; t++) {
    const g = gradients(t);
    const c = clipFactor(g);
    for (const [n] of SPECS) {
      const gw = g.get(n)!.map((x) => x * c);
      const mw = m.get(n)!.map((x, i) => 0.9 * x + 0.1 * gw[i]);
      const vw = v.get(n)!.map((x, i) => 0.999 * x + 0.001 * gw[i] * gw[i]);
      const wn = w.get(n)!;
      const u = mw.map((x, i) => x / (Math.sqrt(vw[i]) + 1e-6) + (NO_DECAY.has(n) ? 0 : WD * wn[i]));
      let ratio = 1;
      if (!NO_DECAY.has(n)) {
        const a = l2(wn);
        const b = l2(u);
        ratio = a > 0 && b > 0 ? a / b : 1;
      }
      const lr = LR_AT[t] * scaleOf(n);
      w.set(
        n,
        wn.map((x, i) => x - ratio * lr * u[i]),
      );
      m.set(n, mw);
      v.set(n, vw);
    }
  }
  return w;
}

/** Float64 torch.optim.AdamW: decoupled decay first, then the bias-corrected Adam step. */
function adamwReference(steps: number): Map<string, number[]> {
  const w = initial();
  const m = new Map(SPECS.map(([n, s]) => [n, new Array(size(s)).fill(0)]));
  const v = new Map(SPECS.map(([n, s]) => [n, new Array(size(s)).fill(0)]));
  for (let t = 0; t < steps; t++) {
    const g = gradients(t);
    const c = clipFactor(g);
    const k = t + 1;
    for (const [n] of SPECS) {
      const lr = LR_AT[t] * scaleOf(n);
      const gw = g.get(n)!.map((x) => x * c);
      let wn = w.get(n)!;
      if (!NO_DECAY.has(n)) wn = wn.map((x) => x * (1 - lr * WD));
      const mw = m.get(n)!.map((x, i) => 0.9 * x + 0.1 * gw[i]);
      const vw = v.get(n)!.map((x, i) => 0.999 * x + 0.001 * gw[i] * gw[i]);
      const bc1 = 1 - 0.9 ** k;
      const bc2 = 1 - 0.999 ** k;
      w.set(
        n,
        wn.map((x, i) => x - (lr / bc1) * (mw[i] / (Math.sqrt(vw[i]) / Math.sqrt(bc2) + 1e-8))),
      );
      m.set(n, mw);
      v.set(n, vw);
    }
  }
  return w;
}

function makeVariables(): Array<[string, tf.Variable]> {
  const init = initial();
  return SPECS.map(([n, s]) => [n, tf.tidy(() => tf.variable(tf.tensor(init.get(n)!, s), true))]);
}

function run(make: (p: Array<[string, tf.Variable]>) => NamedOptimizer, steps: number) {
  const params = makeVariables();
  const opt = make(params);
  const norms: number[] = [];
  const lrs: number[] = [];
  for (let t = 0; t < steps; t++) {
    const g = gradients(t);
    const grads = new Map(SPECS.map(([n, s]) => [n, tf.tensor(g.get(n)!, s)]));
    const r = opt.applyGradients(grads);
    norms.push(r.gradNorm.dataSync()[0]);
    lrs.push(r.lr);
    r.gradNorm.dispose();
    for (const x of grads.values()) x.dispose();
  }
  const out = new Map(params.map(([n, v]) => [n, Array.from(v.dataSync())]));
  return { opt, params, out, norms, lrs };
}

function expectClose(
  actual: Map<string, number[]>,
  expected: Map<string, number[]>,
  atol = 2e-6,
  rtol = 1e-5,
) {
  for (const [n, e] of expected) {
    const a = actual.get(n)!;
    expect(a.length, n).toBe(e.length);
    for (let i = 0; i < e.length; i++) {
      const err = Math.abs(a[i] - e[i]);
      if (err > atol + rtol * Math.abs(e[i])) throw new Error(`${n}[${i}]: ${a[i]} vs float64 ${e[i]}`);
    }
  }
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('optimizers vs float64 reference (weight decay, clipping, schedule, LLRD)', () => {
  const common = { lr: SCHEDULE, weightDecay: WD, maxGradNorm: MAX_NORM, lrScales: LLRD };

  it('the test data exercises clipping on some steps and not others', () => {
    const factors = [0, 1, 2].map((t) => clipFactor(gradients(t)));
    expect(factors[0]).toBeLessThan(1);
    expect(factors[1]).toBe(1);
  });

  it('LAMB matches lamb_optimizer.py for three steps', () => {
    const base = tf.memory().numTensors;
    const { opt, params, out, norms, lrs } = run((p) => new Lamb(p, common), 3);
    expectClose(out, lambReference(3));
    // The zero-initialised parameter moved (ratio 1 fallback), and the update changed everything.
    expect(out.get(ZERO_INIT)!.some((x) => x !== 0)).toBe(true);
    expect(lrs).toEqual([0, 0.01, 0.01 * (2 / 3)].map((x) => expect.closeTo(x, 12)));
    expect(norms[0]).toBeCloseTo(1 / clipFactor(gradients(0)), 4);
    opt.dispose();
    for (const [, v] of params) v.dispose();
    expect(tf.memory().numTensors).toBe(base);
  });

  it('AdamW matches torch.optim.AdamW for three steps', () => {
    const base = tf.memory().numTensors;
    const { opt, params, out } = run((p) => new AdamW(p, common), 3);
    expectClose(out, adamwReference(3));
    opt.dispose();
    for (const [, v] of params) v.dispose();
    expect(tf.memory().numTensors).toBe(base);
  });

  it('reports decay and layer-adaptation exclusions by name', () => {
    const params = makeVariables();
    const lamb = new Lamb(params, common);
    const adamw = new AdamW(params, common);
    for (const [n] of SPECS) {
      expect(lamb.usesWeightDecay(n), n).toBe(!NO_DECAY.has(n));
      expect(lamb.usesLayerAdaptation(n), n).toBe(!NO_DECAY.has(n));
      expect(adamw.usesWeightDecay(n), n).toBe(!NO_DECAY.has(n));
    }
    // A separate layer-adaptation list replaces the default (the weight-decay list).
    const custom = new Lamb(params, { ...common, excludeFromLayerAdaptation: ['^predictions\\.'] });
    expect(custom.usesLayerAdaptation('predictions.bias')).toBe(false);
    expect(custom.usesLayerAdaptation('albert.embeddings.LayerNorm.weight')).toBe(true);
    expect(custom.usesWeightDecay('albert.embeddings.LayerNorm.weight')).toBe(false);
    // weightDecay 0 turns decay off everywhere.
    expect(new AdamW(params, { lr: 1, weightDecay: 0 }).usesWeightDecay('albert.pooler.weight')).toBe(false);
    for (const o of [lamb, adamw, custom]) o.dispose();
    for (const [, v] of params) v.dispose();
  });

  it('with a zero gradient only decayed parameters move', () => {
    const params = makeVariables();
    const before = new Map(params.map(([n, v]) => [n, Array.from(v.dataSync())]));
    const opt = new AdamW(params, { lr: 0.1, weightDecay: 0.5 });
    const zero = new Map(params.map(([n, v]) => [n, tf.zerosLike(v)]));
    opt.applyGradients(zero).gradNorm.dispose();
    for (const [n, v] of params) {
      const now = Array.from(v.dataSync());
      const b = before.get(n)!;
      if (NO_DECAY.has(n) || n === ZERO_INIT) expect(now, n).toEqual(b);
      else expect(now, n).toEqual(f32(b.map((x) => x * (1 - 0.1 * 0.5))).map((x) => expect.closeTo(x, 6)));
    }
    opt.dispose();
    for (const x of zero.values()) x.dispose();
    for (const [, v] of params) v.dispose();
  });

  it('state round-trips: restoring mid-run continues bit-identically', async () => {
    const full = run((p) => new AdamW(p, common), 3).out;
    // Two steps, save, then a fresh optimizer on the saved weights takes the third step.
    const a = run((p) => new Lamb(p, common), 2);
    const state = await a.opt.getState();
    const b = makeVariables();
    for (const [i, [, v]] of b.entries()) v.assign(a.params[i][1]);
    const opt2 = new Lamb(b, { ...common, lr: 123 });
    opt2.setState(state);
    expect(opt2.step).toBe(2);
    expect(opt2.currentLr).toBeCloseTo(LR_AT[2], 12);
    const g = gradients(2);
    opt2.applyGradients(new Map(SPECS.map(([n, s]) => [n, tf.tensor(g.get(n)!, s)]))).gradNorm.dispose();
    const c = run((p) => new Lamb(p, common), 3);
    for (const [n, v] of b) expect(Array.from(v.dataSync()), n).toEqual(c.out.get(n));
    expect(full.size).toBe(SPECS.length);
  });

  it('accepts TF/torch option names, gradient lists and minimize() like tfjs optimizers', () => {
    const a = makeVariables();
    const b = makeVariables();
    const optA = new AdamW(a, { lr: 0.01, weightDecay: 0.1, beta1: 0.8, beta2: 0.99, epsilon: 1e-7 });
    const optB = new AdamW(b, { learningRate: 0.01, weightDecayRate: 0.1, betas: [0.8, 0.99], eps: 1e-7 });
    const g = gradients(0);
    optA.applyGradients(new Map(SPECS.map(([n, s]) => [n, tf.tensor(g.get(n)!, s)]))).gradNorm.dispose();
    optB
      .applyGradients(SPECS.map(([n, s]) => ({ name: n, tensor: tf.tensor(g.get(n)!, s) })))
      .gradNorm.dispose();
    for (let i = 0; i < a.length; i++)
      expect(Array.from(b[i][1].dataSync())).toEqual(Array.from(a[i][1].dataSync()));
    // minimize(): a first AdamW step on f = Σ w² (no decay) moves each weight by ≈ lr towards 0.
    const c = makeVariables();
    const optC = new AdamW(c, { lr: 0.01, weightDecay: 0 });
    const before = c.map(([, v]) => Array.from(v.dataSync()));
    const cost = optC.minimize(() => tf.addN(c.map(([, v]) => tf.sum(tf.square(v)))) as tf.Scalar, true);
    expect(cost!.dataSync()[0]).toBeGreaterThan(0);
    cost!.dispose();
    c.forEach(([, v], i) => {
      v.dataSync().forEach((x, j) => {
        const w = before[i][j];
        expect(x).toBeCloseTo(w === 0 ? 0 : w - 0.01 * Math.sign(w), 5);
      });
    });
    optC.dispose();
    expect(() => new Lamb(a, {} as never)).toThrow(/option lr/);
    for (const o of [optA, optB]) o.dispose();
  });

  it('rejects bad input with typed errors', () => {
    const params = makeVariables();
    expect(() => new Lamb(params, { lr: -1 })).toThrow(TrainingError);
    expect(() => new Lamb([], { lr: 1 })).toThrow(/non-empty/);
    const opt = new AdamW(params, { lr: 1 });
    expect(() => opt.applyGradients({ nope: tf.zeros([1]) })).toThrow(/unknown parameter "nope"/);
    expect(() => opt.applyGradients({ 'predictions.bias': tf.zeros([4]) })).toThrow(/shape \[4\].*\[5\]/);
    expect(() => opt.applyGradients({})).toThrow(/no gradients/);
    expect(() => opt.setState({ type: 'lamb' } as never)).toThrow(/expected type adamw/);
    opt.dispose();
  });
});

describe('schedules', () => {
  it('follow the HF formulas', () => {
    const lin = createSchedule({ type: 'linear', lr: 1, warmupSteps: 10, totalSteps: 110 });
    expect([0, 5, 10, 60, 110, 200].map(lin)).toEqual([0, 0.5, 1, 0.5, 0, 0]);
    const cos = createSchedule({ type: 'cosine', lr: 2, warmupSteps: 0, totalSteps: 100 });
    expect(cos(0)).toBe(2);
    expect(cos(50)).toBeCloseTo(1, 12);
    expect(cos(100)).toBeCloseTo(0, 12);
    const poly = createSchedule({
      type: 'polynomial',
      lr: 1,
      warmupSteps: 2,
      totalSteps: 12,
      power: 2,
      lrEnd: 0.1,
    });
    expect(poly(1)).toBe(0.5);
    expect(poly(7)).toBeCloseTo(0.9 * 0.25 + 0.1, 12);
    expect(poly(50)).toBe(0.1);
    const cw = createSchedule({ type: 'constantWithWarmup', lr: 3, warmupSteps: 3 });
    expect([0, 1, 3, 1000].map(cw)).toEqual([0, 1, 3, 3]);
    expect(createSchedule({ type: 'constant', lr: 0.5 })(7)).toBe(0.5);
    expect(() => createSchedule({ type: 'linear', lr: 1, warmupSteps: 5, totalSteps: 2 })).toThrow(
      TrainingError,
    );
    expect(() => createSchedule({ type: 'nope' } as never)).toThrow(/schedule.type/);
    expect(() => lin(-1)).toThrow(/step/);
  });
});
