import { EvaluationError } from './errors.js';
import {
  predictionMap,
  type SquadDataset,
  type SquadGold,
  type SquadPredictions,
  squadQuestions,
} from './squad-data.js';
import { answerTokens, commonTokenCount, normalizeAnswer } from './squad-normalize.js';

/** evaluate-v1.1.py `f1_score`: token F1 of the normalised strings; 0 when nothing is shared (so two answers
 * that both normalise to "" score F1 0 but exact match 1). */
export function squadV1F1(prediction: string, groundTruth: string): number {
  const p = answerTokens(prediction);
  const g = answerTokens(groundTruth);
  const same = commonTokenCount(p, g);
  if (same === 0) return 0;
  const precision = (1.0 * same) / p.length;
  const recall = (1.0 * same) / g.length;
  return (2 * precision * recall) / (precision + recall);
}

/** evaluate-v1.1.py `exact_match_score` as 0/1. */
export function squadV1Exact(prediction: string, groundTruth: string): number {
  return normalizeAnswer(prediction) === normalizeAnswer(groundTruth) ? 1 : 0;
}

/** One question's v1.1 scores (for error analysis). */
export interface SquadV1QuestionScore {
  id: string;
  /** The prediction, or null when it is missing (scored 0, as the official script does). */
  prediction: string | null;
  normalizedPrediction: string | null;
  normalizedGolds: string[];
  exactMatch: number;
  f1: number;
}

/** What evaluate-v1.1.py prints: percentages over every question of the dataset. */
export interface SquadV1Result {
  exact_match: number;
  f1: number;
}

function maxOver(
  fn: (p: string, g: string) => number,
  prediction: string,
  golds: readonly string[],
  id: string,
) {
  if (golds.length === 0) {
    // Python's max([]) raises inside the official script: a v1.1 question needs a gold answer.
    throw new EvaluationError(
      'DATASET',
      `SQuAD v1.1: question ${JSON.stringify(id)} has no gold answer; evaluate-v1.1.py cannot score it (use squadV2 for unanswerable questions)`,
    );
  }
  let best = fn(prediction, golds[0]);
  for (let i = 1; i < golds.length; i++) best = Math.max(best, fn(prediction, golds[i]));
  return best;
}

/** Per-question v1.1 scores, in dataset order; a missing prediction scores 0. */
export function squadV1Scores(
  questions: readonly SquadGold[],
  predictions: SquadPredictions,
): SquadV1QuestionScore[] {
  const preds = predictionMap(predictions);
  return questions.map((q) => {
    const normalizedGolds = q.answers.map(normalizeAnswer);
    const prediction = preds.get(q.id);
    if (prediction === undefined) {
      return {
        id: q.id,
        prediction: null,
        normalizedPrediction: null,
        normalizedGolds,
        exactMatch: 0,
        f1: 0,
      };
    }
    return {
      id: q.id,
      prediction,
      normalizedPrediction: normalizeAnswer(prediction),
      normalizedGolds,
      exactMatch: maxOver(squadV1Exact, prediction, q.answers, q.id),
      f1: maxOver(squadV1F1, prediction, q.answers, q.id),
    };
  });
}

/** Totals as evaluate-v1.1.py's `evaluate`: 100 · sum / number of questions (missing ones count as 0). */
export function squadV1FromScores(scores: readonly { exactMatch: number; f1: number }[]): SquadV1Result {
  if (scores.length === 0)
    throw new EvaluationError('EMPTY_INPUT', 'SQuAD v1.1: the dataset has no questions');
  let em = 0;
  let f1 = 0;
  for (const s of scores) {
    em += s.exactMatch;
    f1 += s.f1;
  }
  return { exact_match: (100.0 * em) / scores.length, f1: (100.0 * f1) / scores.length };
}

/** The official SQuAD v1.1 score (`evaluate-v1.1.py data.json pred.json`): `{exact_match, f1}` in %. */
export function squadV1(dataset: SquadDataset, predictions: SquadPredictions): SquadV1Result {
  return squadV1FromScores(squadV1Scores(squadQuestions(dataset), predictions));
}

/** Per-question v1.1 scores of a dataset, for error analysis. */
export function squadV1Details(dataset: SquadDataset, predictions: SquadPredictions): SquadV1QuestionScore[] {
  return squadV1Scores(squadQuestions(dataset), predictions);
}
