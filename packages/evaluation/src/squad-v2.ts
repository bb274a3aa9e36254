import { describeValue, EvaluationError } from './errors.js';
import { pySum } from './numeric.js';
import {
  predictionMap,
  type SquadDataset,
  type SquadGold,
  type SquadPredictions,
  squadQuestions,
} from './squad-data.js';
import { answerTokens, commonTokenCount, normalizeAnswer } from './squad-normalize.js';

/** evaluate-v2.0.py `compute_f1(a_gold, a_pred)`: if either normalises to nothing, 1 when both do, else 0. */
export function squadV2F1(prediction: string, gold: string): number {
  const g = gold ? answerTokens(gold) : [];
  const p = prediction ? answerTokens(prediction) : [];
  const same = commonTokenCount(g, p);
  if (g.length === 0 || p.length === 0) return g.length === p.length ? 1 : 0;
  if (same === 0) return 0;
  const precision = (1.0 * same) / p.length;
  const recall = (1.0 * same) / g.length;
  return (2 * precision * recall) / (precision + recall);
}

/** evaluate-v2.0.py `compute_exact` (0/1). */
export function squadV2Exact(prediction: string, gold: string): number {
  return normalizeAnswer(gold) === normalizeAnswer(prediction) ? 1 : 0;
}

/**
 * Options of `squadV2`: the official script's no-answer probabilities and threshold, and what to do
 * with unanswered questions.
 */
export interface SquadV2Options {
  /** Probability (or any score) that each question has no answer: `--na-prob-file`. */
  naProbs?: Readonly<Record<string, number>> | ReadonlyMap<string, number>;
  /** Predict "" when the no-answer probability exceeds this: `--na-prob-thresh` (default 1.0). */
  naProbThresh?: number;
  /**
   * A question without a prediction: `'error'` (default) throws, as the official script stops with a
   * KeyError; `'skip'` scores only the answered questions (the script's `total` counts those); `'empty'`
   * scores it as the empty answer (abstain).
   */
  missing?: 'error' | 'skip' | 'empty';
}

/** What evaluate-v2.0.py prints, keys in its order; `HasAns_*`/`NoAns_*` only when such questions exist,
 * `best_*` only with `naProbs`. Scores are percentages. */
export interface SquadV2Result {
  exact: number;
  f1: number;
  total: number;
  HasAns_exact?: number;
  HasAns_f1?: number;
  HasAns_total?: number;
  NoAns_exact?: number;
  NoAns_f1?: number;
  NoAns_total?: number;
  best_exact?: number;
  best_exact_thresh?: number;
  best_f1?: number;
  best_f1_thresh?: number;
}

/** One question's v2.0 scores: `exact`/`f1` raw (before the threshold), `*Thresh` after it. */
export interface SquadV2QuestionScore {
  id: string;
  hasAnswer: boolean;
  prediction: string;
  normalizedPrediction: string;
  /** Gold answers that normalise to something ([""] for an unanswerable question). */
  normalizedGolds: string[];
  naProb: number;
  exact: number;
  f1: number;
  exactThresh: number;
  f1Thresh: number;
}

function toMap(naProbs: Readonly<Record<string, number>> | ReadonlyMap<string, number>): Map<string, number> {
  const entries = naProbs instanceof Map ? [...naProbs.entries()] : Object.entries(naProbs);
  const map = new Map<string, number>();
  for (const [id, v] of entries) {
    if (typeof v !== 'number' || Number.isNaN(v)) {
      throw new EvaluationError(
        'INVALID_INPUT',
        `SQuAD v2.0 naProbs: the value for ${JSON.stringify(id)} must be a number, found ${describeValue(v)}`,
      );
    }
    map.set(id, v);
  }
  return map;
}

interface Scored {
  rows: SquadV2QuestionScore[];
  hasAns: Map<string, boolean>;
  preds: Map<string, string>;
  naProbs: Map<string, number> | null;
}

function score(
  questions: readonly SquadGold[],
  predictions: SquadPredictions,
  options: SquadV2Options,
): Scored {
  const preds = predictionMap(predictions);
  const missingMode = options.missing ?? 'error';
  if (!['error', 'skip', 'empty'].includes(missingMode)) {
    throw new EvaluationError(
      'INVALID_OPTION',
      `SQuAD v2.0: missing must be 'error', 'skip' or 'empty', found ${describeValue(missingMode)}`,
    );
  }
  const thresh = options.naProbThresh ?? 1.0;
  if (typeof thresh !== 'number' || Number.isNaN(thresh)) {
    throw new EvaluationError(
      'INVALID_OPTION',
      `SQuAD v2.0: naProbThresh must be a number, found ${describeValue(thresh)}`,
    );
  }
  const missing = questions.filter((q) => !preds.has(q.id)).map((q) => q.id);
  if (missing.length > 0) {
    if (missingMode === 'error') {
      throw new EvaluationError(
        'MISSING_PREDICTION',
        `SQuAD v2.0: ${missing.length} question(s) have no prediction (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''}); evaluate-v2.0.py stops there. Pass missing: 'empty' to score them as no answer or 'skip' to leave them out`,
      );
    }
    if (missingMode === 'empty') for (const id of missing) preds.set(id, '');
  }
  // Without a file the script uses 0.0 for every predicted id.
  const naProbs = options.naProbs ? toMap(options.naProbs) : null;
  // Python dicts keyed by id: a repeated id keeps its first position and its last value.
  const hasAns = new Map<string, boolean>();
  const rows = new Map<string, SquadV2QuestionScore>();
  for (const q of questions) {
    hasAns.set(q.id, q.answers.length > 0);
    const prediction = preds.get(q.id);
    if (prediction === undefined) continue;
    let golds = q.answers.filter((a) => normalizeAnswer(a));
    if (golds.length === 0) golds = [''];
    let naProb = 0.0;
    if (naProbs) {
      const v = naProbs.get(q.id);
      if (v === undefined) {
        throw new EvaluationError(
          'MISSING_NA_PROB',
          `SQuAD v2.0: naProbs has no value for question ${JSON.stringify(q.id)}`,
        );
      }
      naProb = v;
    }
    let exact = squadV2Exact(prediction, golds[0]);
    let f1 = squadV2F1(prediction, golds[0]);
    for (let i = 1; i < golds.length; i++) {
      exact = Math.max(exact, squadV2Exact(prediction, golds[i]));
      f1 = Math.max(f1, squadV2F1(prediction, golds[i]));
    }
    const predNa = naProb > thresh;
    const hasAnswer = q.answers.length > 0;
    rows.set(q.id, {
      id: q.id,
      hasAnswer,
      prediction,
      normalizedPrediction: normalizeAnswer(prediction),
      normalizedGolds: golds.map(normalizeAnswer),
      naProb,
      exact,
      f1,
      exactThresh: predNa ? (hasAnswer ? 0 : 1) : exact,
      f1Thresh: predNa ? (hasAnswer ? 0 : 1) : f1,
    });
  }
  return { rows: [...rows.values()], hasAns, preds, naProbs };
}

