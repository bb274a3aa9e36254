import '@tensorflow/tfjs-backend-cpu';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AdamW,
  Lamb,
  MemoryCheckpointStore,
  Trainer,
  type TrainerCallback,
  TrainingError,
} from '../src/index.js';
import { FileCheckpointStore, jsonlLogger } from '../src/node.js';
import { ToyModel, toyBatches } from './helpers/toy-model.mjs';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const weights = (m: ToyModel) => m.namedParameters().map(([n, v]) => [n, Array.from(v.dataSync())] as const);

function setup(opts: { gas?: number; batchSize?: number; batches?: number; seed?: number } = {}) {
  const model = new ToyModel({ seed: opts.seed ?? 3 });
  const optimizer = new Lamb(model.namedParameters(), {
    lr: { type: 'linear', lr: 0.05, warmupSteps: 2, totalSteps: 20 },
    maxGradNorm: 1,
  });
  const data = toyBatches({ batchSize: opts.batchSize ?? 4, batches: opts.batches ?? 8 });
  return { model, optimizer, data };
}

describe('Trainer', () => {
  it('averages gradients over accumulation steps (2 × 4 ≡ 1 × 8 for a mean loss)', async () => {
    // Same examples either way: toyBatches' stream is per-epoch, so 8 rows come in 2 batches of 4 or 1 of 8.
    const a = setup({ batchSize: 4, batches: 8 });
    await new Trainer({
      ...a,
      trainData: a.data,
      maxSteps: 4,
      gradientAccumulationSteps: 2,
      logEvery: 100,
    }).train();
    const b = setup({ batchSize: 8, batches: 4 });
    await new Trainer({ ...b, trainData: b.data, maxSteps: 4, logEvery: 100 }).train();
    const wa = weights(a.model);
    const wb = weights(b.model);
    for (let i = 0; i < wa.length; i++) {
      for (let j = 0; j < wa[i][1].length; j++) expect(wa[i][1][j]).toBeCloseTo(wb[i][1][j], 5);
    }
    for (const s of [a, b]) {
      s.optimizer.dispose();
      s.model.dispose();
    }
  });

  it('logs, evaluates, keeps the best checkpoint, stops early, calls callbacks, leaks nothing', async () => {
    const base = tf.memory().numTensors;
    const { model, optimizer, data } = setup();
    const store = new MemoryCheckpointStore();
    const dir = mkdtempSync(join(tmpdir(), 'albert-trainer-'));
    const events: string[] = [];
    const cb: TrainerCallback = {
      onTrainBegin: () => void events.push('begin'),
      onLog: (r) => void events.push(`log@${r.step}`),
      onEvaluate: (r) => void events.push(`eval@${r.step}${r.isBest ? '*' : ''}`),
      onSave: (s) => void events.push(`save:${s.name}`),
      onTrainEnd: () => void events.push('end'),
    };
    // A scripted metric: improves, then gets worse twice → early stop after the 4th evaluation.
    const script = [0.5, 0.7, 0.6, 0.65, 0.9];
    let k = 0;
    const trainer = new Trainer({
      model,
      optimizer,
      trainData: data,
      maxSteps: 50,
      logEvery: 2,
      evalEvery: 3,
      evaluate: async () => ({ accuracy: script[k++] }),
      metricForBestModel: 'accuracy',
      earlyStoppingPatience: 2,
      checkpoints: store,
      saveEvery: 4,
      keepLast: 2,
      callbacks: [cb, jsonlLogger(join(dir, 'log.jsonl'))],
    });
    const result = await trainer.train();
    expect(result.stopReason).toBe('earlyStopping');
    expect(result.step).toBe(12);
    expect(result.bestMetric).toBe(0.7);
    expect(result.bestStep).toBe(6);
    expect(result.evals.map((e) => e.isBest)).toEqual([true, true, false, false]);
    expect(events[0]).toBe('begin');
    expect(events.at(-1)).toBe('end');
    expect(events).toContain('eval@6*');
    expect(events).toContain('save:best');
    // keepLast 2: checkpoint-8 and checkpoint-12 remain, plus best.
    expect((await store.list()).sort()).toEqual(['best', 'checkpoint-000008', 'checkpoint-000012']);
    const lines = readFileSync(join(dir, 'log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const train = lines.filter((l) => l.type === 'train');
    expect(train.map((l) => l.step)).toEqual([2, 4, 6, 8, 10, 12]);
    for (const l of train) {
      for (const key of ['loss', 'lr', 'gradNorm', 'tokensPerSecond', 'stepsPerSecond', 'auxLoss']) {
        expect(Number.isFinite(l[key]), key).toBe(true);
      }
      expect(l.auxLoss).toBeCloseTo(l.loss / 2, 5);
    }
    expect(lines.filter((l) => l.type === 'eval').map((l) => l.accuracy)).toEqual([0.5, 0.7, 0.6, 0.65]);
    // Loss goes down on this learnable toy task.
    expect(train.at(-1).loss).toBeLessThan(train[0].loss);
    optimizer.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(base);
  });

  for (const kind of ['memory', 'files'] as const) {
    it(`resumes bit-exactly from a checkpoint (${kind} store, across an epoch boundary, with accumulation)`, async () => {
      const store = () => (kind === 'memory' ? mem : new FileCheckpointStore(dir));
      const mem = new MemoryCheckpointStore();
      const dir = mkdtempSync(join(tmpdir(), 'albert-resume-'));
      const full = setup({ batches: 5 });
      await new Trainer({ ...full, trainData: full.data, maxSteps: 7, gradientAccumulationSteps: 2 }).train();

      const first = setup({ batches: 5 });
      await new Trainer({
        ...first,
        trainData: first.data,
        maxSteps: 3,
        gradientAccumulationSteps: 2,
        checkpoints: store(),
        saveEvery: 3,
      }).train();
      // A fresh model/optimizer with different weights, restored from the checkpoint.
      const second = setup({ batches: 5, seed: 99 });
      const t2 = new Trainer({
        ...second,
        trainData: second.data,
        maxSteps: 7,
        gradientAccumulationSteps: 2,
        checkpoints: store(),
      });
      expect(await t2.resume()).toBe(3);
      await t2.train();
      expect(weights(second.model)).toEqual(weights(full.model));
      for (const s of [full, first, second]) {
        s.optimizer.dispose();
        s.model.dispose();
      }
    });
  }

  it('resume("latest") falls back to the previous checkpoint when the newest is damaged', async () => {
    const store = new MemoryCheckpointStore();
    const a = setup();
    await new Trainer({ ...a, trainData: a.data, maxSteps: 4, checkpoints: store, saveEvery: 2 }).train();
    const damaged = await store.read('checkpoint-000004');
    damaged.set('optimizer.safetensors', damaged.get('optimizer.safetensors')!.subarray(0, 20));
    await store.write('checkpoint-000004', damaged);
    const b = setup({ seed: 8 });
    expect(await new Trainer({ ...b, trainData: b.data, maxSteps: 6, checkpoints: store }).resume()).toBe(2);
    await expect(
      new Trainer({ ...b, trainData: b.data, maxSteps: 6, checkpoints: store }).resume('checkpoint-000004'),
    ).rejects.toThrow(/checkpoint-000004\/optimizer\.safetensors/);
    for (const s of [a, b]) {
      s.optimizer.dispose();
      s.model.dispose();
    }
  });

  it('rejects bad options and non-finite losses with typed errors', async () => {
    const { model, optimizer, data } = setup();
    expect(() => new Trainer({ model, optimizer, trainData: data })).toThrow(/maxSteps/);
    expect(() => new Trainer({ model, optimizer, trainData: data, maxSteps: 0 })).toThrow(TrainingError);
    expect(
      () => new Trainer({ model, optimizer, trainData: data, maxSteps: 5, earlyStoppingPatience: 2 }),
    ).toThrow(/metricForBestModel/);
    const nan = new Trainer({
      model,
      optimizer,
      trainData: data,
      maxSteps: 2,
      computeLoss: () => tf.scalar(Number.NaN),
    });
    await expect(nan.train()).rejects.toThrow(/NaN|not finite|loss/);
    await expect(new Trainer({ model, optimizer, trainData: data, maxSteps: 2 }).resume()).rejects.toThrow(
      /CheckpointStore/,
    );
    const adam = new AdamW(model.namedParameters(), { lr: 0.1 });
    const mismatched = new Trainer({
      model,
      optimizer: adam,
      trainData: data,
      maxSteps: 1,
      checkpoints: new MemoryCheckpointStore(),
    });
    await expect(mismatched.resume()).rejects.toThrow(/no checkpoint-N/);
    optimizer.dispose();
    adam.dispose();
    model.dispose();
  });
});
