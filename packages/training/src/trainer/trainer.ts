import * as tf from '@tensorflow/tfjs-core';
import { checkNumber, invalidOption, TrainingError } from '../errors.js';
import type { NamedOptimizer } from '../optim/optimizer.js';
import { Rng } from '../rng.js';
import { GradientAccumulator } from './accumulator.js';
import { batchTokens, disposeBatch, now, toAsync } from './batch-utils.js';
import { encodeCheckpoint, restoreCheckpoint, type TrainerState } from './checkpoint.js';
import { type CheckpointStore, checkpointStep, stepCheckpointName } from './checkpoint-store.js';
import { computeGradients } from './gradients.js';
import { withSeededRandom } from './seeded-random.js';
import type { LossOutput, TrainerOptions } from './trainer-options.js';
import type {
  EvalRecord,
  LogRecord,
  StopReason,
  TrainableModel,
  TrainDataset,
  TrainerCallback,
  TrainResult,
} from './types.js';

export type { LossOutput, TrainerOptions };

/**
 * The training loop: gradient accumulation, clipping and schedules (via the optimizer), periodic
 * evaluation, best-checkpoint selection, early stopping, callbacks, logs, and checkpoints that
 * resume exactly (weights, optimizer slots, step, schedule, data position and RNG state).
 */
export class Trainer<B = unknown> {
  readonly model: TrainableModel;
  readonly optimizer: NamedOptimizer;
  private readonly o: TrainerOptions<B>;
  private readonly data: TrainDataset<B>;
  private readonly gas: number;
  private readonly maxSteps: number;
  private readonly callbacks: TrainerCallback[];
  private rng: Rng;
  private state: {
    epoch: number;
    batchInEpoch: number;
    bestMetric: number | null;
    bestStep: number | null;
    stale: number;
  };
  private stopRequested = false;
  private resumed = false;
  private cleaned = false;

  constructor(opts: TrainerOptions<B>) {
    if (opts == null || typeof opts !== 'object') throw invalidOption('options', 'an object', opts);
    if (!opts.model || typeof opts.model.namedParameters !== 'function')
      throw invalidOption('model', 'a model with namedParameters()', opts.model);
    if (!opts.optimizer || typeof opts.optimizer.applyGradients !== 'function')
      throw invalidOption('optimizer', 'a Lamb or AdamW', opts.optimizer);
    this.model = opts.model;
    this.optimizer = opts.optimizer;
    this.o = opts;
    const td = opts.trainData;
    if (typeof td === 'function') this.data = { batches: td };
    else if (td && typeof td.batches === 'function') this.data = td;
    else throw invalidOption('trainData', 'a TrainDataset or a function of the epoch', td);
    this.gas = checkNumber('gradientAccumulationSteps', opts.gradientAccumulationSteps ?? 1, {
      min: 1,
      integer: true,
    });
    if (opts.maxSteps == null && opts.numEpochs == null)
      throw invalidOption('maxSteps', 'a step budget (or numEpochs)', undefined);
    this.maxSteps =
      opts.maxSteps == null
        ? Number.POSITIVE_INFINITY
        : checkNumber('maxSteps', opts.maxSteps, { min: 1, integer: true });
    if (opts.numEpochs != null) checkNumber('numEpochs', opts.numEpochs, { min: 1, integer: true });
    for (const k of ['evalEvery', 'logEvery', 'saveEvery', 'keepLast', 'earlyStoppingPatience'] as const) {
      if (opts[k] != null) checkNumber(k, opts[k], { min: 1, integer: true });
    }
    if (opts.earlyStoppingPatience != null && !opts.metricForBestModel) {
      throw invalidOption('metricForBestModel', 'a metric name (early stopping needs one)', undefined);
    }
    if (opts.metricForBestModel && !opts.evaluate)
      throw invalidOption('evaluate', 'a function (metricForBestModel needs one)', undefined);
    this.callbacks = opts.callbacks ?? [];
    this.rng = new Rng(opts.seed ?? 42);
    this.state = { epoch: 0, batchInEpoch: 0, bestMetric: null, bestStep: null, stale: 0 };
  }

