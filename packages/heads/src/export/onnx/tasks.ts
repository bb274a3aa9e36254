/**
 * Export tasks, named as optimum names them (`optimum-cli export onnx --task`), the architectures
 * each fits, and the task optimum infers from a config's `architectures`.
 */
import { AlbertModel } from '@albert-ts/core';
import { AlbertForMaskedLM } from '../../masked-lm.js';
import { AlbertForMultipleChoice } from '../../multiple-choice.js';
import { AlbertForQuestionAnswering } from '../../question-answering.js';
import { AlbertForSequenceClassification } from '../../sequence-classification.js';
import { AlbertForTokenClassification } from '../../token-classification.js';
import { OnnxExportError } from './errors.js';

/** The ONNX export tasks, named as Hugging Face optimum names them. */
export const ONNX_TASKS = [
  'feature-extraction',
  'fill-mask',
  'text-classification',
  'token-classification',
  'question-answering',
  'multiple-choice',
] as const;
/** An ONNX export task (one of `ONNX_TASKS`): which model outputs the graph has. */
export type OnnxTask = (typeof ONNX_TASKS)[number];

/** Our model-class names and HF pipeline aliases for the tasks. */
const ALIASES: Record<string, OnnxTask> = {
  base: 'feature-extraction',
  'masked-lm': 'fill-mask',
  'sequence-classification': 'text-classification',
  'sentiment-analysis': 'text-classification',
  ner: 'token-classification',
};

/** The architecture whose head a task exports (any ALBERT exports `feature-extraction`). */
const TASK_ARCHITECTURES: Record<OnnxTask, readonly string[]> = {
  'feature-extraction': [],
  // A pretraining checkpoint's MLM head is AlbertForMaskedLM's (HF's AutoModelForMaskedLM loads it).
  'fill-mask': ['AlbertForMaskedLM', 'AlbertForPreTraining'],
  'text-classification': ['AlbertForSequenceClassification'],
  'token-classification': ['AlbertForTokenClassification'],
  'question-answering': ['AlbertForQuestionAnswering'],
  'multiple-choice': ['AlbertForMultipleChoice'],
};

/** A task name (optimum's, or an alias such as `base`, `masked-lm`); throws on anything else. */
export function onnxTask(name: string): OnnxTask {
  if ((ONNX_TASKS as readonly string[]).includes(name)) return name as OnnxTask;
  const alias = Object.hasOwn(ALIASES, name) ? ALIASES[name] : undefined;
  if (alias) return alias;
  throw new OnnxExportError(
    'INVALID_INPUT',
    `unknown task ${JSON.stringify(name)} (expected ${ONNX_TASKS.join(', ')}, or ${Object.keys(ALIASES).join(', ')})`,
  );
}

/**
 * The task for an HF architecture, as optimum infers it (AlbertModel → feature-extraction,
 * AlbertForMaskedLM → fill-mask, ...). AlbertForPreTraining, which optimum cannot infer, gives
 * fill-mask: its MLM head is the exportable part.
 */
export function onnxTaskForArchitecture(architecture: string | null | undefined): OnnxTask {
  if (architecture == null || architecture === 'AlbertModel') return 'feature-extraction';
  for (const task of ONNX_TASKS) if (TASK_ARCHITECTURES[task].includes(architecture)) return task;
  throw new OnnxExportError(
    'INVALID_CONFIG',
    `no ONNX task for architecture ${JSON.stringify(architecture)}: pass a task (${ONNX_TASKS.join(', ')})`,
  );
}

/** Whether a model of `architecture` has what `task` exports. */
export function fitsTask(task: OnnxTask, architecture: string): boolean {
  return task === 'feature-extraction' || TASK_ARCHITECTURES[task].includes(architecture);
}

/**
 * The class to load a checkpoint into for `task` (optimum's AutoModelFor<task>): e.g. a
 * pretraining checkpoint loads into AlbertForMaskedLM for fill-mask, any checkpoint into
 * AlbertModel for feature-extraction.
 */
export function onnxTaskModelClass(task: OnnxTask) {
  return {
    'feature-extraction': AlbertModel,
    'fill-mask': AlbertForMaskedLM,
    'text-classification': AlbertForSequenceClassification,
    'token-classification': AlbertForTokenClassification,
    'question-answering': AlbertForQuestionAnswering,
    'multiple-choice': AlbertForMultipleChoice,
  }[task];
}
