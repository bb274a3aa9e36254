import type { NamedOptimizer, OptimizerSettings } from '@albert-ts/training';
import type * as tf from '@tensorflow/tfjs-core';
import type { TimeBudget } from './time-budget.js';

export interface OptimSettings extends Omit<OptimizerSettings, 'progress'> {
  /** Schedule on the progress of a time budget instead of step / totalSteps (see TimeBudget). */
  budget?: TimeBudget;
}

/** Training's `createOptimizer` (LAMB or AdamW, warm-up schedule, LLRD), following a time budget. */
export async function makeOptimizer(
  params: Array<[string, tf.Variable]>,
  s: OptimSettings,
): Promise<{ optimizer: NamedOptimizer; lrScales?: Map<string, number> }> {
  const { createOptimizer } = await import('@albert-ts/training');
  const { budget, ...settings } = s;
  return createOptimizer(
    params,
    budget ? { ...settings, progress: (step) => budget.fraction(step) } : settings,
  );
}
