import { accuracy, f1, matthewsCorrcoef } from './classification.js';
import { pearson, spearman } from './correlation.js';
import { describeValue, EvaluationError } from './errors.js';
import type { Label } from './numeric.js';

/**
 * GLUE task names as Hugging Face spells them: its `glue` dataset configs (which include `ax`, the
 * unlabelled diagnostic set) and its `glue` metric configs (which include `hans`). Defined here once;
 * @albert-ts/datasets imports it type-only. Its readers know every name but `hans` (no GLUE files),
 * the metrics every name but `ax` (no labels); each rejects the other with a clear error.
 */
export type GlueTask =
  | 'cola'
  | 'sst2'
  | 'mrpc'
  | 'stsb'
  | 'qqp'
  | 'mnli'
  | 'mnli_matched'
  | 'mnli_mismatched'
  | 'qnli'
  | 'rte'
  | 'wnli'
  | 'ax'
  | 'hans';

/** The keys Hugging Face's `glue` metric returns, per task. */
export interface GlueResult {
  matthews_correlation?: number;
  accuracy?: number;
  f1?: number;
  pearson?: number;
  spearmanr?: number;
}

const ALIASES: Record<string, Exclude<GlueTask, 'ax'>> = {
  cola: 'cola',
  sst2: 'sst2',
  mrpc: 'mrpc',
  stsb: 'stsb',
  qqp: 'qqp',
  mnli: 'mnli',
  mnlimatched: 'mnli_matched',
  mnlim: 'mnli_matched',
  mnlimismatched: 'mnli_mismatched',
  mnlimm: 'mnli_mismatched',
  qnli: 'qnli',
  rte: 'rte',
  wnli: 'wnli',
  hans: 'hans',
};

/**
 * Canonical GLUE task name for the spellings in use: HF config names (`mnli_mismatched`), the GLUE
 * folder/`run_glue` names (`SST-2`, `STS-B`, `MNLI-MM`, `mnli-mm`), any case.
 */
export function normalizeGlueTask(task: string): Exclude<GlueTask, 'ax'> {
  if (typeof task !== 'string') {
    throw new EvaluationError('UNKNOWN_TASK', `GLUE task must be a string, found ${describeValue(task)}`);
  }
  const key = task.toLowerCase().replace(/[-_\s]/g, '');
  const t = ALIASES[key];
  if (!t) {
    throw new EvaluationError(
      'UNKNOWN_TASK',
      `unknown GLUE task ${JSON.stringify(task)}; expected one of ${Object.values(ALIASES)
        .filter((v, i, a) => a.indexOf(v) === i)
        .join(', ')} (or mnli-m / mnli-mm)`,
    );
  }
  return t;
}

/** Accuracy and binary F1 (positive class 1) plus their mean, as HF `glue_compute_metrics`' acc_and_f1. */
export function accAndF1(
  predictions: readonly Label[],
  labels: readonly Label[],
): { accuracy: number; f1: number; acc_and_f1: number } {
  const acc = accuracy(predictions, labels);
  const f = f1(predictions, labels);
  return { accuracy: acc, f1: f, acc_and_f1: (acc + f) / 2 };
}

/** Pearson and Spearman correlations plus their mean, as HF `glue_compute_metrics`' pearson_and_spearman. */
export function pearsonAndSpearman(
  predictions: ArrayLike<number>,
  labels: ArrayLike<number>,
): { pearson: number; spearmanr: number; corr: number } {
  const p = pearson(predictions, labels);
  const s = spearman(predictions, labels);
  return { pearson: p, spearmanr: s, corr: (p + s) / 2 };
}

/**
 * The scores Hugging Face's `glue` metric reports for a task, under its keys: cola →
 * `matthews_correlation`; mrpc, qqp → `accuracy`, `f1`; stsb → `pearson`, `spearmanr`; the others →
 * `accuracy`. Predictions are class ids (stsb: scores), labels likewise.
 */
export function glueMetrics(
  task: string,
  predictions: readonly Label[],
  labels: readonly Label[],
): GlueResult {
  const t = normalizeGlueTask(task);
  switch (t) {
    case 'cola':
      return { matthews_correlation: matthewsCorrcoef(predictions, labels) };
    case 'stsb':
      return {
        pearson: pearson(predictions as readonly number[], labels as readonly number[]),
        spearmanr: spearman(predictions as readonly number[], labels as readonly number[]),
      };
    case 'mrpc':
    case 'qqp':
      return { accuracy: accuracy(predictions, labels), f1: f1(predictions, labels) };
    default:
      return { accuracy: accuracy(predictions, labels) };
  }
}
