import { EvaluationError } from './errors.js';
import {
  checkLabels,
  checkPair,
  type Label,
  npMean,
  npWeightedAverage,
  uniqueSortedLabels,
} from './numeric.js';

/** How per-class scores are combined, as scikit-learn's `average` (`null`: one score per class). */
export type Average = 'binary' | 'micro' | 'macro' | 'weighted' | null;

/**
 * Options of `precision`, `recall`, `f1` and `precisionRecallF1`, as scikit-learn's keyword
 * arguments.
 */
export interface PrfOptions {
  /** Default `'binary'` (scikit-learn's default). */
  average?: Average;
  /** The positive class for `average: 'binary'`; default 1. */
  posLabel?: Label;
  /** Classes to score, in this order (default: every label seen in predictions or labels, sorted). */
  labels?: readonly Label[];
  /** Value of a score whose denominator is 0 (scikit-learn's `zero_division`); default 0. */
  zeroDivision?: 0 | 1;
}

/** Precision, recall, F1 and support: numbers for an average, arrays (one per class) for `average: null`. */
export interface PrfResult<T = number> {
  precision: T;
  recall: T;
  f1: T;
  /** Number of true instances (per class; for an average: the total, or null like scikit-learn for binary). */
  support: T extends number ? number | null : number[];
  /** The classes the arrays refer to, in order. */
  labels: Label[];
}

function validate(predictions: readonly Label[], labels: readonly Label[], what: string): void {
  checkPair(predictions, labels, what);
  const kp = checkLabels(predictions, 'predictions', what);
  const kl = checkLabels(labels, 'labels', what);
  if (kp !== kl) throw new EvaluationError('LABELS', `${what}: predictions are ${kp}s but labels are ${kl}s`);
}

/** Fraction of predictions equal to their label (`sklearn.metrics.accuracy_score`). */
export function accuracy(predictions: readonly Label[], labels: readonly Label[]): number {
  validate(predictions, labels, 'accuracy');
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predictions[i] === labels[i]) correct++;
  return correct / labels.length;
}

/**
 * `sklearn.metrics.confusion_matrix`: `matrix[i][j]` counts items whose label is class i and whose
 * prediction is class j. Classes are `options.labels` (items of other classes are left out) or every label
 * seen, sorted.
 */
export function confusionMatrix(
  predictions: readonly Label[],
  labels: readonly Label[],
  options: { labels?: readonly Label[] } = {},
): number[][] {
  validate(predictions, labels, 'confusionMatrix');
  const classes = options.labels ? [...options.labels] : uniqueSortedLabels(labels, predictions);
  if (classes.length === 0) throw new EvaluationError('LABELS', 'confusionMatrix: options.labels is empty');
  const index = new Map<Label, number>();
  classes.forEach((c, i) => {
    if (index.has(c))
      throw new EvaluationError('LABELS', `confusionMatrix: options.labels repeats ${String(c)}`);
    index.set(c, i);
  });
  const m = classes.map(() => new Array<number>(classes.length).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const t = index.get(labels[i]);
    const p = index.get(predictions[i]);
    if (t !== undefined && p !== undefined) m[t][p]++;
  }
  return m;
}

interface Counts {
  labels: Label[];
  tp: number[];
  pred: number[];
  truth: number[];
}

function counts(predictions: readonly Label[], labels: readonly Label[], classes: Label[]): Counts {
  const index = new Map<Label, number>();
  classes.forEach((c, i) => {
    index.set(c, i);
  });
  const tp = new Array<number>(classes.length).fill(0);
  const pred = new Array<number>(classes.length).fill(0);
  const truth = new Array<number>(classes.length).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const t = index.get(labels[i]);
    const p = index.get(predictions[i]);
    if (t !== undefined) truth[t]++;
    if (p !== undefined) pred[p]++;
    if (t !== undefined && predictions[i] === labels[i]) tp[t]++;
  }
  return { labels: classes, tp, pred, truth };
}

