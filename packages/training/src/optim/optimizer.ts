import * as tf from '@tensorflow/tfjs-core';
import { checkNumber, invalidOption, TrainingError } from '../errors.js';
import { type Schedule, type ScheduleSpec, toSchedule } from '../schedules.js';
import { clipScale, globalNorm } from './clip.js';

/** Parameters under their (Hugging Face) names, as `model.namedParameters()` returns them. */
export type NamedVariables = ReadonlyArray<readonly [string, tf.Variable]>;

/** Gradients keyed by parameter name (HF name or the tfjs variable name). */
export type Gradients =
  | Map<string, tf.Tensor>
  | Record<string, tf.Tensor>
  | ReadonlyArray<readonly [string, tf.Tensor]>
  | ReadonlyArray<{ name: string; tensor: tf.Tensor }>;

/** Name patterns as in ALBERT's `exclude_from_weight_decay`: a string is a regular expression searched in the name. */
export type NamePatterns = ReadonlyArray<string | RegExp>;

/** ALBERT's `run_pretraining.py` and HF's Trainer both exempt these from weight decay. */
export const DEFAULT_NO_DECAY: readonly string[] = ['LayerNorm', 'layer_norm', 'bias'];

/**
 * Options shared by `Lamb` and `AdamW`: learning rate or schedule, decoupled weight decay and its
 * exclusions, clipping, per-parameter learning-rate scales.
 */
export interface OptimizerOptions {
  /** A constant, a schedule spec, or a schedule from `createSchedule`. */
  lr?: number | ScheduleSpec | Schedule;
  /** Alias of `lr` (the ALBERT/TF name). */
  learningRate?: number | ScheduleSpec | Schedule;
  /** Decoupled weight-decay rate. Default 0.01 (ALBERT's and torch's AdamW default). */
  weightDecay?: number;
  /** Alias of `weightDecay` (the ALBERT/TF name). */
  weightDecayRate?: number;
  /** Names matching any pattern get no weight decay. Default {@link DEFAULT_NO_DECAY}. */
  excludeFromWeightDecay?: NamePatterns;
  /** When set, gradients are clipped to this global L2 norm before the update. Default: no clipping. */
  maxGradNorm?: number | null;
  /**
   * Per-parameter learning-rate multipliers (e.g. from `layerwiseLrDecay`); missing names get 1.
   */
  lrScales?: Map<string, number> | Record<string, number> | ((name: string) => number);
}

/** What one update did. `gradNorm` is the global norm BEFORE clipping; the caller owns (disposes) it. */
export interface StepResult {
  lr: number;
  gradNorm: tf.Scalar;
}

/** Optimizer state as plain data: JSON-able fields plus named float32 slot arrays. */
export interface OptimizerState {
  type: string;
  step: number;
  schedule: ScheduleSpec;
  hyper: Record<string, number | null | string[]>;
  /** `<parameter name>/<slot>` → values in the variable's own (storage) layout. */
  slots: Record<string, { shape: number[]; values: Float32Array }>;
}

/** One parameter as the optimizer sees it. */
export interface OptimizerParam {
  name: string;
  variable: tf.Variable;
  decay: boolean;
  lrScale: number;
  slots: tf.Variable[];
}

/**
 * Shared machinery of {@link Lamb} and {@link AdamW}: name → variable bookkeeping, slot variables,
 * the schedule, global-norm clipping and state (de)serialisation. Subclasses supply the update rule.
 */
export abstract class NamedOptimizer {
  protected readonly params: OptimizerParam[];
  private readonly byName = new Map<string, OptimizerParam>();
  private readonly byVarName = new Map<string, OptimizerParam>();
  schedule: Schedule;
  readonly weightDecay: number;
  readonly maxGradNorm: number | null;
  readonly excludeFromWeightDecay: RegExp[];
  /** Number of updates applied so far; the next update uses `schedule(step)`. */
  step = 0;
  private disposed = false;

  protected abstract readonly slotNames: readonly string[];
  abstract readonly type: string;

