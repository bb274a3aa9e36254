import { seqevalMetrics } from './entity-metrics.js';
import { describeValue, EvaluationError } from './errors.js';
import { glueMetrics, normalizeGlueTask } from './glue.js';
import { type RaceLevel, raceAnswerIndex, raceLevelOf, raceMetrics } from './race.js';
import type { EvaluateOptions } from './runner-types.js';
import type { SquadGold } from './squad-data.js';
import { squadV1FromScores, squadV1Scores } from './squad-v1.js';
import { squadV2FromQuestions, squadV2QuestionScores } from './squad-v2.js';

/** What a task's scoring returns: the metrics and one record of extras per example. */
export type Scored = { metrics: Record<string, unknown>; records: Record<string, unknown>[] };

/** `example[key]` when the example is an object. */
export function field(example: unknown, key: string): unknown {
  return example !== null && typeof example === 'object'
    ? (example as Record<string, unknown>)[key]
    : undefined;
}

function builtIn<E, P>(
  task: string,
  options: EvaluateOptions<E, P>,
): { name: string; score(p: P[], e: E[]): Scored } {
  const t = task.toLowerCase().replace(/-/g, '_');
  const labelOf = (key: string) => options.labelOf ?? ((e: E) => field(e, key));
  if (t === 'race') {
    return {
      name: 'race',
      score(preds, examples) {
        const get = labelOf('label');
        const labels = examples.map((e) => get(e) as number | string);
        const levels = examples.map((e, i) => {
          const level =
            field(e, 'level') ??
            (typeof field(e, 'id') === 'string' ? raceLevelOf(field(e, 'id') as string) : null);
          if (level !== 'middle' && level !== 'high') {
            throw new EvaluationError(
              'INVALID_INPUT',
              `evaluate(race): example ${i} has no level ("middle"/"high") nor an id naming one`,
            );
          }
          return level as RaceLevel;
        });
        const metrics = raceMetrics(preds as (number | string)[], labels, levels);
        const records = preds.map((p, i) => ({
          label: labels[i],
          level: levels[i],
          correct: raceAnswerIndex(p as number | string) === raceAnswerIndex(labels[i]),
        }));
        return { metrics: { ...metrics }, records };
      },
    };
  }
  if (t === 'squad_v1' || t === 'squad_v2' || t === 'squad' || t === 'squad2') {
    const v2 = t === 'squad_v2' || t === 'squad2';
    return {
      name: v2 ? 'squad_v2' : 'squad_v1',
      score(preds, examples) {
        const get = labelOf('answers');
        const questions: SquadGold[] = examples.map((e, i) => {
          const id = field(e, 'id');
          const answers = get(e);
          if (typeof id !== 'string' || !Array.isArray(answers)) {
            throw new EvaluationError(
              'INVALID_INPUT',
              `evaluate(squad): example ${i} needs a string id and an answers array`,
            );
          }
          return { id, answers: answers.map((a) => (typeof a === 'string' ? a : String(field(a, 'text')))) };
        });
        const texts = new Map<string, string>();
        const naProbs = new Map<string, number>();
        preds.forEach((p, i) => {
          const text = typeof p === 'string' ? p : field(p, 'text');
          if (typeof text !== 'string') {
            throw new EvaluationError(
              'PREDICT',
              `evaluate(squad): prediction ${i} must be a string or {text}, found ${describeValue(p)}`,
            );
          }
          texts.set(questions[i].id, text);
          const na = field(p, 'naProb');
          if (typeof na === 'number') naProbs.set(questions[i].id, na);
        });
        if (!v2) {
          const rows = squadV1Scores(questions, texts);
          return { metrics: { ...squadV1FromScores(rows) }, records: rows.map((r) => ({ ...r })) };
        }
        const opts = {
          naProbs: naProbs.size > 0 ? naProbs : undefined,
          naProbThresh: options.naProbThresh,
        };
        const rows = squadV2QuestionScores(questions, texts, opts);
        const byId = new Map(rows.map((r) => [r.id, r]));
        return {
          metrics: { ...squadV2FromQuestions(questions, texts, opts) },
          records: questions.map((q) => ({ ...byId.get(q.id) })),
        };
      },
    };
  }
  if (t === 'ner' || t === 'seqeval' || t === 'token_classification') {
    return {
      name: 'ner',
      score(preds, examples) {
        const get = options.labelOf ?? ((e: E) => field(e, 'tags') ?? field(e, 'labels'));
        const refs = examples.map((e) => get(e) as string[]);
        const metrics = seqevalMetrics(preds as unknown as string[][], refs, options.entity ?? {});
        const records = preds.map((p, i) => ({
          label: refs[i],
          correct: Array.isArray(p) && p.length === refs[i].length && p.every((tag, k) => tag === refs[i][k]),
        }));
        return { metrics: { ...metrics }, records };
      },
    };
  }
  const glue = normalizeGlueTask(task);
  return {
    name: glue,
    score(preds, examples) {
      const get = labelOf('label');
      const labels = examples.map((e) => get(e) as number);
      const metrics = glueMetrics(glue, preds as unknown as number[], labels);
      const records = preds.map((p, i) =>
        glue === 'stsb'
          ? { label: labels[i], error: (p as unknown as number) - labels[i] }
          : { label: labels[i], correct: (p as unknown) === labels[i] },
      );
      return { metrics: { ...metrics }, records };
    },
  };
}

/** A built-in task by name, or a custom `{name, score}` task. */
export function resolveTask<E, P>(
  options: EvaluateOptions<E, P>,
): { name: string; score(p: P[], e: E[]): Scored } {
  const t = options.task;
  if (typeof t === 'string') return builtIn(t, options);
  if (t && typeof t === 'object' && typeof t.score === 'function') {
    return {
      name: String(t.name),
      score: (p, e) => {
        const r = t.score(p, e);
        return { metrics: r.metrics, records: r.records ?? [] };
      },
    };
  }
  throw new EvaluationError(
    'UNKNOWN_TASK',
    `evaluate: task must be a name or {name, score}, found ${describeValue(t)}`,
  );
}