  /** Optimizer updates done so far. */
  get step(): number {
    return this.optimizer.step;
  }

  /** Ask the loop to stop after the current update (e.g. from a callback). */
  stop(): void {
    this.stopRequested = true;
  }

  /** Removes what killed writes left in the store, once per Trainer (at resume or train start). */
  private async cleanStore(): Promise<void> {
    if (this.cleaned || !this.o.checkpoints?.cleanTemp) return;
    this.cleaned = true;
    await this.o.checkpoints.cleanTemp();
  }

  /**
   * Restores a checkpoint from the store: `'latest'` (the highest `checkpoint-N` that loads; a
   * damaged newest one falls back to the previous) or a name. Returns the step restored.
   */
  async resume(from: 'latest' | string = 'latest'): Promise<number> {
    const store = this.o.checkpoints;
    if (!store) throw invalidOption('checkpoints', 'a CheckpointStore (to resume from)', undefined);
    await this.cleanStore();
    let names: string[];
    if (from === 'latest') {
      names = (await store.list())
        .filter((n) => checkpointStep(n) != null)
        .sort((a, b) => checkpointStep(b)! - checkpointStep(a)!);
      if (names.length === 0)
        throw new TrainingError('CHECKPOINT', 'resume: the store holds no checkpoint-N');
    } else names = [from];
    let lastError: unknown;
    for (const name of names) {
      try {
        const files = await store.read(name);
        this.applyState(restoreCheckpoint(files, this.model, this.optimizer, name));
        this.resumed = true;
        return this.step;
      } catch (e) {
        lastError = e;
      }
    }
    throw lastError;
  }

  private applyState(s: TrainerState): void {
    this.rng.setState(s.rng);
    this.state = {
      epoch: s.epoch,
      batchInEpoch: s.batchInEpoch,
      bestMetric: s.bestMetric,
      bestStep: s.bestStep,
      stale: s.evalsWithoutImprovement,
    };
  }

  private trainerState(metrics?: Record<string, number>): TrainerState {
    return {
      version: 1,
      step: this.step,
      epoch: this.state.epoch,
      batchInEpoch: this.state.batchInEpoch,
      rng: this.rng.getState(),
      bestMetric: this.state.bestMetric,
      bestStep: this.state.bestStep,
      evalsWithoutImprovement: this.state.stale,
      optimizer: {
        type: this.optimizer.type,
        step: this.optimizer.step,
        schedule: this.optimizer.schedule.spec,
      },
      ...(metrics ? { metrics } : {}),
    };
  }

  /** Writes a checkpoint under `name` now. */
  async save(name = stepCheckpointName(this.step), metrics?: Record<string, number>): Promise<void> {
    const store = this.o.checkpoints;
    if (!store) throw invalidOption('checkpoints', 'a CheckpointStore', undefined);
    await store.write(name, await encodeCheckpoint(this.model, this.optimizer, this.trainerState(metrics)));
    for (const cb of this.callbacks) await cb.onSave?.({ name, step: this.step });
    if (checkpointStep(name) != null) await this.prune(store);
  }

  private async prune(store: CheckpointStore): Promise<void> {
    const keep = this.o.keepLast ?? 3;
    const numbered = (await store.list())
      .filter((n) => checkpointStep(n) != null)
      .sort((a, b) => checkpointStep(a)! - checkpointStep(b)!);
    for (const n of numbered.slice(0, Math.max(0, numbered.length - keep))) await store.remove(n);
  }

