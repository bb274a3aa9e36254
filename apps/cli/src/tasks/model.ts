import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlbertPreTrainedModel } from '@albert-ts/core';
import { oneLine, UsageError } from '../util/errors.js';
import { requireDir } from '../util/files.js';
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
  if (arch === 'AlbertForTokenClassification') return 'token-classification';
  if (arch === 'AlbertForQuestionAnswering') return 'qa';
  if (arch === 'AlbertForMultipleChoice') return 'multiple-choice';
  return undefined;
}

export function readModelConfig(dir: string): Record<string, unknown> {
  requireDir(dir, 'model folder');
  const file = join(dir, 'config.json');
  if (!existsSync(file)) throw new UsageError(`no config.json in model folder ${dir}`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new UsageError(`${file}: not JSON (${oneLine(err)})`);
  }
}

type HeadModel = AlbertPreTrainedModel & {
  // biome-ignore lint/suspicious/noExplicitAny: inputs depend on the head
  call(inputs: any, opts?: any): any;
};

/**
 * Builds the head model of `kind` from a folder's weights with a patched config (labels,
 * problem type): the encoder comes from the checkpoint, a new head is initialised from `seed`.
 */
export async function headModelFrom(
  kind: TaskKind,
  dir: string,
  configPatch: Record<string, unknown>,
  seed: number,
  onReport: (r: { missingKeys: string[]; unexpectedKeys: string[] }) => void,
): Promise<HeadModel> {
  const heads = await import('@albert-ts/heads');
  const config = { ...readModelConfig(dir), ...configPatch, architectures: [ARCHITECTURE[kind]] };
  const weightsFile = join(dir, 'model.safetensors');
  if (!existsSync(weightsFile)) throw new UsageError(`no model.safetensors in model folder ${dir}`);
  const weights = new Uint8Array(readFileSync(weightsFile));
  const cls = {
    classification: heads.AlbertForSequenceClassification,
    regression: heads.AlbertForSequenceClassification,
    'token-classification': heads.AlbertForTokenClassification,
    qa: heads.AlbertForQuestionAnswering,
    'multiple-choice': heads.AlbertForMultipleChoice,
  }[kind] as unknown as { fromPretrained(s: unknown, o: unknown): Promise<HeadModel> };
  try {
    return await cls.fromPretrained({ config, weights }, { seed, onReport });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (
      code &&
      ['INVALID_CONFIG', 'SHAPE_MISMATCH', 'INVALID_SAFETENSORS', 'MISSING_WEIGHTS'].includes(code)
    ) {
      throw new UsageError(`cannot load model ${dir}: ${oneLine(err)}`);
    }
    throw err;
  }
}
