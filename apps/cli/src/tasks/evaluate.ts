import { writeFileSync } from 'node:fs';
import type { TaskModel } from '@albert-ts/heads';
import type { FinetuneJob } from '@albert-ts/training';
import type { Progress } from '../util/output.js';
import type { LoadedData, TaskKind } from './examples.js';
import { asUsage } from './load.js';

export interface TaskEvaluation {
  metrics: Record<string, number>;
  /** One line per example for --predictions / dev-predictions.jsonl. */
  records: Array<Record<string, unknown>>;
}

type Row = Record<string, unknown>;

/** What a predictions file shows of an example and its prediction, per task. */
function record(kind: TaskKind, x: Row, p: unknown, labelNames: readonly string[]): Row {
  switch (kind) {
    case 'classification': {
      const c = p as { label: number; scores: number[] };
      return { id: x.id, label: x.label, prediction: labelNames[c.label], scores: c.scores };
    }
    case 'token-classification':
      return {
        id: x.id,
        words: x.words,
        tags: x.tags,
        prediction: (p as number[]).map((id) => (id < 0 ? 'O' : labelNames[id]!)),
      };
    case 'qa': {
      const a = p as { text: string; score: number };
      const answers = (x.answers as { text: string[] }).text;
      return { id: x.id, question: x.question, prediction: a.text, score: a.score, answers };
    }
    default:
      return { id: x.id, label: x.label, prediction: p };
  }
}

/**
 * Scores `model` on `data` with the job's encoding (the one it trained with) through evaluation's
 * runner and the task's metrics. One `predict` call covers every example, so the job batches by
 * length across the whole set.
 */
export async function evaluateTask<K extends TaskKind>(
  job: FinetuneJob<K>,
  model: TaskModel,
  data: LoadedData<unknown>,
  progress?: Progress,
): Promise<TaskEvaluation> {
  const ev = await import('@albert-ts/evaluation');
  const examples = data.examples as Row[];
  const report = await asUsage(() =>
    ev.evaluate({
      task: ev.finetuneTask(job.kind, {
        labelNames: job.labelNames,
        ...(data.glueTask ? { glueTask: data.glueTask } : {}),
        ...(data.squad ? { squad: data.squad } : {}),
      }),
      examples,
      batchSize: Math.max(1, examples.length),
      predict: (batch) => job.predict(model, batch as never[], (n) => progress?.update(n)),
    }),
  );
  return {
    metrics: report.metrics as Record<string, number>,
    records: report.records.map((r, i) => record(job.kind, examples[i]!, r.prediction, job.labelNames)),
  };
}

/** One JSON line per record (a predictions file). */
export function writeRecords(path: string, records: readonly Row[]): void {
  writeFileSync(path, records.map((x) => JSON.stringify(x)).join('\n') + '\n');
}
