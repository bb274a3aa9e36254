import type { EntityOptions } from './entity-metrics.js';
import { describeValue, EvaluationError } from './errors.js';
import { defaultSink, type EvaluationProgress, type ProgressSink, progressPrinter } from './progress.js';
import { field, resolveTask } from './runner-tasks.js';

/** A task the runner does not know: how to score a whole run. */
export interface CustomTask<E, P> {
  name: string;
  score(
    predictions: P[],
    examples: E[],
  ): { metrics: Record<string, unknown>; records?: Record<string, unknown>[] };
}

/**
 * Built-in tasks: the GLUE names (`glueMetrics`; examples carry `label`), `race` (examples carry `label`
 * and `level`, or an `id` naming the level), `squad_v1` / `squad_v2` (examples carry `id` and `answers`;
 * predictions are answer texts or `{text, naProb}`), `ner` (examples carry `tags`; predictions are tag arrays).
 */
export type TaskName = string;

export interface EvaluateOptions<E, P> {
  task: TaskName | CustomTask<E, P>;
  examples: Iterable<E> | AsyncIterable<E>;
  /** Predicts a batch; must return one prediction per example, in order. */
  predict(batch: E[]): Promise<readonly P[]> | readonly P[];
  /** Examples per `predict` call (default 32). */
  batchSize?: number;
  /** Total number of examples, for progress when `examples` is not an array. */
  total?: number;
  /** Called after every batch. */
  onProgress?(progress: EvaluationProgress): void;
  /** Print a progress line: `true` for stderr (redrawn in place on a TTY), or any sink with `write`. */
  progress?: boolean | ProgressSink;
  signal?: AbortSignal;
  /** Where an example keeps its label (default: `label`; `answers` for SQuAD; `tags` for ner). */
  labelOf?(example: E): unknown;
  /** SQuAD v2: `--na-prob-thresh` (default 1.0). */
  naProbThresh?: number;
  /** ner: seqeval mode / scheme / suffix. */
  entity?: EntityOptions;
}

/** One example's outcome, for error analysis. */
export interface EvaluationRecord<P> {
  index: number;
  id: string | number;
  prediction: P;
  [key: string]: unknown;
}

export interface EvaluationReport<P> {
  task: string;
  metrics: Record<string, unknown>;
  records: EvaluationRecord<P>[];
  count: number;
  elapsedMs: number;
}

async function* batches<E>(examples: Iterable<E> | AsyncIterable<E>, size: number): AsyncGenerator<E[]> {
  let batch: E[] = [];
  for await (const e of examples as AsyncIterable<E>) {
    batch.push(e);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * Runs `predict` over the examples in batches, reports progress, and scores the run with the task's
 * metric. Returns the metrics and one record per example (prediction, label and whether it was right /
 * its per-question scores) for error analysis.
 */
export async function evaluate<E, P>(options: EvaluateOptions<E, P>): Promise<EvaluationReport<P>> {
  if (options === null || typeof options !== 'object') {
    throw new EvaluationError(
      'INVALID_ARGUMENT',
      `evaluate: options must be an object, found ${describeValue(options)}`,
    );
  }
  const { predict, signal } = options;
  if (typeof predict !== 'function') {
    throw new EvaluationError(
      'INVALID_ARGUMENT',
      `evaluate: predict must be a function, found ${describeValue(predict)}`,
    );
  }
  const examples = options.examples;
  if (
    examples == null ||
    (typeof (examples as Iterable<E>)[Symbol.iterator] !== 'function' &&
      typeof (examples as AsyncIterable<E>)[Symbol.asyncIterator] !== 'function')
  ) {
    throw new EvaluationError(
      'INVALID_ARGUMENT',
      `evaluate: examples must be iterable, found ${describeValue(examples)}`,
    );
  }
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new EvaluationError(
      'INVALID_ARGUMENT',
      `evaluate: batchSize must be an integer >= 1, found ${describeValue(batchSize)}`,
    );
  }
  const task = resolveTask(options);
  const total = Array.isArray(examples) ? examples.length : options.total;
  const sink = options.progress === true ? defaultSink() : options.progress || null;
  const printer = sink ? progressPrinter(task.name, sink) : null;

  const started = Date.now();
  const all: E[] = [];
  const preds: P[] = [];
  let batchCount = 0;
  const progressNow = (): EvaluationProgress => {
    const elapsedMs = Date.now() - started;
    const rate = elapsedMs > 0 ? (1000 * all.length) / elapsedMs : 0;
    const p: EvaluationProgress = { done: all.length, batches: batchCount, elapsedMs, rate };
    if (total !== undefined) {
      p.total = total;
      if (rate > 0) p.etaMs = (1000 * Math.max(0, total - all.length)) / rate;
    }
    return p;
  };
  for await (const batch of batches(examples, batchSize)) {
    if (signal?.aborted)
      throw new EvaluationError('ABORTED', `evaluate: aborted after ${all.length} examples`);
    let out: readonly P[];
    try {
      out = await predict(batch);
    } catch (cause) {
      throw new EvaluationError(
        'PREDICT',
        `evaluate: predict threw on batch ${batchCount} (examples ${all.length}..${all.length + batch.length - 1}): ${String((cause as Error)?.message ?? cause)}`,
        { cause },
      );
    }
    if (
      !out ||
      typeof out !== 'object' ||
      typeof (out as ArrayLike<P>).length !== 'number' ||
      out.length !== batch.length
    ) {
      throw new EvaluationError(
        'PREDICT',
        `evaluate: predict returned ${describeValue(out)} for a batch of ${batch.length}; it must return one prediction per example`,
      );
    }
    all.push(...batch);
    for (let i = 0; i < out.length; i++) preds.push(out[i]);
    batchCount++;
    const p = progressNow();
    options.onProgress?.(p);
    printer?.update(p);
  }
  if (all.length === 0) throw new EvaluationError('EMPTY_INPUT', 'evaluate: there are no examples');
  const scored = task.score(preds, all);
  printer?.finish(progressNow());
  const records: EvaluationRecord<P>[] = preds.map((prediction, index) => {
    const id = field(all[index], 'id');
    return {
      index,
      id: typeof id === 'string' || typeof id === 'number' ? id : index,
      prediction,
      ...(scored.records?.[index] ?? {}),
    };
  });
  return {
    task: task.name,
    metrics: scored.metrics,
    records,
    count: all.length,
    elapsedMs: Date.now() - started,
  };
}
