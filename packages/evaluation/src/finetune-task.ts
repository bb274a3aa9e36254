import { accuracy, f1, f1Macro } from './classification.js';
import { pearson, spearman } from './correlation.js';
import { seqevalMetrics } from './entity-metrics.js';
import { EvaluationError } from './errors.js';
import { glueMetrics } from './glue.js';
import { raceMetrics } from './race.js';
import type { CustomTask } from './runner-types.js';
import type { SquadDataset } from './squad-data.js';
import { squadV1 } from './squad-v1.js';
import { squadV2 } from './squad-v2.js';

/** The fine-tuning task kinds (as `@albert-ts/heads` names them). */
export type FinetuneTaskKind =
  | 'classification'
  | 'regression'
  | 'token-classification'
  | 'qa'
  | 'multiple-choice';

/**
 * Options of `finetuneTask`: label names, the GLUE task or SQuAD data whose official metrics to
 * use.
 */
export interface FinetuneTaskOptions {
  /** Label names in id order (classification, token classification). */
  labelNames?: readonly string[];
  /** The GLUE task of the data: its official metrics instead of the generic ones. */
  glueTask?: string;
  /** SQuAD: the nested dataset (official metrics) and its version ("1.1", "v2.0"). */
  squad?: { data: unknown; version: string };
}

/**
 * The examples and predictions each kind is scored on (structurally what `@albert-ts/heads`'s
 * `predictTask` returns): a class `{label, scores}` against a label name; a value against a
 * number; word tag ids (-1 = cut) against tag names; `{text}` against SQuAD answers; an option
 * index against the correct one.
 */
export type Example = {
  id: string;
  label?: string | number;
  tags?: string[];
  isImpossible?: boolean;
  level?: string;
};
type Metrics = Record<string, number>;

function goldIds(xs: readonly Example[], labelNames: readonly string[]): number[] {
  const index = new Map(labelNames.map((l, i) => [l, i]));
  return xs.map((x) => {
    const id = index.get(String(x.label));
    if (id === undefined)
      throw new EvaluationError(
        'INVALID_INPUT',
        `example ${x.id}: label '${x.label}' is not one of the model's labels (${labelNames.join(', ')})`,
      );
    return id;
  });
}

function classification(preds: { label: number }[], xs: Example[], o: FinetuneTaskOptions): Metrics {
  const p = preds.map((x) => x.label);
  const gold = goldIds(xs, o.labelNames ?? []);
  if (o.glueTask) return { ...(glueMetrics(o.glueTask, p, gold) as unknown as Metrics) };
  const metrics: Metrics = { accuracy: accuracy(p, gold) };
  if ((o.labelNames ?? []).length === 2) metrics.f1 = f1(p, gold, { posLabel: 1 });
  else metrics.f1_macro = f1Macro(p, gold);
  return metrics;
}

function regression(preds: number[], xs: Example[], o: FinetuneTaskOptions): Metrics {
  const gold = xs.map((x) => Number(x.label));
  const mse = preds.reduce((s, p, i) => s + (p - gold[i]!) ** 2, 0) / Math.max(1, preds.length);
  if (o.glueTask) return { ...(glueMetrics(o.glueTask, preds, gold) as unknown as Metrics), mse };
  return { pearson: pearson(preds, gold), spearmanr: spearman(preds, gold), mse };
}

/** Word accuracy (a cut word counts as wrong), plus seqeval's entity scores for B-/I- tag sets. */
function tagging(preds: number[][], xs: Example[], o: FinetuneTaskOptions): Metrics {
  const names = o.labelNames ?? [];
  const predTags = tagNames(preds, names);
  let hit = 0;
  let n = 0;
  xs.forEach((s, i) => {
    (s.tags ?? []).forEach((t, w) => {
      n += 1;
      if (predTags[i]![w] === t) hit += 1;
    });
  });
  const metrics: Metrics = { accuracy: n ? hit / n : 0 };
  if (names.some((l) => /^[BIES]-/.test(l))) {
    const s = seqevalMetrics(
      predTags,
      xs.map((x) => x.tags ?? []),
    );
    metrics.precision = s.overall_precision;
    metrics.recall = s.overall_recall;
    metrics.f1 = s.overall_f1;
  }
  return metrics;
}

/** Tag ids as names ('O' for a word cut by truncation). */
export function tagNames(preds: readonly number[][], labelNames: readonly string[]): string[][] {
  return preds.map((p) => p.map((id) => (id < 0 ? 'O' : labelNames[id]!)));
}

function qa(preds: { text: string }[], xs: Example[], o: FinetuneTaskOptions): Metrics {
  if (!o.squad) throw new EvaluationError('INVALID_OPTION', 'finetuneTask(qa): options.squad is required');
  const answers: Record<string, string> = {};
  xs.forEach((x, i) => {
    answers[x.id] = preds[i]!.text;
  });
  const data = o.squad.data as SquadDataset;
  const v2 = /2/.test(o.squad.version) || xs.some((x) => x.isImpossible);
  return { ...((v2 ? squadV2(data, answers) : squadV1(data, answers)) as unknown as Metrics) };
}

function multipleChoice(preds: number[], xs: Example[]): Metrics {
  const gold = xs.map((x) => Number(x.label));
  const metrics: Metrics = { accuracy: accuracy(preds, gold) };
  if (xs.every((x) => x.level === 'middle' || x.level === 'high')) {
    const levels = xs.map((x) => x.level as 'middle' | 'high');
    const r = raceMetrics(preds, gold, levels) as unknown as Record<string, unknown>;
    for (const [key, v] of Object.entries(r)) if (typeof v === 'number') metrics[key] = v;
  }
  return metrics;
}

/**
 * The metrics of a fine-tuning task for `evaluate()`: accuracy and F1 (binary) or macro-F1, or the
 * GLUE task's own; Pearson/Spearman and MSE for regression; word accuracy and seqeval for tags;
 * the official SQuAD v1.1/v2.0 scores; accuracy (and RACE's middle/high split) for multiple choice.
 */
export function finetuneTask(
  kind: FinetuneTaskKind,
  o: FinetuneTaskOptions = {},
): CustomTask<Example, unknown> {
  const score = (preds: unknown[], xs: Example[]): Metrics => {
    switch (kind) {
      case 'classification':
        return classification(preds as { label: number }[], xs, o);
      case 'regression':
        return regression(preds as number[], xs, o);
      case 'token-classification':
        return tagging(preds as number[][], xs, o);
      case 'qa':
        return qa(preds as { text: string }[], xs, o);
      case 'multiple-choice':
        return multipleChoice(preds as number[], xs);
    }
    throw new EvaluationError('UNKNOWN_TASK', `finetuneTask: unknown task kind '${String(kind)}'`);
  };
  return { name: o.glueTask ?? kind, score: (preds, xs) => ({ metrics: score(preds, xs) }) };
}