/** evaluate-v2.0.py `find_best_thresh`: sweep thresholds in increasing no-answer probability. */
function bestThresh(
  rows: Map<string, SquadV2QuestionScore>,
  key: 'exact' | 'f1',
  preds: Map<string, string>,
  naProbs: Map<string, number>,
  hasAns: Map<string, boolean>,
): [number, number] {
  let numNoAns = 0;
  for (const v of hasAns.values()) if (!v) numNoAns++;
  let cur = numNoAns;
  let best = cur;
  let bestThresh = 0.0;
  // Python's sorted() is stable: ties keep the file order of the na-prob entries.
  const ids = [...naProbs.keys()].sort((a, b) => naProbs.get(a)! - naProbs.get(b)!);
  for (const id of ids) {
    const row = rows.get(id);
    if (!row) continue;
    const diff = hasAns.get(id) ? row[key] : preds.get(id) ? -1 : 0;
    cur += diff;
    if (cur > best) {
      best = cur;
      bestThresh = naProbs.get(id)!;
    }
  }
  return [(100.0 * best) / rows.size, bestThresh];
}

/** Per-question v2.0 scores of already flattened questions (see `squadV2Details`). */
export function squadV2QuestionScores(
  questions: readonly SquadGold[],
  predictions: SquadPredictions,
  options: SquadV2Options = {},
): SquadV2QuestionScore[] {
  return score(questions, predictions, options).rows;
}

/** Per-question v2.0 scores (raw and after the threshold), in dataset order, for error analysis. */
export function squadV2Details(
  dataset: SquadDataset,
  predictions: SquadPredictions,
  options: SquadV2Options = {},
): SquadV2QuestionScore[] {
  return score(squadQuestions(dataset), predictions, options).rows;
}

/** SQuAD v2.0 scores of already flattened questions (see `squadV2`). */
export function squadV2FromQuestions(
  questions: readonly SquadGold[],
  predictions: SquadPredictions,
  options: SquadV2Options = {},
): SquadV2Result {
  const { rows, hasAns, preds, naProbs } = score(questions, predictions, options);
  if (rows.length === 0) throw new EvaluationError('EMPTY_INPUT', 'SQuAD v2.0: no question to score');
  const byId = new Map(rows.map((r) => [r.id, r]));
  const block = (list: SquadV2QuestionScore[]) => ({
    exact: (100.0 * pySum(list.map((r) => r.exactThresh))) / list.length,
    f1: (100.0 * pySum(list.map((r) => r.f1Thresh))) / list.length,
    total: list.length,
  });
  const out: SquadV2Result = block(rows);
  const hasIds = [...hasAns].filter(([, v]) => v).map(([k]) => k);
  const noIds = [...hasAns].filter(([, v]) => !v).map(([k]) => k);
  // With missing: 'skip' the script would stop here with a KeyError; score the answered ones.
  const pick = (ids: string[]) => ids.map((id) => byId.get(id)).filter((r) => r !== undefined);
  if (hasIds.length > 0) {
    const b = block(pick(hasIds));
    out.HasAns_exact = b.exact;
    out.HasAns_f1 = b.f1;
    out.HasAns_total = b.total;
  }
  if (noIds.length > 0) {
    const b = block(pick(noIds));
    out.NoAns_exact = b.exact;
    out.NoAns_f1 = b.f1;
    out.NoAns_total = b.total;
  }
  if (naProbs) {
    const [bestExact, exactThresh] = bestThresh(byId, 'exact', preds, naProbs, hasAns);
    const [bestF1, f1Thresh] = bestThresh(byId, 'f1', preds, naProbs, hasAns);
    out.best_exact = bestExact;
    out.best_exact_thresh = exactThresh;
    out.best_f1 = bestF1;
    out.best_f1_thresh = f1Thresh;
  }
  return out;
}

/**
 * The official SQuAD v2.0 score (`evaluate-v2.0.py data.json pred.json [--na-prob-file f --na-prob-thresh t]`),
 * with the script's keys and edge cases: a question is answerable when its `answers` list is non-empty;
 * gold answers that normalise to "" are dropped (an unanswerable question's only gold is ""); if either side
 * normalises to nothing F1 is 1 when both do.
 */
export function squadV2(
  dataset: SquadDataset,
  predictions: SquadPredictions,
  options: SquadV2Options = {},
): SquadV2Result {
  return squadV2FromQuestions(squadQuestions(dataset), predictions, options);
}
