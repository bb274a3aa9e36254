/**
 * `pipeline(task, source, options)`: HF's task names, option names (camelCase or HF's snake_case)
 * and output shapes. `source` is a folder (Node), a URL (browser), a Hub id where the loaders
 * resolve ids, or an already loaded `{model, tokenizer}`.
 */
import type { AlbertPreTrainedModel, FromPretrainedOptions } from '@albert-ts/core';
import { AlbertTokenizer, type AlbertTokenizerOptions } from '@albert-ts/tokenizer';
import type { AlbertForMaskedLM } from '../masked-lm.js';
import type { AlbertForQuestionAnswering } from '../question-answering.js';
import type { AlbertForSequenceClassification } from '../sequence-classification.js';
import type { AlbertForTokenClassification } from '../token-classification.js';
import { pipelineError } from './common.js';
import {
  type CanonicalTask,
  canonicalTask,
  checkModel,
  loadModel,
  loadTokenizer,
  type PipelineTask,
} from './load.js';
import { type FeatureExtractionPipelineOptions, runFeatureExtraction } from './task-feature-extraction.js';
import { type FillMaskPipelineOptions, type FillMaskResult, runFillMask } from './task-fill-mask.js';
import {
  type AnswerOutput,
  type QuestionAnsweringInput,
  type QuestionAnsweringPipelineOptions,
  runQuestionAnswering,
} from './task-question-answering.js';
import {
  type LabelScoreOutput,
  runTextClassification,
  type TextClassificationInput,
  type TextClassificationPipelineOptions,
} from './task-text-classification.js';
import {
  type EntityGroup,
  runTokenClassification,
  type TokenClassificationPipelineOptions,
  type TokenEntity,
} from './task-token-classification.js';

/** The canonical task of a task name or alias `T` (see `CanonicalTask`). */
export type Canon<T extends PipelineTask> = T extends 'sentiment-analysis'
  ? 'text-classification'
  : T extends 'ner'
    ? 'token-classification'
    : T;

/** Per task: what one call takes, its options, and what it returns for one input / a list. */
export interface PipelineTypes {
  'fill-mask': { input: string; options: FillMaskPipelineOptions; one: FillMaskResult };
  'text-classification': {
    input: TextClassificationInput;
    options: TextClassificationPipelineOptions;
    one: LabelScoreOutput[];
    many: Array<LabelScoreOutput | LabelScoreOutput[]>;
  };
  'token-classification': {
    input: string;
    options: TokenClassificationPipelineOptions;
    one: Array<TokenEntity | EntityGroup>;
  };
  'question-answering': {
    input: QuestionAnsweringInput;
    options: QuestionAnsweringPipelineOptions;
    one: AnswerOutput | AnswerOutput[];
  };
  'feature-extraction': {
    input: string;
    options: FeatureExtractionPipelineOptions;
    /** `[1, seq, hidden]` (pooling 'none') or `[hidden]`. */
    one: number[][][] | number[];
  };
}

/** What a pipeline of task `K` returns for a list of inputs (one result per input). */
export type Many<K extends CanonicalTask> = PipelineTypes[K] extends { many: infer M }
  ? M
  : Array<PipelineTypes[K]['one']>;

/** A loaded pipeline: call it with one input or a list (a batch); `dispose()` frees the model. */
export interface Pipeline<K extends CanonicalTask> {
  (
    inputs: PipelineTypes[K]['input'],
    options?: PipelineTypes[K]['options'],
  ): Promise<PipelineTypes[K]['one']>;
  (inputs: Array<PipelineTypes[K]['input']>, options?: PipelineTypes[K]['options']): Promise<Many<K>>;
  readonly task: K;
  readonly model: AlbertPreTrainedModel;
  readonly tokenizer: AlbertTokenizer;
  /**
   * Frees the model's tensors when the pipeline loaded the model itself (a model passed in is left
   * to its owner).
   */
  dispose(): void;
}

/**
 * Options of `pipeline(task, source, options)`: the task's call defaults plus where the tokenizer
 * comes from and model-loading options.
 */
export type PipelineOptions<K extends CanonicalTask> = PipelineTypes[K]['options'] & {
  /** A tokenizer, or where to load it from (default: `source`). */
  tokenizer?: AlbertTokenizer | string | URL;
  /** Options of `AlbertTokenizer` when the pipeline loads it. */
  tokenizerOptions?: AlbertTokenizerOptions;
  /** Options of the model's `fromPretrained` (`fetch`, `onReport`, ...). */
  modelOptions?: FromPretrainedOptions;
};

/**
 * Where a pipeline's model comes from: a directory (Node), a URL, a Hub id (`org/name[@revision]`),
 * or a loaded model and tokenizer.
 */
export type PipelineSource = string | URL | { model: AlbertPreTrainedModel; tokenizer: AlbertTokenizer };

/**
 * HF `pipeline(task, model)`. Options given here are the defaults of every call; a call's own
 * options override them (as HF's pipeline kwargs and call kwargs).
 */
export async function pipeline<T extends PipelineTask>(
  task: T,
  source: PipelineSource,
  options: PipelineOptions<Canon<T>> = {} as PipelineOptions<Canon<T>>,
): Promise<Pipeline<Canon<T>>> {
  const k = canonicalTask(task) as Canon<T>;
  const {
    tokenizer: tokOpt,
    tokenizerOptions,
    modelOptions,
    ...defaults
  } = options as PipelineOptions<CanonicalTask>;
  let model: AlbertPreTrainedModel;
  let tokenizer: AlbertTokenizer;
  let owned = false;
  if (typeof source === 'string' || source instanceof URL) {
    tokenizer =
      tokOpt instanceof AlbertTokenizer ? tokOpt : await loadTokenizer(tokOpt ?? source, tokenizerOptions);
    model = checkModel(k, await loadModel(k, source, modelOptions));
    owned = true;
  } else if (source && typeof source === 'object' && 'model' in source) {
    model = checkModel(k, source.model);
    const t = tokOpt ?? source.tokenizer;
    if (t === undefined) throw pipelineError(`pipeline(${task}): {model, tokenizer} needs a tokenizer`);
    tokenizer = t instanceof AlbertTokenizer ? t : await loadTokenizer(t, tokenizerOptions);
  } else {
    throw pipelineError(`pipeline(${task}): source must be a folder, a URL, an id or {model, tokenizer}`);
  }
  if (!(tokenizer instanceof AlbertTokenizer))
    throw pipelineError(`pipeline(${task}): tokenizer must be an AlbertTokenizer`);
  const run = (inputs: unknown, callOpts: object = {}): Promise<unknown> => {
    const o = { ...defaults, ...callOpts } as never;
    switch (k as CanonicalTask) {
      case 'fill-mask':
        return runFillMask(model as AlbertForMaskedLM, tokenizer, inputs as string | string[], o);
      case 'text-classification':
        return runTextClassification(
          model as AlbertForSequenceClassification,
          tokenizer,
          inputs as TextClassificationInput,
          o,
        );
      case 'token-classification':
        return runTokenClassification(model as AlbertForTokenClassification, tokenizer, inputs as string, o);
      case 'question-answering':
        return runQuestionAnswering(
          model as AlbertForQuestionAnswering,
          tokenizer,
          inputs as QuestionAnsweringInput,
          o,
        );
      default:
        return runFeatureExtraction(model, tokenizer, inputs as string, o);
    }
  };
  return Object.assign(run, {
    task: k,
    model,
    tokenizer,
    dispose: () => {
      if (owned) model.dispose();
    },
  }) as unknown as Pipeline<Canon<T>>;
}