function divide(num: number[], den: number[], zeroDivision: number): number[] {
  return num.map((n, i) => (den[i] === 0 ? zeroDivision : n / den[i]));
}

/** Classes to score for an `average`, following scikit-learn's `_check_set_wise_labels`. */
function scoredClasses(
  predictions: readonly Label[],
  labels: readonly Label[],
  average: Average,
  posLabel: Label,
  explicit: readonly Label[] | undefined,
  what: string,
): Label[] {
  const present = uniqueSortedLabels(labels, predictions);
  if (average === 'binary') {
    if (present.length > 2) {
      throw new EvaluationError(
        'LABELS',
        `${what}: average 'binary' needs at most 2 classes, found ${present.length} (${present.slice(0, 5).join(', ')}${present.length > 5 ? ', ...' : ''}); use average 'macro', 'micro' or 'weighted'`,
      );
    }
    if (!present.includes(posLabel) && present.length >= 2) {
      throw new EvaluationError(
        'LABELS',
        `${what}: posLabel ${JSON.stringify(posLabel)} is not one of the classes present (${present.map((l) => JSON.stringify(l)).join(', ')})`,
      );
    }
    return [posLabel];
  }
  if (explicit) {
    if (explicit.length === 0) throw new EvaluationError('LABELS', `${what}: options.labels is empty`);
    return [...explicit];
  }
  return present;
}

/**
 * Precision, recall, F1 and support as `sklearn.metrics.precision_recall_fscore_support` (scikit-learn
 * 1.2's formulas: F1 = 2·P·R / (P + R) from the per-class P and R; zero_division 0 unless told).
 */
export function precisionRecallF1(
  predictions: readonly Label[],
  labels: readonly Label[],
  options: PrfOptions & { average: null },
): PrfResult<number[]>;
export function precisionRecallF1(
  predictions: readonly Label[],
  labels: readonly Label[],
  options?: PrfOptions,
): PrfResult<number>;
export function precisionRecallF1(
  predictions: readonly Label[],
  labels: readonly Label[],
  options: PrfOptions = {},
): PrfResult<number> | PrfResult<number[]> {
  const what = 'precisionRecallF1';
  validate(predictions, labels, what);
  const average = options.average === undefined ? 'binary' : options.average;
  if (![null, 'binary', 'micro', 'macro', 'weighted'].includes(average)) {
    throw new EvaluationError(
      'INVALID_OPTION',
      `${what}: average must be 'binary', 'micro', 'macro', 'weighted' or null, found ${JSON.stringify(average)}`,
    );
  }
  const zd = options.zeroDivision ?? 0;
  if (zd !== 0 && zd !== 1) {
    throw new EvaluationError('INVALID_OPTION', `${what}: zeroDivision must be 0 or 1, found ${String(zd)}`);
  }
  const classes = scoredClasses(predictions, labels, average, options.posLabel ?? 1, options.labels, what);
  let { tp, pred, truth } = counts(predictions, labels, classes);
  if (average === 'micro') {
    tp = [tp.reduce((a, b) => a + b, 0)];
    pred = [pred.reduce((a, b) => a + b, 0)];
    truth = [truth.reduce((a, b) => a + b, 0)];
  }
  const precision = divide(tp, pred, zd);
  const recall = divide(tp, truth, zd);
  const f1 = precision.map((p, i) => {
    const denom = p + recall[i];
    return (2 * p * recall[i]) / (denom === 0 ? 1 : denom);
  });
  if (average === null) return { precision, recall, f1, support: truth, labels: classes };
  if (average === 'binary' || average === 'micro') {
    return { precision: precision[0], recall: recall[0], f1: f1[0], support: null, labels: classes };
  }
  const support = truth.reduce((a, b) => a + b, 0);
  if (average === 'weighted') {
    if (support === 0) {
      // scikit-learn 1.2: no true instance of any scored class.
      const noPred = pred.reduce((a, b) => a + b, 0) === 0;
      return {
        precision: noPred ? zd : 0,
        recall: zd,
        f1: noPred ? zd : 0,
        support: null,
        labels: classes,
      };
    }
    return {
      precision: npWeightedAverage(precision, truth),
      recall: npWeightedAverage(recall, truth),
      f1: npWeightedAverage(f1, truth),
      support: null,
      labels: classes,
    };
  }
  return {
    precision: npMean(precision),
    recall: npMean(recall),
    f1: npMean(f1),
    support: null,
    labels: classes,
  };
}

