import { describeValue, EvaluationError } from './errors.js';
import { checkPair } from './numeric.js';

/** The two RACE subsets: middle-school and high-school exams (defined here; @albert-ts/datasets imports it). */
export type RaceLevel = 'middle' | 'high';

/** RACE accuracy overall and per level; a level's keys are present only when it has questions. */
export interface RaceResult {
  accuracy: number;
  total: number;
  accuracy_middle?: number;
  total_middle?: number;
  accuracy_high?: number;
  total_high?: number;
}

/** An answer as RACE writes it ("A".."D", any case) or as a 0-based option index. */
export type RaceAnswer = number | string;

/** The 0-based option index of a RACE answer: "A" → 0, "b" → 1, 2 → 2. */
export function raceAnswerIndex(answer: RaceAnswer, where = 'answer'): number {
  if (typeof answer === 'number' && Number.isInteger(answer) && answer >= 0) return answer;
  if (typeof answer === 'string' && /^[A-Za-z]$/.test(answer)) return answer.toUpperCase().charCodeAt(0) - 65;
  throw new EvaluationError(
    'INVALID_INPUT',
    `RACE: ${where} must be an option letter ("A".."D") or a 0-based index, found ${describeValue(answer)}`,
  );
}

/**
 * The RACE level of a question from its file id or path as the release names them ("high1234.txt",
 * "RACE/dev/middle/5.txt"), or null when it does not say.
 */
export function raceLevelOf(idOrPath: string): RaceLevel | null {
  const m = /(?:^|[/\\])(middle|high)(?:\d|[/\\])/i.exec(idOrPath);
  return m ? (m[1].toLowerCase() as RaceLevel) : null;
}

/**
 * RACE accuracy as ALBERT reports it: over all questions, and separately over the middle and high
 * subsets (each is correct/total of its own questions, so the overall is not the mean of the two).
 */
export function raceMetrics(
  predictions: readonly RaceAnswer[],
  labels: readonly RaceAnswer[],
  levels: readonly RaceLevel[],
): RaceResult {
  checkPair(predictions, labels, 'raceMetrics');
  if (levels == null || typeof levels !== 'object' || levels.length !== labels.length) {
    throw new EvaluationError(
      'LENGTH_MISMATCH',
      `raceMetrics: levels must be an array as long as labels (${labels.length}), found ${describeValue(levels)}`,
    );
  }
  const correct = { middle: 0, high: 0 };
  const total = { middle: 0, high: 0 };
  for (let i = 0; i < labels.length; i++) {
    const level = levels[i];
    if (level !== 'middle' && level !== 'high') {
      throw new EvaluationError(
        'INVALID_INPUT',
        `raceMetrics: levels[${i}] must be "middle" or "high", found ${describeValue(level)}`,
      );
    }
    const p = raceAnswerIndex(predictions[i], `predictions[${i}]`);
    const l = raceAnswerIndex(labels[i], `labels[${i}]`);
    total[level]++;
    if (p === l) correct[level]++;
  }
  const n = total.middle + total.high;
  const out: RaceResult = { accuracy: (correct.middle + correct.high) / n, total: n };
  if (total.middle > 0) {
    out.accuracy_middle = correct.middle / total.middle;
    out.total_middle = total.middle;
  }
  if (total.high > 0) {
    out.accuracy_high = correct.high / total.high;
    out.total_high = total.high;
  }
  return out;
}
