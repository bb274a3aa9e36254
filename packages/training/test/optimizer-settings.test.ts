import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdamW, createOptimizer, Lamb, TrainingError, warmupLinear } from '../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('createOptimizer (settings → LAMB/AdamW with a schedule)', () => {
  it('warmupLinear: warm-up then linear decay to zero over progress [0, 1]', () => {
    expect(warmupLinear(1, 0.1, 0)).toBe(0);
    expect(warmupLinear(1, 0.1, 0.05)).toBeCloseTo(0.5, 12);
    expect(warmupLinear(1, 0.1, 0.55)).toBeCloseTo(0.5, 12);
    expect(warmupLinear(1, 0.1, 1)).toBe(0);
    expect(warmupLinear(2, 0, 0.25)).toBeCloseTo(1.5, 12);
  });

  it('step schedules from the warm-up share; a progress budget replaces step / totalSteps', () => {
    const v = tf.variable(tf.ones([2]), true, 'settings-test');
    const base = { lr: 1e-3, totalSteps: 100, warmup: 0.1, weightDecay: 0, numHiddenGroups: 1 };
    const lamb = createOptimizer([['w', v]], { ...base, optimizer: 'lamb', schedule: 'polynomial' });
    expect(lamb.optimizer).toBeInstanceOf(Lamb);
    expect(lamb.optimizer.schedule.spec).toMatchObject({
      type: 'polynomial',
      totalSteps: 100,
      warmupSteps: 10,
    });
    expect(lamb.optimizer.schedule(5)).toBeCloseTo(5e-4, 12);
    const constant = createOptimizer([['w', v]], { ...base, optimizer: 'adamw', schedule: 'constant' });
    expect(constant.optimizer).toBeInstanceOf(AdamW);
    expect(constant.optimizer.schedule.spec).toEqual({
      type: 'constantWithWarmup',
      lr: 1e-3,
      warmupSteps: 10,
    });
    let p = 0;
    const timed = createOptimizer([['w', v]], { ...base, optimizer: 'adamw', progress: () => p });
    p = 0.55;
    expect(timed.optimizer.schedule(3)).toBeCloseTo(5e-4, 12);
    expect(timed.optimizer.schedule.spec).toMatchObject({ type: 'linear', totalSteps: 100, warmupSteps: 10 });
    for (const o of [lamb, constant, timed]) o.optimizer.dispose();
    expect(() => createOptimizer([['w', v]], { ...base, optimizer: 'sgd' as 'lamb' })).toThrow(TrainingError);
    v.dispose();
  });

  it('layer-wise decay scales lower levels (llrd < 1) and is off at 1', () => {
    const names = ['albert.embeddings.word_embeddings.weight', 'albert.pooler.weight'];
    const vars = names.map(
      (n, i) => [n, tf.variable(tf.ones([1]), true, `llrd-${i}`)] as [string, tf.Variable],
    );
    const base = {
      optimizer: 'adamw' as const,
      lr: 1,
      totalSteps: 10,
      warmup: 0,
      weightDecay: 0,
      numHiddenGroups: 1,
    };
    const { lrScales, optimizer } = createOptimizer(vars, { ...base, llrd: 0.5 });
    expect(lrScales?.get(names[0]!)).toBeLessThan(lrScales!.get(names[1]!)!);
    optimizer.dispose();
    const off = createOptimizer(vars, { ...base, llrd: 1 });
    expect(off.lrScales).toBeUndefined();
    off.optimizer.dispose();
    for (const [, v] of vars) v.dispose();
  });
});
