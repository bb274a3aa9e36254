import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Lamb, MemoryCheckpointStore, runTraining, type TrainerCallback } from '../src/index.js';
import { ToyModel, toyBatches } from './helpers/toy-model.mjs';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function setup() {
  const model = new ToyModel({ seed: 3 });
  const optimizer = new Lamb(model.namedParameters(), {
    lr: { type: 'linear', lr: 0.05, warmupSteps: 2, totalSteps: 20 },
  });
  const dispose = () => {
    optimizer.dispose();
    model.dispose();
  };
  return { model, optimizer, trainData: toyBatches({ batchSize: 4, batches: 8 }), dispose };
}

describe('runTraining', () => {
  it('starts fresh on an empty store and resumes from the newest checkpoint when there is one', async () => {
    const store = new MemoryCheckpointStore();
    const a = setup();
    const first = await runTraining({ ...a, maxSteps: 4, checkpoints: store, saveEvery: 2, resume: true });
    expect(first.resumedFrom).toBeNull();
    expect(first.step).toBe(4);
    expect(first.seconds).toBeGreaterThanOrEqual(0);
    a.dispose();
    const b = setup();
    const second = await runTraining({ ...b, maxSteps: 6, checkpoints: store, saveEvery: 2, resume: true });
    expect(second.resumedFrom).toBe(4);
    expect(second.step).toBe(6);
    expect(second.logs.map((l) => l.step)).toEqual([6]);
    b.dispose();
  });

  it('stops after the current update on abort, with a checkpoint', async () => {
    const s = setup();
    const store = new MemoryCheckpointStore();
    const ac = new AbortController();
    const abortAt2: TrainerCallback = { onStepEnd: ({ step }) => (step === 2 ? ac.abort() : undefined) };
    const r = await runTraining({
      ...s,
      maxSteps: 50,
      checkpoints: store,
      saveEvery: 100,
      signal: ac.signal,
      callbacks: [abortAt2],
    });
    expect([r.step, r.stopReason]).toEqual([2, 'requested']);
    expect(await store.list()).toContain('checkpoint-000002');
    // Already aborted: the Trainer checks between updates, so one more update, then the stop.
    const again = await runTraining({ ...s, maxSteps: 50, signal: ac.signal });
    expect(again.step).toBe(2 + 1);
    s.dispose();
  });

  it('follows a budget: evaluations at its progress points and the end, stop at 1', async () => {
    const base = tf.memory().numTensors;
    const s = setup();
    const seen: number[] = [];
    const r = await runTraining({
      ...s,
      maxSteps: 100,
      progress: (step) => step / 5,
      budgetEvals: 2,
      evaluate: async (_m, { step }) => ({ step10: step * 10 }),
      evalEvery: 1,
      callbacks: [{ onEvaluate: (e) => void seen.push(e.step) }],
    });
    expect(r.step).toBe(5);
    expect(r.evals.map((e) => [e.step, e.metrics.step10])).toEqual([
      [3, 30],
      [5, 50],
    ]);
    expect(seen).toEqual([3, 5]);
    await expect(
      runTraining({
        ...s,
        maxSteps: 2,
        progress: () => 1,
        metricForBestModel: 'step10',
        evaluate: async () => ({}),
      }),
    ).rejects.toThrow(/metricForBestModel/);
    s.dispose();
    expect(tf.memory().numTensors).toBe(base);
  });

  it('stops after maxSeconds', async () => {
    const s = setup();
    const r = await runTraining({ ...s, maxSteps: 1000, maxSeconds: 0 });
    expect([r.step, r.stopReason]).toEqual([1, 'requested']);
    s.dispose();
  });
});
