/** The example shapes the task commands (finetune, evaluate) work on, whatever the file format. */

export type TaskKind = 'classification' | 'regression' | 'token-classification' | 'qa' | 'multiple-choice';
export const TASK_KINDS: TaskKind[] = [
  'classification',
  'regression',
  'token-classification',
  'qa',
  'multiple-choice',
];

export interface ClsExample {
  id: string;
  text: string;
  pair?: string;
  /** Class name (classification) or target value (regression). */
  label: string | number;
}

export interface TagExample {
  id: string;
  words: string[];
  tags: string[];
}

export interface QaExample {
  id: string;
  question: string;
  context: string;
  answers: { text: string[]; answerStart: number[] };
  isImpossible: boolean;
}

export interface ChoiceExample {
  id: string;
  context: string;
  question: string;
  options: string[];
  /** Index of the correct option. */
  label: number;
  /** RACE level (middle/high), when known. */
  level?: string;
}

export type AnyExample = ClsExample | TagExample | QaExample | ChoiceExample;

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
