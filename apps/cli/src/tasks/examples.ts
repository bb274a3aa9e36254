/** The example shapes the task commands (finetune, evaluate) work on, whatever the file format. */
import type { TaskKind } from '@albert-ts/heads';

export type {
  ChoiceExample,
  QaExample,
  TaggedExample as TagExample,
  TaskKind,
  TextExample as ClsExample,
} from '@albert-ts/heads';

// Kept here (not imported from heads) so that registering the commands loads no tfjs.
export const TASK_KINDS: TaskKind[] = [
  'classification',
  'regression',
  'token-classification',
  'qa',
  'multiple-choice',
];

export interface LoadedData<E> {
  examples: E[];
  /** Label names in id order when the source defines them (GLUE, embedded sets). */
  labelNames?: string[];
  /** GLUE task name, when the data came from GLUE files (selects the official metrics). */
  glueTask?: string;
  /** SQuAD: the nested dataset for the official metrics, and its version. */
  squad?: { data: unknown; version: string };
  skipped: number;
}