/** Precision (`sklearn.metrics.precision_score`); binary with positive class 1 unless told. */
export function precision(
  predictions: readonly Label[],
  labels: readonly Label[],
  options: PrfOptions = {},
): number {
  return precisionRecallF1(predictions, labels, { ...options, average: options.average ?? 'binary' })
    .precision;
}

/** Recall (`sklearn.metrics.recall_score`); binary with positive class 1 unless told. */
export function recall(
  predictions: readonly Label[],
  labels: readonly Label[],
  options: PrfOptions = {},
): number {
  return precisionRecallF1(predictions, labels, { ...options, average: options.average ?? 'binary' }).recall;
}

/** F1 (`sklearn.metrics.f1_score`); binary with positive class 1 (`options.posLabel`) unless told. */
export function f1(
  predictions: readonly Label[],
  labels: readonly Label[],
  options: PrfOptions = {},
): number {
  return precisionRecallF1(predictions, labels, { ...options, average: options.average ?? 'binary' }).f1;
}

/** Unweighted mean of the per-class F1 over every class seen (`f1_score(average='macro')`). */
export function f1Macro(
  predictions: readonly Label[],
  labels: readonly Label[],
  options: Omit<PrfOptions, 'average' | 'posLabel'> = {},
): number {
  return precisionRecallF1(predictions, labels, { ...options, average: 'macro' }).f1;
}

/** F1 of the pooled counts over every class (`f1_score(average='micro')`; equals accuracy for single-label). */
export function f1Micro(
  predictions: readonly Label[],
  labels: readonly Label[],
  options: Omit<PrfOptions, 'average' | 'posLabel'> = {},
): number {
  return precisionRecallF1(predictions, labels, { ...options, average: 'micro' }).f1;
}

/**
 * Matthews correlation coefficient, multiclass, as `sklearn.metrics.matthews_corrcoef` (1.2): from the
 * confusion matrix C, (c·s − t·p) / sqrt((s² − p·p)(s² − t·t)); 0 when either factor is 0.
 */
export function matthewsCorrcoef(predictions: readonly Label[], labels: readonly Label[]): number {
  validate(predictions, labels, 'matthewsCorrcoef');
  const c = confusionMatrix(predictions, labels);
  const k = c.length;
  const tSum = new Array<number>(k).fill(0);
  const pSum = new Array<number>(k).fill(0);
  let nCorrect = 0;
  for (let i = 0; i < k; i++) {
    nCorrect += c[i][i];
    for (let j = 0; j < k; j++) {
      tSum[i] += c[i][j];
      pSum[j] += c[i][j];
    }
  }
  let nSamples = 0;
  let tp = 0;
  let pp = 0;
  let tt = 0;
  for (let i = 0; i < k; i++) {
    nSamples += pSum[i];
    tp += tSum[i] * pSum[i];
    pp += pSum[i] * pSum[i];
    tt += tSum[i] * tSum[i];
  }
  const covYtYp = nCorrect * nSamples - tp;
  const covYpYp = nSamples ** 2 - pp;
  const covYtYt = nSamples ** 2 - tt;
  if (covYpYp * covYtYt === 0) return 0;
  return covYtYp / Math.sqrt(covYtYt * covYpYp);
}
