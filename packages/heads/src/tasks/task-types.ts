/**
 * The fine-tuning tasks and their example, feature and prediction shapes: what a task's examples
 * look like whatever file they came from, what the model sees of them (ids before padding, with
 * targets), and what a prediction is. Plain data, shared by encoding, inference and the trainer.
 */

/**
 * The fine-tuning task families: sequence classification, regression, token classification,
 * extractive QA, multiple choice.
 */
export type TaskKind = 'classification' | 'regression' | 'token-classification' | 'qa' | 'multiple-choice';
/** Every `TaskKind`, in a fixed order. */
export const TASK_KINDS: readonly TaskKind[] = [
  'classification',
  'regression',
  'token-classification',
  'qa',
  'multiple-choice',
];

/**
 * A classification or regression example: a text (or a pair) and its class name or target value.
 */
export interface TextExample {
  id: string;
  text: string;
  pair?: string;
  /** Class name (classification) or target value (regression). */
  label: string | number;
}

/** A token-classification example: pre-split words and one tag per word (e.g. NER's `B-PER`). */
export interface TaggedExample {
  id: string;
  words: string[];
  tags: string[];
}

/**
 * An extractive QA example in SQuAD's shape: question, context, answer texts with character starts,
 * and v2.0's `isImpossible`.
 */
export interface QaExample {
  id: string;
  question: string;
  context: string;
  answers: { text: string[]; answerStart: number[] };
  isImpossible: boolean;
}

/**
 * A multiple-choice example (RACE, SWAG): a context, a question and its options, and the correct
 * option's index.
 */
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

/** The examples of each task kind. */
export interface TaskExamples {
  classification: TextExample;
  regression: TextExample;
  'token-classification': TaggedExample;
  qa: QaExample;
  'multiple-choice': ChoiceExample;
}

/** One encoded sequence before padding, in the fields a model's `call` (and HF's collators) take. */
export interface EncodedInput {
  inputIds: number[];
  tokenTypeIds: number[];
}

/** A sequence with a class id or a float target. */
export interface LabelledInput extends EncodedInput {
  labels: number;
}

/** A sentence tokenised word by word: per-position labels, and where each word starts. */
export interface AlignedWords extends EncodedInput {
  /** Per position: the word's label on its first piece (every piece with `labelAll`), -100 elsewhere. */
  labels: number[];
  /** Position of each word's first piece (-1 when the word was cut by truncation). */
  wordStarts: number[];
}

/** `[CLS] question [SEP] context [SEP]` with the answer's token span (0, 0 = not in the window). */
export interface QaInput extends EncodedInput {
  startPositions: number;
  endPositions: number;
}

/** Every option of one example, and the correct one. */
export interface ChoiceInput {
  options: EncodedInput[];
  labels: number;
}

/** The encoded inputs of each task kind. */
export interface TaskInputs {
  classification: LabelledInput;
  regression: LabelledInput;
  'token-classification': AlignedWords;
  qa: QaInput;
  'multiple-choice': ChoiceInput;
}

/** What the model predicts for one example of each task kind. */
export interface TaskPredictions {
  /** The class and the softmax of the logits. */
  classification: { label: number; scores: number[] };
  regression: number;
  /** One class id per word; -1 for a word cut by truncation. */
  'token-classification': number[];
  qa: { text: string; score: number };
  'multiple-choice': number;
}

/** How the inputs of a task are made. */
export interface TaskEncodeOptions {
  /** Tokens per sequence. */
  maxLength: number;
  /** Classification: pieces kept from the end of a long single text (0 = the head only). */
  tail?: number;
  /** Label names in id order (classification, token classification). */
  labelNames?: readonly string[];
  /** Token classification: every piece of a word carries its label (HF `label_all_tokens`). */
  labelAllPieces?: boolean;
}

/** How a word's tag is read from its pieces: the first piece, or the mean of their log-probabilities. */
export type WordPooling = 'first' | 'mean';
