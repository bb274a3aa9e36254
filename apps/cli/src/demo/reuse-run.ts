import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlbertConfig } from '@albert-ts/core';
import type { AlbertForPreTraining } from '@albert-ts/heads';
import type { AlbertTokenizer } from '@albert-ts/tokenizer';
import { UsageError } from '../util/errors.js';
import type { DemoResults, PretrainResult, TokenizerResult } from './results.js';

export interface ReusedRun {
  tokenizer: TokenizerResult & { tokenizer: AlbertTokenizer };
  config: AlbertConfig;
  pre: { result: PretrainResult; model: AlbertForPreTraining; weights: Uint8Array };
}

/**
 * The tokenizer and pretrained model of an earlier demo run folder, so that fine-tuning settings can
 * be explored (or a task re-run) without training them again. Its summary.json supplies the
 * tokenizer and pretraining figures of that run.
 */
export async function reuseRun(dir: string): Promise<ReusedRun> {
  const modelPath = join(dir, 'tokenizer', 'spiece.model');
  const modelDir = join(dir, 'models', 'pretrained');
  const summaryPath = join(dir, 'summary.json');
  for (const f of [modelPath, join(modelDir, 'model.safetensors'), summaryPath]) {
    if (!existsSync(f)) throw new UsageError(`--reuse: no ${f} (not a finished demo run folder?)`);
  }
  const { AlbertTokenizer } = await import('@albert-ts/tokenizer');
  const { AlbertConfig } = await import('@albert-ts/core');
  const { AlbertForPreTraining } = await import('@albert-ts/heads');
  const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as DemoResults;
  const tokenizer = AlbertTokenizer.fromBytes(readFileSync(modelPath));
  const weights = new Uint8Array(readFileSync(join(modelDir, 'model.safetensors')));
  const config = AlbertConfig.fromJSON(JSON.parse(readFileSync(join(modelDir, 'config.json'), 'utf8')));
  const model = await AlbertForPreTraining.fromPretrained({ config: config.toJSON(), weights }, {});
  return {
    tokenizer: { ...summary.tokenizer, modelPath, tokenizer },
    config,
    pre: { result: summary.pretrain, model, weights },
  };
}
