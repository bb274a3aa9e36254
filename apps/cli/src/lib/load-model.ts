import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlbertPreTrainedModel } from '@albert-ts/core';
import { oneLine, UsageError } from '../util/errors.js';
import { requireDir } from '../util/files.js';
import type { Output } from '../util/output.js';
import { hubOrPath } from './hub-source.js';

// biome-ignore lint/suspicious/noExplicitAny: any model class of core/heads
type ModelClass = abstract new (...args: any[]) => AlbertPreTrainedModel;
type Report = { missingKeys: string[]; unexpectedKeys: string[] };

/** Library error codes that mean the user's model folder is wrong, not that the program broke. */
const INPUT_CODES = ['INVALID_CONFIG', 'SHAPE_MISMATCH', 'INVALID_SAFETENSORS', 'IO', 'MISSING_WEIGHTS'];

/** What a model folder is read for; `extra` adds optional files (export copies tokenizer files). */
const MODEL_FILES = ['model.safetensors', 'spiece.model'];

/**
 * The local folder of a `-m` source: an existing path as given, else a Hub id (`org/name`, with
 * `--revision` or `@revision`) fetched into the HF cache (see hubOrPath).
 */
export async function modelFolder(source: string, revision?: string, extra: string[] = []): Promise<string> {
  const files = { required: ['config.json'], optional: [...MODEL_FILES, ...extra] };
  return (await hubOrPath(source, revision, files)).path;
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

/** The HF architecture name a folder's config.json declares (or undefined). */
export function architectureOf(dir: string): string | undefined {
  try {
    return (readModelConfig(dir).architectures as string[] | undefined)?.[0];
  } catch {
    return undefined;
  }
}

export interface LoadModelOptions {
  /** Config fields to set before building (labels, problem type): the weights come in `{config, weights}`. */
  configPatch?: Record<string, unknown>;
  /** Seeds tensors the checkpoint lacks (a new head). */
  seed?: number;
  /** Missing/unexpected tensors (default: one log line, as HF warns, when `out` is given). */
  onReport?: (r: Report) => void;
  out?: Output;
}

/**
 * Loads a model folder (HF layout) into `cls`. A missing folder or file, or weights that do not
 * fit the config, is a usage error naming the folder.
 */
export async function loadModel<C extends ModelClass>(
  cls: C,
  dir: string,
  o: LoadModelOptions = {},
): Promise<InstanceType<C>> {
  const config = readModelConfig(dir);
  const weightsFile = join(dir, 'model.safetensors');
  if (!existsSync(weightsFile)) throw new UsageError(`no model.safetensors in model folder ${dir}`);
  const onReport =
    o.onReport ??
    ((r: Report) => {
      if (!o.out || (!r.missingKeys.length && !r.unexpectedKeys.length)) return;
      const first = r.missingKeys.slice(0, 3).join(', ') + (r.missingKeys.length > 3 ? ', …' : '');
      o.out.event(
        'load',
        { dir, missing: r.missingKeys, unexpected: r.unexpectedKeys },
        `loaded ${dir}: ${r.missingKeys.length} tensor(s) newly initialised (${first}), ${r.unexpectedKeys.length} unused`,
      );
    });
  const source = o.configPatch
    ? { config: { ...config, ...o.configPatch }, weights: new Uint8Array(readFileSync(weightsFile)) }
    : dir;
  try {
    const load = (cls as unknown as { fromPretrained(s: unknown, o: object): Promise<InstanceType<C>> })
      .fromPretrained;
    return await load.call(cls, source, { onReport, ...(o.seed !== undefined ? { seed: o.seed } : {}) });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code && INPUT_CODES.includes(code)) throw new UsageError(`cannot load model ${dir}: ${oneLine(err)}`);
    throw err;
  }
}
