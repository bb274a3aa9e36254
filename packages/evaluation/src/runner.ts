import { describeValue, EvaluationError } from './errors.js';
import { defaultSink, type EvaluationProgress, progressPrinter } from './progress.js';
import { field, resolveTask } from './runner-tasks.js';
import type { EvaluateOptions, EvaluationRecord, EvaluationReport } from './runner-types.js';

export type {
  CustomTask,
  EvaluateOptions,
  EvaluationRecord,
  EvaluationReport,
  TaskName,
} from './runner-types.js';

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
      'INVALID_OPTION',
      `evaluate: options must be an object, found ${describeValue(options)}`,
    );
  }
  const { predict, signal } = options;
  if (typeof predict !== 'function') {
    throw new EvaluationError(
      'INVALID_INPUT',
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
      'INVALID_INPUT',
      `evaluate: examples must be iterable, found ${describeValue(examples)}`,
    );
  }
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new EvaluationError(
      'INVALID_OPTION',
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
