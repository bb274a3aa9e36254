import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AlbertConfig } from '@albert-ts/core';
import { oneLine, UsageError } from '../util/errors.js';
import { hubOrPath } from './hub-source.js';

/** The small shape the demo pretrains (E 128, H 256, 4 layers sharing one group, 4 heads). */
export const SMALL_SHAPE = {
  embedding_size: 128,
  hidden_size: 256,
  num_hidden_layers: 4,
  num_hidden_groups: 1,
  inner_group_num: 1,
  num_attention_heads: 4,
  intermediate_size: 1024,
  hidden_act: 'gelu_new',
  hidden_dropout_prob: 0,
  attention_probs_dropout_prob: 0,
  classifier_dropout_prob: 0.1,
  max_position_embeddings: 512,
  type_vocab_size: 2,
};

export interface ShapeOverrides {
  embeddingSize?: number;
  hiddenSize?: number;
  layers?: number;
  groups?: number;
  heads?: number;
  intermediateSize?: number;
}

/** Where a config came from: a preset, or a config.json file (in a model folder when `dir`). */
export interface ConfigSource {
  json: Record<string, unknown>;
  /** `preset <name>` or the config.json path. */
  source: string;
  /** The model folder given, if one was (not a Hub id's snapshot: only its config.json was fetched). */
  dir?: string;
}

/**
 * HF config JSON from a preset name, a config.json file, a model folder or a Hub id (`org/name`,
 * at `revision`: its config.json alone, as AutoConfig fetches it); a usage error otherwise.
 */
export async function configSource(spec: string, revision?: string): Promise<ConfigSource> {
  const { presetJson } = await import('@albert-ts/core');
  const preset = (presetJson as Record<string, Record<string, unknown>>)[spec];
  if (preset) return { json: { ...preset }, source: `preset ${spec}` };
  const { path, fetched } = await hubOrPath(spec, revision, { required: ['config.json'] }, 'model config');
  if (!existsSync(path)) {
    throw new UsageError(
      `'${spec}' is neither a preset (${Object.keys(presetJson).join(', ')}) nor an existing file or directory (nor a Hub id org/name)`,
    );
  }
  const dir = statSync(path).isDirectory() ? path : undefined;
  const file = dir ? join(path, 'config.json') : path;
  if (!existsSync(file)) throw new UsageError(`no config.json in ${path}`);
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new UsageError(`${file}: not JSON (${oneLine(err)})`);
  }
  if (fetched) return { json, source: `${spec}${revision ? `@${revision}` : ''} (${file})` };
  return { json, source: file, ...(dir ? { dir } : {}) };
}

/** {@link configSource}'s JSON. */
export async function configJsonFrom(spec: string, revision?: string): Promise<Record<string, unknown>> {
  return (await configSource(spec, revision)).json;
}

/** A validated config for pretraining: base shape, flag overrides, the tokenizer's vocabulary. */
export async function pretrainConfig(
  base: string | undefined,
  o: ShapeOverrides & { revision?: string },
  vocab: { vocabSize: number; padTokenId: number; clsTokenId: number; sepTokenId: number },
): Promise<AlbertConfig> {
  const { AlbertConfig } = await import('@albert-ts/core');
  const json: Record<string, unknown> = base ? await configJsonFrom(base, o.revision) : { ...SMALL_SHAPE };
  const set = (k: string, v: number | undefined) => {
    if (v !== undefined) json[k] = v;
  };
  set('embedding_size', o.embeddingSize);
  set('hidden_size', o.hiddenSize);
  set('num_hidden_layers', o.layers);
  set('num_hidden_groups', o.groups);
  set('num_attention_heads', o.heads);
  set('intermediate_size', o.intermediateSize);
  json.vocab_size = vocab.vocabSize;
  json.pad_token_id = vocab.padTokenId;
  json.bos_token_id = vocab.clsTokenId;
  json.eos_token_id = vocab.sepTokenId;
  delete json.architectures;
  try {
    return AlbertConfig.fromJSON(json);
  } catch (err) {
    throw new UsageError(`model config: ${oneLine(err)}`);
  }
}
