import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AlbertTokenizer } from '@albert-ts/tokenizer';
import { oneLine, UsageError } from '../util/errors.js';
import { hubOrPath } from './hub-source.js';

/** The file name HF uses for an ALBERT SentencePiece model inside a model folder. */
export const SPIECE = 'spiece.model';

/**
 * Finds the tokenizer of a model: an explicit `.model` path, else `<model dir>/spiece.model`.
 * A missing or unreadable file is a usage error (exit 2).
 */
export function tokenizerPath(modelDir: string | undefined, explicit: string | undefined): string {
  if (explicit) {
    if (!existsSync(explicit)) throw new UsageError(`tokenizer not found: ${explicit}`);
    if (statSync(explicit).isDirectory()) return tokenizerPath(explicit, undefined);
    return explicit;
  }
  if (!modelDir) throw new UsageError('no tokenizer: pass --tokenizer <file.model>');
  const p = join(modelDir, SPIECE);
  if (!existsSync(p)) throw new UsageError(`no ${SPIECE} in ${modelDir}: pass --tokenizer <file.model>`);
  return p;
}

/**
 * {@link tokenizerPath}, where `explicit` may also be a Hub id (its spiece.model fetched at
 * `revision`, as transformers' example scripts apply `--model_revision` to the tokenizer too).
 */
export async function tokenizerFile(
  modelDir: string | undefined,
  explicit: string | undefined,
  revision?: string,
): Promise<string> {
  if (!explicit) return tokenizerPath(modelDir, undefined);
  const { path } = await hubOrPath(explicit, revision, { required: [SPIECE] }, 'tokenizer');
  return tokenizerPath(undefined, path);
}

export async function loadTokenizer(path: string): Promise<AlbertTokenizer> {
  const { AlbertTokenizer } = await import('@albert-ts/tokenizer');
  const { readFileSync } = await import('node:fs');
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (err) {
    throw new UsageError(`cannot read tokenizer ${path}: ${oneLine(err)}`);
  }
  try {
    return AlbertTokenizer.fromBytes(bytes);
  } catch (err) {
    throw new UsageError(`${path}: not a SentencePiece model (${oneLine(err)})`);
  }
}
