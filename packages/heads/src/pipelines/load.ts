/** What `pipeline()` loads: the task's model class and the tokenizer, from one source. */
import {
  AlbertError,
  AlbertModel,
  type AlbertPreTrainedModel,
  type FromPretrainedOptions,
} from '@albert-ts/core';
import { AlbertTokenizer, type AlbertTokenizerOptions } from '@albert-ts/tokenizer';
import { AlbertForMaskedLM } from '../masked-lm.js';
import { AlbertForPreTraining } from '../pretraining.js';
import { AlbertForQuestionAnswering } from '../question-answering.js';
import { AlbertForSequenceClassification } from '../sequence-classification.js';
import { AlbertForTokenClassification } from '../token-classification.js';
import { encoderOf, pipelineError } from './common.js';

/** HF's task names (and their aliases, `sentiment-analysis` and `ner`). */
export type PipelineTask =
  | 'fill-mask'
  | 'text-classification'
  | 'sentiment-analysis'
  | 'token-classification'
  | 'ner'
  | 'question-answering'
  | 'feature-extraction';

/**
 * A pipeline task under its canonical HF name (`sentiment-analysis` is `text-classification`, `ner`
 * is `token-classification`).
 */
export type CanonicalTask =
  | 'fill-mask'
  | 'text-classification'
  | 'token-classification'
  | 'question-answering'
  | 'feature-extraction';

export function canonicalTask(task: string): CanonicalTask {
  if (task === 'sentiment-analysis') return 'text-classification';
  if (task === 'ner') return 'token-classification';
  if (
    [
      'fill-mask',
      'text-classification',
      'token-classification',
      'question-answering',
      'feature-extraction',
    ].includes(task)
  )
    return task as CanonicalTask;
  throw pipelineError(
    `pipeline: unknown task ${JSON.stringify(task)} (expected fill-mask, text-classification, token-classification, question-answering or feature-extraction)`,
  );
}

interface ModelClass {
  fromPretrained(source: string | URL, opts?: FromPretrainedOptions): Promise<AlbertPreTrainedModel>;
}

const MODEL_CLASS: Record<CanonicalTask, ModelClass> = {
  'fill-mask': AlbertForMaskedLM,
  'text-classification': AlbertForSequenceClassification,
  'token-classification': AlbertForTokenClassification,
  'question-answering': AlbertForQuestionAnswering,
  'feature-extraction': AlbertModel,
};

/** Whether `model` fits `task` (fill-mask also takes a pretraining model; feature-extraction any). */
export function checkModel(task: CanonicalTask, model: unknown): AlbertPreTrainedModel {
  const ok =
    task === 'fill-mask'
      ? model instanceof AlbertForMaskedLM || model instanceof AlbertForPreTraining
      : task === 'feature-extraction'
        ? encoderOf(model) !== undefined
        : model instanceof (MODEL_CLASS[task] as unknown as new (...a: never[]) => object);
  if (!ok) {
    const what = (model as { architecture?: string })?.architecture ?? typeof model;
    throw pipelineError(`pipeline(${task}): the model (${what}) does not fit the task`);
  }
  return model as AlbertPreTrainedModel;
}

export function loadModel(
  task: CanonicalTask,
  source: string | URL,
  opts?: FromPretrainedOptions,
): Promise<AlbertPreTrainedModel> {
  // The source string goes to fromPretrained unchanged (folder, URL, or a Hub id where core resolves them).
  return MODEL_CLASS[task].fromPretrained(source, opts);
}

/**
 * The tokenizer of a source: `AlbertTokenizer.fromPretrained(source)` where the tokenizer package
 * has it (it resolves Hub ids and reads tokenizer_config.json), else `spiece.model` in the folder
 * (Node) or at the URL.
 */
export async function loadTokenizer(
  source: string | URL,
  options?: AlbertTokenizerOptions & { fetch?: typeof fetch },
): Promise<AlbertTokenizer> {
  const T = AlbertTokenizer as unknown as {
    fromPretrained?: (s: string | URL, o?: AlbertTokenizerOptions) => Promise<AlbertTokenizer>;
  };
  if (typeof T.fromPretrained === 'function') return T.fromPretrained(source, options);
  const s = String(source);
  const isUrl = source instanceof URL || /^(https?|blob|data):/i.test(s) || !isNode();
  const file = `${s.endsWith('/') || s.endsWith('\\') ? s : `${s}/`}spiece.model`;
  if (!isUrl) return AlbertTokenizer.fromFile(file, options);
  const f = options?.fetch ?? globalThis.fetch;
  if (typeof f !== 'function')
    throw new AlbertError('IO', 'pipeline: no fetch() available to load the tokenizer');
  const url = new URL(file, (globalThis as { location?: { href?: string } }).location?.href).href;
  const res = await f(url);
  if (!res.ok) throw new AlbertError('IO', `pipeline: cannot fetch ${url}: HTTP ${res.status}`);
  return AlbertTokenizer.fromBytes(new Uint8Array(await res.arrayBuffer()), options);
}

function isNode(): boolean {
  return Boolean((globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node);
}