  /** Runs until `maxSteps`, `numEpochs`, early stopping or `stop()`. */
  async train(): Promise<TrainResult> {
    const params = this.model.namedParameters();
    const logs: LogRecord[] = [];
    const evals: EvalRecord[] = [];
    const logEvery = this.o.logEvery ?? 10;
    const start = now();
    let window = { steps: 0, loss: 0, tokens: 0, t0: start, extras: new Map<string, number>() };
    let stopReason: StopReason | null = null;
    let lastSaved = -1;
    await this.cleanStore();
    for (const cb of this.callbacks)
      await cb.onTrainBegin?.({ step: this.step, maxSteps: this.maxSteps, resumed: this.resumed });

    let iterator = await this.openEpoch();
    while (stopReason == null) {
      if (this.step >= this.maxSteps) {
        stopReason = 'maxSteps';
        break;
      }
      const acc = new GradientAccumulator();
      let tokens = 0;
      try {
        while (acc.count < this.gas) {
          const batch = await this.nextBatch(iterator);
          if (batch === END) break;
          iterator = batch.iterator;
          tokens += await batchTokens(batch.value);
          const dropoutSeed = this.rng.nextSeed();
          try {
            const extras: Record<string, tf.Scalar> = {};
            const { value, grads } = withSeededRandom(dropoutSeed, () =>
              computeGradients(params, () => {
                const out = this.lossOf(batch.value, dropoutSeed);
                for (const [k, v] of Object.entries(out.extras ?? {})) extras[k] = tf.keep(v);
                return out.loss;
              }),
            );
            acc.add(grads, value, extras);
          } finally {
            disposeBatch(batch.value);
          }
        }
      } catch (e) {
        acc.dispose();
        throw e;
      }
      if (acc.count === 0) {
        stopReason = 'epochs';
        break;
      }
      // A partial accumulation at the end of the last epoch still makes an update (averaged over what it has).
      const done = acc.finish();
      const { lr, gradNorm } = this.optimizer.applyGradients(done.grads);
      for (const g of done.grads.values()) g.dispose();
      const meanLoss = (await done.loss.data())[0];
      done.loss.dispose();
      const norm = (await gradNorm.data())[0];
      gradNorm.dispose();
      for (const [k, t] of done.extras) {
        window.extras.set(k, (window.extras.get(k) ?? 0) + (await t.data())[0]);
        t.dispose();
      }
      if ((this.o.stopOnNonFinite ?? true) && (!Number.isFinite(meanLoss) || !Number.isFinite(norm))) {
        throw new TrainingError('NON_FINITE', `step ${this.step}: loss ${meanLoss}, gradient norm ${norm}`);
      }
      window.steps += 1;
      window.loss += meanLoss;
      window.tokens += tokens;
      const step = this.step;
      for (const cb of this.callbacks)
        await cb.onStepEnd?.({ step, maxSteps: this.maxSteps, loss: meanLoss, lr, epoch: this.state.epoch });

      const last = step >= this.maxSteps;
      if (step % logEvery === 0 || last) {
        const t = now();
        const secs = Math.max(1e-9, (t - window.t0) / 1000);
        const record: LogRecord = {
          step,
          epoch: this.state.epoch,
          loss: window.loss / window.steps,
          lr,
          gradNorm: norm,
          stepsPerSecond: window.steps / secs,
          tokensPerSecond: window.tokens / secs,
          elapsed: (t - start) / 1000,
        };
        for (const [k, v] of window.extras) record[k] = v / window.steps;
        logs.push(record);
        for (const cb of this.callbacks) await cb.onLog?.(record);
        window = { steps: 0, loss: 0, tokens: 0, t0: t, extras: new Map() };
      }
      // Evaluation and checkpoint time does not count against the next window's throughput.
      const pauseStart = now();
      if (this.o.evaluate && this.o.evalEvery && (step % this.o.evalEvery === 0 || last)) {
        const rec = await this.runEvaluation();
        evals.push(rec);
        if (this.o.earlyStoppingPatience != null && this.state.stale >= this.o.earlyStoppingPatience)
          stopReason = 'earlyStopping';
      }
      if (this.o.checkpoints && this.o.saveEvery && (step % this.o.saveEvery === 0 || last || stopReason)) {
        await this.save();
        lastSaved = step;
      }
      window.t0 += now() - pauseStart;
      if (this.stopRequested && !stopReason) stopReason = 'requested';
    }
    await iterator.return?.(undefined);
    if (this.o.checkpoints && this.o.saveEvery && lastSaved !== this.step && this.step > 0) await this.save();
    const result: TrainResult = {
      step: this.step,
      epoch: this.state.epoch,
      stopReason: stopReason!,
      bestMetric: this.state.bestMetric,
      bestStep: this.state.bestStep,
      logs,
      evals,
    };
    for (const cb of this.callbacks) await cb.onTrainEnd?.(result);
    return result;
  }

