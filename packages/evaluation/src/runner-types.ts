import type { EntityOptions } from './entity-metrics.js';
import type { EvaluationProgress, ProgressSink } from './progress.js';

// The runner's option and report types, apart from `runner.ts` so that the built-in tasks
// (`runner-tasks.ts`) and the runner both import them without importing each other.

/** A task the runner does not know: how to score a whole run. */
export interface CustomTask<E, P> {
  name: string;
  /**
   * Scores the whole run: `predictions[i]` is the prediction for `examples[i]`; returns the metrics
   * and, optionally, one record per example.
   */
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

/** Options of `evaluate`: the task, the examples, and a batch `predict` function. */
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

/**
 * What `evaluate` returns: the task's metrics, one record per example, the example count and the
 * wall-clock time in milliseconds.
 */
export interface EvaluationReport<P> {
  task: string;
  metrics: Record<string, unknown>;
  records: EvaluationRecord<P>[];
  count: number;
  elapsedMs: number;
}