  constructor(params: NamedVariables, opts: OptimizerOptions) {
    if (!Array.isArray(params) || params.length === 0) {
      throw invalidOption('params', 'a non-empty array of [name, tf.Variable]', params);
    }
    if (opts == null || typeof opts !== 'object') throw invalidOption('options', 'an object', opts);
    const lr = opts.lr ?? opts.learningRate;
    if (lr == null) throw invalidOption('lr', 'a learning rate, schedule spec or schedule', lr);
    this.schedule = toSchedule(lr);
    this.weightDecay = checkNumber('weightDecay', opts.weightDecay ?? opts.weightDecayRate ?? 0.01, {
      min: 0,
    });
    this.maxGradNorm =
      opts.maxGradNorm == null
        ? null
        : checkNumber('maxGradNorm', opts.maxGradNorm, { min: 0, minExclusive: true });
    this.excludeFromWeightDecay = compilePatterns(
      'excludeFromWeightDecay',
      opts.excludeFromWeightDecay ?? DEFAULT_NO_DECAY,
    );
    const scaleOf = lrScaleLookup(opts.lrScales);
    this.params = params.map(([name, variable], i) => {
      if (typeof name !== 'string' || !(variable instanceof tf.Variable)) {
        throw invalidOption(`params[${i}]`, '[name: string, variable: tf.Variable]', [name, variable]);
      }
      if (this.byName.has(name)) throw invalidOption(`params[${i}]`, 'unique names', name);
      if (variable.dtype !== 'float32')
        throw invalidOption(`params ${name} dtype`, 'float32', variable.dtype);
      const lrScale = checkNumber(`lrScales[${name}]`, scaleOf(name), { min: 0 });
      const p: OptimizerParam = {
        name,
        variable,
        decay: this.weightDecay > 0 && !matchesAny(this.excludeFromWeightDecay, name),
        lrScale,
        slots: [],
      };
      this.byName.set(name, p);
      this.byVarName.set(variable.name, p);
      return p;
    });
  }

  /** Lazily, because subclasses set `slotNames` after the base constructor. */
  private ensureSlots(): void {
    for (const p of this.params) {
      if (p.slots.length === 0) {
        p.slots = this.slotNames.map(() => tf.tidy(() => tf.variable(tf.zerosLike(p.variable), false)));
      }
    }
  }

  /** Whether `name` gets weight decay. */
  usesWeightDecay(name: string): boolean {
    return this.param(name).decay;
  }

  /** The learning-rate multiplier of `name`. */
  lrScaleOf(name: string): number {
    return this.param(name).lrScale;
  }

  /** Names of the parameters, in order. */
  get names(): string[] {
    return this.params.map((p) => p.name);
  }

  /** The learning rate the next update will use (before per-parameter scales). */
  get currentLr(): number {
    return this.schedule(this.step);
  }

  /**
   * The bookkeeping of parameter `name`. Throws `TrainingError` (code `UNKNOWN_PARAMETER`) for a
   * name the optimizer does not hold.
   */
  protected param(name: string): OptimizerParam {
    const p = this.byName.get(name);
    if (!p) throw new TrainingError('UNKNOWN_PARAMETER', `no parameter named ${JSON.stringify(name)}`);
    return p;
  }

  /**
   * Applies one update from `grads` (keyed by HF name or tfjs variable name). Parameters without a
   * gradient are left alone (as in torch/TF); a gradient for an unknown name is an error.
   */
  applyGradients(grads: Gradients): StepResult {
    if (this.disposed) throw new TrainingError('BAD_STATE', `${this.type}: optimizer was disposed`);
    const pairs = this.matchGradients(grads);
    this.ensureSlots();
    const lr = this.schedule(this.step);
    const t = this.step + 1;
    const gradNorm = globalNorm(pairs.map(([, g]) => g));
    tf.tidy(() => {
      const scale = this.maxGradNorm == null ? null : clipScale(gradNorm, this.maxGradNorm);
      for (const [p, g] of pairs) {
        tf.tidy(() => {
          const grad = scale ? tf.mul(g, scale) : g;
          this.update(p, grad, lr * p.lrScale, t);
        });
      }
    });
    this.step = t;
    return { lr, gradNorm };
  }

  /**
   * Computes the gradients of `f` with respect to every parameter and applies them (tfjs'
   * `Optimizer.minimize`). Returns the loss when `returnCost`, else null.
   */
  minimize(f: () => tf.Scalar, returnCost = false): tf.Scalar | null {
    const vars = this.params.map((p) => p.variable);
    const { value, grads } = tf.variableGrads(f, vars);
    try {
      this.applyGradients(grads).gradNorm.dispose();
    } finally {
      for (const g of Object.values(grads)) g.dispose();
    }
    if (returnCost) return value;
    value.dispose();
    return null;
  }

  /** The per-parameter rule: assign the new value and slots. `lr` already includes the parameter's scale. */
  protected abstract update(p: OptimizerParam, grad: tf.Tensor, lr: number, t: number): void;

