/**
 * Node file access for TensorFlow checkpoints (exported only from `@albert-ts/core/node`):
 * reading `<prefix>.index` and its data shards, writing a bundle, and `convertTfCheckpoint`, the
 * whole `albert convert tf` (checkpoint + albert_config.json [+ SentencePiece model] -> HF folder).
 */
import { AlbertError } from '../errors.js';
import { replaceDir } from '../io/atomic-dir.js';
import { nodeFs, nodePath, readBytes, writeFiles } from '../io/fs.js';
import { writeSafetensors } from '../io/safetensors-write.js';
import {
  parseTfBundleIndex,
  TfBundle,
  type TfTensor,
  tfDataFileName,
  tfIndexFileName,
} from '../io/tf-bundle/bundle-reader.js';
import { type WriteTfBundleOptions, writeTfBundle } from '../io/tf-bundle/bundle-writer.js';
import { TfCheckpointError } from '../io/tf-bundle/tf-bundle-error.js';
import { type ConvertTfResult, convertTfBundle } from './tf-checkpoint.js';
import { albertConfigFromTf } from './tf-config.js';

async function exists(path: string): Promise<boolean> {
  try {
    await (await nodeFs()).stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The checkpoint prefix `spec` names: a prefix, its `.index` file, or a directory whose
 * TensorFlow `checkpoint` state file names the latest checkpoint (`model_checkpoint_path`).
 */
export async function resolveTfCheckpointPrefix(spec: string): Promise<string> {
  const fs = await nodeFs();
  const path = await nodePath();
  if (spec.endsWith('.index')) return spec.slice(0, -'.index'.length);
  const stat = await fs.stat(spec).catch(() => null);
  if (stat?.isDirectory()) {
    const state = path.join(spec, 'checkpoint');
    if (await exists(state)) {
      const m = /model_checkpoint_path:\s*"([^"]+)"/.exec(new TextDecoder().decode(await readBytes(state)));
      if (m) return path.isAbsolute(m[1]) ? m[1] : path.join(spec, m[1]);
    }
    const indexes = (await fs.readdir(spec)).filter((f) => f.endsWith('.index'));
    if (indexes.length === 1) return path.join(spec, indexes[0].slice(0, -'.index'.length));
    throw new AlbertError(
      'IO',
      `${spec}: a directory without a 'checkpoint' file and with ${indexes.length} .index files; name the checkpoint prefix`,
    );
  }
  return spec;
}

/** Reads `<prefix>.index` and every data shard it declares; a missing shard is named. */
export async function readTfCheckpoint(prefix: string): Promise<TfBundle> {
  const indexFile = tfIndexFileName(prefix);
  if (!(await exists(indexFile))) {
    throw new TfCheckpointError(
      'MISSING_SHARD',
      `the index file does not exist (is "${prefix}" the checkpoint prefix?)`,
      {
        file: indexFile,
      },
    );
  }
  const index = await readBytes(indexFile);
  const { header } = parseTfBundleIndex(index, indexFile);
  const shards: Array<Uint8Array | undefined> = [];
  for (let i = 0; i < header.numShards && i < 100000; i++) {
    const f = tfDataFileName(prefix, i, header.numShards);
    if (!(await exists(f))) {
      throw new TfCheckpointError('MISSING_SHARD', `data shard ${i} of ${header.numShards} does not exist`, {
        file: f,
      });
    }
    shards.push(await readBytes(f));
  }
  return TfBundle.parse({ index, shards }, { prefix });
}

/** Writes `<prefix>.index` and `<prefix>.data-*` (the directory is created if needed). */
export async function writeTfCheckpoint(
  prefix: string,
  tensors: Iterable<[string, TfTensor]>,
  opts: WriteTfBundleOptions = {},
): Promise<string[]> {
  const path = await nodePath();
  const { index, shards } = writeTfBundle(tensors, opts);
  const files: Record<string, Uint8Array> = { [path.basename(tfIndexFileName(prefix))]: index };
  shards.forEach((s, i) => {
    files[path.basename(tfDataFileName(prefix, i, shards.length))] = s;
  });
  await writeFiles(path.dirname(prefix), files);
  return Object.keys(files).map((f) => path.join(path.dirname(prefix), f));
}

/**
 * Options of `convertTfCheckpoint`: where the config and the vocabulary are, and the HF class to
 * write.
 */
export interface ConvertTfCheckpointOptions {
  /** `albert_config.json` (default: beside the checkpoint). */
  configPath?: string;
  /** SentencePiece model copied as `spiece.model` (default: `30k-clean.model` beside the checkpoint, if any). */
  vocabPath?: string;
  /** HF class to write (default: inferred from the head variables). */
  architecture?: string;
}

/**
 * What `convertTfCheckpoint` wrote: the checkpoint prefix, the output folder, tensor and parameter
 * counts, the files.
 */
export interface ConvertTfCheckpointReport extends Omit<ConvertTfResult, 'tensors' | 'mapping'> {
  prefix: string;
  outDir: string;
  tensorCount: number;
  parameters: number;
  files: string[];
}

/** `albert convert tf`: reads a TF checkpoint and writes an HF folder (atomically). */
export async function convertTfCheckpoint(
  checkpoint: string,
  outDir: string,
  opts: ConvertTfCheckpointOptions = {},
): Promise<ConvertTfCheckpointReport> {
  const path = await nodePath();
  const prefix = await resolveTfCheckpointPrefix(checkpoint);
  const dir = path.dirname(prefix);
  const configPath = opts.configPath ?? path.join(dir, 'albert_config.json');
  if (!(await exists(configPath))) {
    throw new AlbertError('IO', `${configPath}: no albert_config.json (pass its path)`);
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(await readBytes(configPath)));
  } catch (e) {
    if (e instanceof AlbertError) throw e;
    throw new AlbertError('INVALID_CONFIG', `${configPath}: not valid JSON (${(e as Error).message})`);
  }
  const config = albertConfigFromTf(json, configPath);
  const bundle = await readTfCheckpoint(prefix);
  const result = convertTfBundle(bundle, { config, architecture: opts.architecture });
  const files: Record<string, Uint8Array | string> = {
    'config.json': `${JSON.stringify(result.config, null, 2)}\n`,
    'model.safetensors': writeSafetensors(result.tensors),
  };
  const vocab = opts.vocabPath ?? path.join(dir, '30k-clean.model');
  if (opts.vocabPath !== undefined || (await exists(vocab))) files['spiece.model'] = await readBytes(vocab);
  await replaceDir(outDir, files);
  let parameters = 0;
  for (const t of result.tensors.values()) parameters += t.data.length;
  return {
    architecture: result.architecture,
    config: result.config,
    skipped: result.skipped,
    unused: result.unused,
    prefix,
    outDir,
    tensorCount: result.tensors.size,
    parameters,
    files: Object.keys(files).map((f) => path.join(outDir, f)),
  };
}