  /** The next micro-batch, moving to the next epoch when one ends; END when the last epoch is done. */
  private async nextBatch(
    iterator: EpochIterator<B>,
  ): Promise<{ value: B; iterator: EpochIterator<B> } | typeof END> {
    let next = await iterator.next();
    if (next.done) {
      this.state.epoch += 1;
      this.state.batchInEpoch = 0;
      if (this.o.numEpochs != null && this.state.epoch >= this.o.numEpochs) return END;
      iterator = await this.openEpoch();
      next = await iterator.next();
      if (next.done)
        throw new TrainingError('INVALID_INPUT', `trainData: epoch ${this.state.epoch} has no batches`);
    }
    this.state.batchInEpoch += 1;
    return { value: next.value, iterator };
  }

  private lossOf(batch: B, dropoutSeed: number): LossOutput {
    if (this.o.computeLoss) {
      const out = this.o.computeLoss(this.model, batch, { dropoutSeed });
      return out instanceof tf.Tensor ? { loss: out } : out;
    }
    const out = this.model.call(batch, { training: true, dropoutSeed });
    const loss = out?.loss;
    if (!(loss instanceof tf.Tensor) || loss.size !== 1) {
      throw new TrainingError(
        'INVALID_INPUT',
        'model.call(batch) returned no scalar `loss`: does the batch carry labels?',
      );
    }
    const extras: Record<string, tf.Scalar> = {};
    for (const [k, v] of Object.entries(out as Record<string, unknown>)) {
      if (k !== 'loss' && /loss$/i.test(k) && v instanceof tf.Tensor && v.size === 1)
        extras[k] = v as tf.Scalar;
    }
    return { loss: tf.reshape(loss, []) as tf.Scalar, extras };
  }

  private async runEvaluation(): Promise<EvalRecord> {
    const metrics = await this.o.evaluate!(this.model, { step: this.step });
    let isBest = false;
    const key = this.o.metricForBestModel;
    if (key) {
      const v = metrics[key];
      if (typeof v !== 'number' || Number.isNaN(v)) {
        throw new TrainingError(
          'INVALID_INPUT',
          `evaluate() returned no number for metricForBestModel ${JSON.stringify(key)}`,
        );
      }
      const greater = this.o.greaterIsBetter ?? !/loss/i.test(key);
      const thr = this.o.earlyStoppingThreshold ?? 0;
      const best = this.state.bestMetric;
      isBest = best == null || (greater ? v > best + thr : v < best - thr);
      if (isBest) {
        this.state.bestMetric = v;
        this.state.bestStep = this.step;
        this.state.stale = 0;
      } else this.state.stale += 1;
    }
    const rec: EvalRecord = { step: this.step, epoch: this.state.epoch, metrics, isBest };
    if (isBest && this.o.checkpoints) await this.save('best', metrics);
    for (const cb of this.callbacks) await cb.onEvaluate?.(rec);
    return rec;
  }

  /** Opens the current epoch's batches and skips those already consumed (resume). */
  private async openEpoch(): Promise<EpochIterator<B>> {
    const src = this.data.batches(this.state.epoch);
    const it: AsyncIterator<B> =
      typeof (src as AsyncIterable<B>)[Symbol.asyncIterator] === 'function'
        ? (src as AsyncIterable<B>)[Symbol.asyncIterator]()
        : toAsync((src as Iterable<B>)[Symbol.iterator]());
    for (let i = 0; i < this.state.batchInEpoch; i++) {
      const r = await it.next();
      if (r.done) {
        throw new TrainingError(
          'CHECKPOINT',
          `resume: epoch ${this.state.epoch} has fewer than ${this.state.batchInEpoch} batches (is trainData deterministic?)`,
        );
      }
      disposeBatch(r.value);
    }
    return it;
  }
}

const END = Symbol('end of training data');
type EpochIterator<B> = AsyncIterator<B> & { return?: (v?: unknown) => Promise<unknown> };