  private matchGradients(grads: Gradients): Array<[OptimizerParam, tf.Tensor]> {
    const entries: Array<readonly [string, tf.Tensor]> =
      grads instanceof Map
        ? [...grads.entries()]
        : Array.isArray(grads)
          ? (grads as ReadonlyArray<unknown>).map(gradientEntry)
          : Object.entries(grads ?? {});
    const out: Array<[OptimizerParam, tf.Tensor]> = [];
    const seen = new Set<OptimizerParam>();
    for (const [key, g] of entries) {
      if (g == null) continue;
      const p = this.byName.get(key) ?? this.byVarName.get(key);
      if (!p)
        throw new TrainingError(
          'UNKNOWN_PARAMETER',
          `${this.type}: gradient for unknown parameter ${JSON.stringify(key)}`,
        );
      if (seen.has(p))
        throw new TrainingError('INVALID_INPUT', `${this.type}: two gradients for parameter ${p.name}`);
      if (!tf.util.arraysEqual(g.shape, p.variable.shape)) {
        throw new TrainingError(
          'SHAPE_MISMATCH',
          `${this.type}: gradient of ${p.name} has shape [${g.shape}], parameter has [${p.variable.shape}]`,
        );
      }
      seen.add(p);
      out.push([p, g]);
    }
    if (out.length === 0) throw new TrainingError('MISSING_GRADIENT', `${this.type}: no gradients given`);
    // Keep the parameter order so results don't depend on the map's insertion order.
    const order = new Map(this.params.map((p, i) => [p, i]));
    out.sort((a, b) => order.get(a[0])! - order.get(b[0])!);
    return out;
  }

  /** The hyper-parameters saved in the optimizer state (`OptimizerState.hyper`). */
  protected abstract hyper(): Record<string, number | null | string[]>;

  /** A copy of the state as plain data (async: reads tensors with `data()`). */
  async getState(): Promise<OptimizerState> {
    this.ensureSlots();
    const slots: OptimizerState['slots'] = {};
    for (const p of this.params) {
      for (let i = 0; i < this.slotNames.length; i++) {
        slots[`${p.name}/${this.slotNames[i]}`] = {
          shape: [...p.slots[i].shape],
          values: (await p.slots[i].data()) as Float32Array,
        };
      }
    }
    return { type: this.type, step: this.step, schedule: this.schedule.spec, hyper: this.hyper(), slots };
  }

  /** Restores a state from {@link getState}; every slot must be present with the right shape. */
  setState(state: OptimizerState): void {
    if (state == null || state.type !== this.type) {
      throw new TrainingError(
        'BAD_STATE',
        `optimizer state: expected type ${this.type}, found ${state?.type}`,
      );
    }
    checkNumber('optimizer state step', state.step, { min: 0, integer: true });
    this.ensureSlots();
    const missing: string[] = [];
    for (const p of this.params) {
      for (let i = 0; i < this.slotNames.length; i++) {
        const key = `${p.name}/${this.slotNames[i]}`;
        const s = state.slots?.[key];
        if (!s) {
          missing.push(key);
          continue;
        }
        if (!tf.util.arraysEqual(s.shape, p.variable.shape) || s.values.length !== p.variable.size) {
          throw new TrainingError(
            'SHAPE_MISMATCH',
            `optimizer state ${key}: expected shape [${p.variable.shape}], found [${s.shape}] with ${s.values.length} values`,
          );
        }
      }
    }
    if (missing.length) {
      throw new TrainingError(
        'BAD_STATE',
        `optimizer state lacks ${missing.length} slot(s), e.g. ${missing.slice(0, 3).join(', ')}`,
      );
    }
    for (const p of this.params) {
      for (let i = 0; i < this.slotNames.length; i++) {
        const s = state.slots[`${p.name}/${this.slotNames[i]}`];
        tf.tidy(() => p.slots[i].assign(tf.tensor(s.values, p.variable.shape, 'float32')));
      }
    }
    this.step = state.step;
    if (state.schedule) this.schedule = toSchedule(state.schedule);
  }

  /** Frees the slot variables (not the parameters). */
  dispose(): void {
    for (const p of this.params) for (const s of p.slots) s.dispose();
    for (const p of this.params) p.slots = [];
    this.disposed = true;
  }
}

function gradientEntry(g: unknown): readonly [string, tf.Tensor] {
  if (Array.isArray(g)) return [g[0], g[1]];
  const o = g as { name: string; tensor: tf.Tensor };
  return [o?.name, o?.tensor];
}

function compilePatterns(option: string, patterns: NamePatterns): RegExp[] {
  if (!Array.isArray(patterns)) throw invalidOption(option, 'an array of strings or RegExps', patterns);
  return patterns.map((p, i) => {
    if (p instanceof RegExp) return new RegExp(p.source, p.flags.replace('g', '').replace('y', ''));
    if (typeof p !== 'string') throw invalidOption(`${option}[${i}]`, 'a string or RegExp', p);
    try {
      return new RegExp(p);
    } catch {
      throw invalidOption(`${option}[${i}]`, 'a valid regular expression', p);
    }
  });
}

export function matchesAny(patterns: readonly RegExp[], name: string): boolean {
  return patterns.some((r) => r.test(name));
}

function lrScaleLookup(s: OptimizerOptions['lrScales']): (name: string) => number {
  if (s == null) return () => 1;
  if (typeof s === 'function') return s;
  if (s instanceof Map) return (n) => s.get(n) ?? 1;
  if (typeof s === 'object') return (n) => (Object.hasOwn(s, n) ? s[n] : 1);
  throw invalidOption('lrScales', 'a Map, a record or a function of the name', s);
}

export { compilePatterns };
