import { checkNumber, invalidOption } from './errors.js';

/**
 * A learning-rate schedule as plain JSON, so it can be stored in a checkpoint and rebuilt.
 * Formulas are Hugging Face's `get_*_schedule_with_warmup` (step counts optimizer updates from 0;
 * the first update uses `schedule(0)`, which is 0 when there is a warmup, as in HF and ALBERT).
 */
export type ScheduleSpec =
  | { type: 'constant'; lr: number }
  | { type: 'constantWithWarmup'; lr: number; warmupSteps: number }
  | { type: 'linear'; lr: number; totalSteps: number; warmupSteps?: number }
  | {
      type: 'polynomial';
      lr: number;
      totalSteps: number;
      warmupSteps?: number;
      /** Final learning rate (default 0, as ALBERT's `end_learning_rate`). */
      lrEnd?: number;
      /** Default 1 (linear). */
      power?: number;
    }
  | {
      type: 'cosine';
      lr: number;
      totalSteps: number;
      warmupSteps?: number;
      /** HF's `num_cycles`: default 0.5, one half cosine wave from lr down to 0. */
      numCycles?: number;
    };

/** A learning rate per optimizer step; `spec` rebuilds it. */
export interface Schedule {
  (step: number): number;
  readonly spec: ScheduleSpec;
}

/** Builds a schedule from its JSON description (validating every field). */
export function createSchedule(spec: ScheduleSpec): Schedule {
  if (spec == null || typeof spec !== 'object')
    throw invalidOption('schedule', 'a schedule spec object', spec);
  const types = ['constant', 'constantWithWarmup', 'linear', 'polynomial', 'cosine'];
  if (!types.includes(spec.type))
    throw invalidOption('schedule.type', types.map((t) => `'${t}'`).join(' | '), spec.type);
  const lr = checkNumber('schedule.lr', spec.lr, { min: 0 });
  let f: (step: number) => number;
  switch (spec.type) {
    case 'constant':
      f = () => lr;
      break;
    case 'constantWithWarmup': {
      const w = checkNumber('schedule.warmupSteps', spec.warmupSteps, { min: 0, integer: true });
      f = (s) => (s < w ? (lr * s) / Math.max(1, w) : lr);
      break;
    }
    case 'linear':
    case 'polynomial':
    case 'cosine': {
      const total = checkNumber('schedule.totalSteps', spec.totalSteps, { min: 1, integer: true });
      const w = checkNumber('schedule.warmupSteps', spec.warmupSteps ?? 0, {
        min: 0,
        max: total,
        integer: true,
      });
      const warm = (s: number) => (lr * s) / Math.max(1, w);
      if (spec.type === 'linear') {
        f = (s) => (s < w ? warm(s) : (lr * Math.max(0, total - s)) / Math.max(1, total - w));
      } else if (spec.type === 'polynomial') {
        const lrEnd = checkNumber('schedule.lrEnd', spec.lrEnd ?? 0, { min: 0, max: lr });
        const power = checkNumber('schedule.power', spec.power ?? 1, { min: 0 });
        f = (s) => {
          if (s < w) return warm(s);
          if (s >= total) return lrEnd;
          const remaining = 1 - (s - w) / Math.max(1, total - w);
          return (lr - lrEnd) * remaining ** power + lrEnd;
        };
      } else {
        const cycles = checkNumber('schedule.numCycles', spec.numCycles ?? 0.5, { min: 0 });
        f = (s) => {
          if (s < w) return warm(s);
          const progress = (s - w) / Math.max(1, total - w);
          return lr * Math.max(0, 0.5 * (1 + Math.cos(Math.PI * cycles * 2 * progress)));
        };
      }
      break;
    }
    default:
      throw invalidOption('schedule.type', types.join(' | '), (spec as { type: unknown }).type);
  }
  const frozen = Object.freeze({ ...spec }) as ScheduleSpec;
  const schedule = ((step: number) => {
    checkNumber('step', step, { min: 0, integer: true });
    return f(step);
  }) as Schedule;
  Object.defineProperty(schedule, 'spec', { value: frozen, enumerable: true });
  return schedule;
}

/** A schedule from a number (constant), a spec, or an existing schedule. */
export function toSchedule(lr: number | ScheduleSpec | Schedule): Schedule {
  if (typeof lr === 'number') return createSchedule({ type: 'constant', lr });
  if (typeof lr === 'function') {
    if (!lr.spec)
      throw invalidOption('lr', 'a number, a ScheduleSpec or a Schedule from createSchedule()', lr);
    return lr;
  }
  return createSchedule(lr);
}
