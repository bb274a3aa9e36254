import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdamW, forwardStep, timeSteps, trainingStep } from '../src/index.js';
import { ToyModel, toyBatches } from './helpers/toy-model.mjs';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('step timing', () => {
  it('timeSteps: warm-up calls untimed, then minSteps, more until minMs, never past maxSteps', async () => {
    let calls = 0;
    const step = async () => {
      calls += 1;
    };
    expect(await timeSteps(step, { warmup: 2, minSteps: 3 })).toHaveLength(3);
    expect(calls).toBe(5);
    const long = await timeSteps(() => new Promise((r) => setTimeout(r, 2)), {
      warmup: 0,
      minSteps: 1,
      maxSteps: 4,
      minMs: 1000,
    });
    expect(long).toHaveLength(4);
    expect(long.every((t) => t > 0)).toBe(true);
  });

  it('trainingStep updates the weights and forwardStep does not; neither leaves tensors', async () => {
    const model = new ToyModel({ seed: 2 });
    const opt = new AdamW(model.namedParameters(), { lr: 0.1 });
    const [batch] = [...toyBatches({ batches: 1 }).batches(0)];
    const w = () => Array.from(model.namedParameters()[0]![1].dataSync());
    const before = w();
    const base = tf.memory().numTensors;
    await forwardStep(model, batch);
    expect(tf.memory().numTensors).toBe(base);
    expect(w()).toEqual(before);
    const loss = await trainingStep(model, opt, batch);
    expect(Number.isFinite(loss)).toBe(true);
    expect(w()).not.toEqual(before);
    const slots = tf.memory().numTensors;
    await trainingStep(model, opt, batch);
    expect(tf.memory().numTensors).toBe(slots);
    opt.dispose();
    model.dispose();
  });
});
