import type { AlbertPreTrainedModel } from '@albert-ts/core';
import { type LoadModelOptions, loadModel } from '../lib/load-model.js';
import type { TaskKind } from './examples.js';

export const ARCHITECTURE: Record<TaskKind, string> = {
  classification: 'AlbertForSequenceClassification',
  regression: 'AlbertForSequenceClassification',
  'token-classification': 'AlbertForTokenClassification',
  qa: 'AlbertForQuestionAnswering',
  'multiple-choice': 'AlbertForMultipleChoice',
};

/** The task a fine-tuned model folder was trained for, from its config.json. */
export function kindOfConfig(config: Record<string, unknown>): TaskKind | undefined {
  const arch = (config.architectures as string[] | undefined)?.[0];
  if (arch === 'AlbertForSequenceClassification') {
    return config.problem_type === 'regression' || config.num_labels === 1 ? 'regression' : 'classification';
  }
  return (Object.keys(ARCHITECTURE) as TaskKind[]).find(
    (k) => k !== 'classification' && ARCHITECTURE[k] === arch,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: any head model class
type ModelClass = abstract new (...args: any[]) => AlbertPreTrainedModel;

type HeadModel = AlbertPreTrainedModel & {
  // biome-ignore lint/suspicious/noExplicitAny: inputs depend on the head
  call(inputs: any, opts?: any): any;
};

/**
 * The head model of `kind` from a folder's weights with a patched config (labels, problem type):
 * the encoder comes from the checkpoint, a head it lacks is initialised from `seed`.
 */
export async function headModelFrom(
  kind: TaskKind,
  dir: string,
  configPatch: Record<string, unknown>,
  seed: number,
  onReport: NonNullable<LoadModelOptions['onReport']>,
): Promise<HeadModel> {
  const heads = (await import('@albert-ts/heads')) as unknown as Record<string, ModelClass>;
  const patch = { ...configPatch, architectures: [ARCHITECTURE[kind]] };
  return (await loadModel(heads[ARCHITECTURE[kind]]!, dir, {
    configPatch: patch,
    seed,
    onReport,
  })) as HeadModel;
}
