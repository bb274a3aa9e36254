import type { NamedOptimizer } from '@albert-ts/training';
import type * as tf from '@tensorflow/tfjs-core';
import type { TimeBudget } from './time-budget.js';

export interface OptimSettings {
  optimizer: 'lamb' | 'adamw';
  lr: number;
  totalSteps: number;
  /** Fraction of steps spent warming up (linear), e.g. 0.1. */
  warmup: number;
  schedule?: 'linear' | 'polynomial' | 'cosine' | 'constant';
  weightDecay: number;
  maxGradNorm?: number | null;
  /** Layer-wise LR decay factor in (0, 1]; 1 or undefined = off. */
  llrd?: number;
  numHiddenGroups: number;
  /** Schedule on the progress of a time budget instead of step / totalSteps (see TimeBudget). */
  budget?: TimeBudget;
}

/** Linear warm-up over the first `warmup` of progress, then linear decay to 0 at progress 1. */
export function warmupLinear(lr: number, warmup: number, progress: number): number {
  if (warmup > 0 && progress < warmup) return (lr * progress) / warmup;
  return (lr * Math.max(0, 1 - progress)) / Math.max(1e-9, 1 - warmup);
}

/** LAMB or AdamW over a model's HF-named parameters, with a warmup schedule and optional LLRD. */
export async function makeOptimizer(
  params: Array<[string, tf.Variable]>,
  s: OptimSettings,
): Promise<{ optimizer: NamedOptimizer; lrScales?: Map<string, number> }> {
  const { AdamW, Lamb, layerwiseLrDecay } = await import('@albert-ts/training');
  const warmupSteps = Math.min(s.totalSteps, Math.round(s.warmup * s.totalSteps));
  const kind = s.schedule ?? 'linear';
  const budget = s.budget;
  const stepSpec = { type: 'linear' as const, lr: s.lr, totalSteps: Math.max(1, s.totalSteps), warmupSteps };
  // With a time budget the rate follows the budget's progress; `spec` records the step-based
  // schedule it approximates (what a checkpoint would store).
  const timed = budget
    ? Object.assign((step: number) => warmupLinear(s.lr, s.warmup, budget.fraction(step)), { spec: stepSpec })
    : undefined;
  const lr =
    timed ??
    (kind === 'constant'
      ? warmupSteps > 0
        ? { type: 'constantWithWarmup' as const, lr: s.lr, warmupSteps }
        : { type: 'constant' as const, lr: s.lr }
      : { type: kind, lr: s.lr, totalSteps: Math.max(1, s.totalSteps), warmupSteps });
  const lrScales =
    s.llrd !== undefined && s.llrd < 1
      ? layerwiseLrDecay(params, { decay: s.llrd, numHiddenGroups: s.numHiddenGroups })
      : undefined;
  const common = {
    lr,
    weightDecay: s.weightDecay,
    maxGradNorm: s.maxGradNorm ?? 1,
    ...(lrScales ? { lrScales } : {}),
  };
  const optimizer =
    s.optimizer === 'lamb' ? new Lamb(params, { ...common, epsilon: 1e-6 }) : new AdamW(params, common);
  return { optimizer, ...(lrScales ? { lrScales } : {}) };
}
