import type * as tf from '@tensorflow/tfjs-core';
import { checkNumber, invalidOption } from '../errors.js';
import { layerwiseLrDecay } from '../llrd.js';
import type { Schedule, ScheduleSpec } from '../schedules.js';
import { AdamW } from './adamw.js';
import { Lamb } from './lamb.js';
import type { NamedOptimizer } from './optimizer.js';

/** An optimizer as a command line or a config file describes it. */
export interface OptimizerSettings {
  optimizer: 'lamb' | 'adamw';
  /** Peak learning rate. */
  lr: number;
  totalSteps: number;
  /** Share of the steps (or of the budget's progress) spent warming up linearly, e.g. 0.1. */
  warmup: number;
  /** Decay after the warm-up. Default 'linear'. */
  schedule?: 'linear' | 'polynomial' | 'cosine' | 'constant';
  weightDecay: number;
  /** Global-norm clipping. Default 1. */
  maxGradNorm?: number | null;
  /** Layer-wise LR decay factor in (0, 1]; 1 or undefined = off. */
  llrd?: number;
  /** For the layer-wise decay's levels. */
  numHiddenGroups: number;
  /**
   * A budget's progress in [0, 1] at a step (e.g. the clock): the rate then warms up and decays to
   * 0 over that progress instead of step / totalSteps (see {@link warmupLinear}).
   */
  progress?: (step: number) => number;
}

/** Linear warm-up over the first `warmup` of progress, then linear decay to 0 at progress 1. */
export function warmupLinear(lr: number, warmup: number, progress: number): number {
  if (warmup > 0 && progress < warmup) return (lr * progress) / warmup;
  return (lr * Math.max(0, 1 - progress)) / Math.max(1e-9, 1 - warmup);
}

function scheduleOf(s: OptimizerSettings): ScheduleSpec | Schedule {
  const warmupSteps = Math.min(s.totalSteps, Math.round(s.warmup * s.totalSteps));
  const totalSteps = Math.max(1, s.totalSteps);
  const kind = s.schedule ?? 'linear';
  const progress = s.progress;
  // With a budget the rate follows its progress; `spec` records the step-based schedule it
  // approximates (what a checkpoint stores).
  if (progress) {
    const spec: ScheduleSpec = { type: 'linear', lr: s.lr, totalSteps, warmupSteps };
    return Object.assign((step: number) => warmupLinear(s.lr, s.warmup, progress(step)), { spec });
  }
  if (kind !== 'constant') return { type: kind, lr: s.lr, totalSteps, warmupSteps };
  return warmupSteps > 0
    ? { type: 'constantWithWarmup', lr: s.lr, warmupSteps }
    : { type: 'constant', lr: s.lr };
}

/**
 * LAMB (ε 1e-6, as ALBERT) or AdamW over a model's HF-named parameters, with a warm-up schedule
 * (over steps or over a budget's progress) and optional layer-wise LR decay.
 */
export function createOptimizer(
  params: Array<[string, tf.Variable]>,
  s: OptimizerSettings,
): { optimizer: NamedOptimizer; lrScales?: Map<string, number> } {
  if (s.optimizer !== 'lamb' && s.optimizer !== 'adamw')
    throw invalidOption('optimizer', "'lamb' | 'adamw'", s.optimizer);
  checkNumber('warmup', s.warmup, { min: 0, max: 1 });
  const lrScales =
    s.llrd !== undefined && s.llrd < 1
      ? layerwiseLrDecay(params, { decay: s.llrd, numHiddenGroups: s.numHiddenGroups })
      : undefined;
  const common = {
    lr: scheduleOf(s),
    weightDecay: s.weightDecay,
    maxGradNorm: s.maxGradNorm ?? 1,
    ...(lrScales ? { lrScales } : {}),
  };
  const optimizer =
    s.optimizer === 'lamb' ? new Lamb(params, { ...common, epsilon: 1e-6 }) : new AdamW(params, common);
  return { optimizer, ...(lrScales ? { lrScales } : {}) };
}
