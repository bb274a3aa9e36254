import { setupBackend } from '@albert-ts/core';
import { warmupLinear } from '@albert-ts/training';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeOptimizer } from '../src/lib/optim.js';
import { TimeBudget } from '../src/lib/time-budget.js';

describe('time-budgeted learning-rate schedule', () => {
  beforeAll(async () => {
    await setupBackend({ backend: 'cpu' });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('warm-up then linear decay to zero over progress [0, 1]', () => {
    expect(warmupLinear(1, 0.1, 0)).toBe(0);
    expect(warmupLinear(1, 0.1, 0.05)).toBeCloseTo(0.5, 12);
    expect(warmupLinear(1, 0.1, 0.1)).toBeCloseTo(1, 12);
    expect(warmupLinear(1, 0.1, 0.55)).toBeCloseTo(0.5, 12);
    expect(warmupLinear(1, 0.1, 1)).toBe(0);
    expect(warmupLinear(2, 0, 0.25)).toBeCloseTo(1.5, 12);
  });

  it('progress is the larger of elapsed/seconds and step/maxSteps; the clock starts at the first step', () => {
    let now = 1_000_000;
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    const b = new TimeBudget(100, 1000);
    now += 50_000; // time before the first step does not count
    expect(b.fraction(0)).toBe(0);
    now += 10_000;
    expect(b.fraction(20)).toBeCloseTo(0.1, 12);
    expect(b.fraction(500)).toBeCloseTo(0.5, 12);
    now += 90_000;
    expect(b.fraction(30)).toBe(1);
    expect(b.done(30)).toBe(true);
  });

  it('the optimizer follows the budget (and a step schedule without one)', async () => {
    let now = 0;
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    const v = tf.variable(tf.ones([2]), true, 'optim-budget-test');
    const budget = new TimeBudget(10, 1_000_000);
    const { optimizer } = await makeOptimizer([['w', v]], {
      optimizer: 'adamw',
      lr: 1e-3,
      totalSteps: 1_000_000,
      warmup: 0.1,
      weightDecay: 0,
      numHiddenGroups: 1,
      budget,
    });
    expect(optimizer.schedule(0)).toBe(0);
    now = 500; // 5% of the time: half-way through warm-up
    expect(optimizer.schedule(1)).toBeCloseTo(5e-4, 12);
    now = 5_500; // 55%: half-way down
    expect(optimizer.schedule(2)).toBeCloseTo(5e-4, 12);
    now = 10_000;
    expect(optimizer.schedule(3)).toBe(0);
    optimizer.dispose();
    const plain = await makeOptimizer([['w', v]], {
      optimizer: 'lamb',
      lr: 1e-3,
      totalSteps: 100,
      warmup: 0.1,
      schedule: 'polynomial',
      weightDecay: 0,
      numHiddenGroups: 1,
    });
    expect(plain.optimizer.schedule.spec).toMatchObject({
      type: 'polynomial',
      totalSteps: 100,
      warmupSteps: 10,
    });
    expect(plain.optimizer.schedule(5)).toBeCloseTo(5e-4, 12);
    plain.optimizer.dispose();
    v.dispose();
  });
});
