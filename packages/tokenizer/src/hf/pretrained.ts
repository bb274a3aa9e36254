/**
 * `AlbertTokenizer.fromPretrained`'s loading: the model from `spiece.model` or `tokenizer.json`,
 * the options from `tokenizer_config.json` / `special_tokens_map.json`, then the caller's options
 * over both (as keyword arguments override the files in transformers).
 */
import type { HubOptions } from '@albert-ts/hub';
import type { AlbertTokenizerOptions } from '../albert/options.js';
import { describeValue, TokenizerError } from '../errors.js';
import { SentencePieceProcessor } from '../processor.js';
import { markUserDefined, readTokenizerJson } from './read-tokenizer-json.js';
import { folderFor } from './sources.js';
import { readTokenizerConfig } from './tokenizer-config.js';

/** A JSON file's content: its text, its UTF-8 bytes, or the parsed object. */
export type JsonInput = string | Uint8Array | object;

/** The files of a pretrained tokenizer in memory; `spieceModel` or `tokenizerJson` is required. */
export interface PretrainedFiles {
  spieceModel?: Uint8Array;
  tokenizerJson?: JsonInput;
  tokenizerConfig?: JsonInput;
  specialTokensMap?: JsonInput;
}

/** A directory (Node), a URL of a folder, a Hub id (`org/name[@revision]`), or the files themselves. */
export type PretrainedSource = string | URL | PretrainedFiles;

export interface PretrainedOptions extends AlbertTokenizerOptions, HubOptions {
  /**
   * Which file defines the model when a folder has both (default `'spiece.model'`, the file the
   * slow tokenizer reads; `tokenizer.json` is read back to the same model either way).
   */
  prefer?: 'spiece.model' | 'tokenizer.json';
}

const OPTION_KEYS: ReadonlyArray<keyof AlbertTokenizerOptions> = [
  'doLowerCase',
  'removeSpace',
  'keepAccents',
  'modelMaxLength',
  'decodeStyle',
  'unkToken',
  'sepToken',
  'padToken',
  'clsToken',
  'maskToken',
  'modelValidation',
];

function callerOptions(opts: PretrainedOptions): AlbertTokenizerOptions {
  const out: Record<string, unknown> = {};
  for (const k of OPTION_KEYS) if (opts[k] !== undefined) out[k] = opts[k];
  return out as AlbertTokenizerOptions;
}

export interface Loaded {
  processor: SentencePieceProcessor;
  options: AlbertTokenizerOptions;
}

/** Builds the processor and options from files in memory. */
export function loadFiles(files: PretrainedFiles, opts: PretrainedOptions = {}): Loaded {
  if (files === null || typeof files !== 'object') {
    throw new TokenizerError('INVALID_INPUT', `expected pretrained files, got ${describeValue(files)}`);
  }
  const useJson =
    files.tokenizerJson !== undefined &&
    (files.spieceModel === undefined || opts.prefer === 'tokenizer.json');
  let processor: SentencePieceProcessor;
  let fileOptions: AlbertTokenizerOptions;
  if (useJson) {
    const { proto, settings } = readTokenizerJson(files.tokenizerJson as JsonInput);
    const { userDefinedPieces, ...rest } = readTokenizerConfig(
      files.tokenizerConfig,
      files.specialTokensMap,
      settings,
    );
    markUserDefined(proto, userDefinedPieces ?? []);
    processor = SentencePieceProcessor.fromModelProto(proto);
    fileOptions = rest;
  } else if (files.spieceModel !== undefined) {
    processor = SentencePieceProcessor.fromBytes(files.spieceModel, { validation: opts.modelValidation });
    const { userDefinedPieces: _, ...rest } = readTokenizerConfig(
      files.tokenizerConfig,
      files.specialTokensMap,
    );
    fileOptions = rest;
  } else {
    throw new TokenizerError('INVALID_INPUT', 'pretrained files need spieceModel or tokenizerJson');
  }
  return { processor, options: { ...fileOptions, ...callerOptions(opts) } };
}

/** Reads the files `source` names (or takes them from memory) and loads them. */
export async function loadPretrained(
  source: PretrainedSource,
  opts: PretrainedOptions = {},
): Promise<Loaded> {
  if (typeof source !== 'string' && !(source instanceof URL)) return loadFiles(source, opts);
  const folder = await folderFor(String(source), opts);
  const order =
    opts.prefer === 'tokenizer.json'
      ? ['tokenizer.json', 'spiece.model']
      : ['spiece.model', 'tokenizer.json'];
  const files: PretrainedFiles = {};
  for (const name of order) {
    const bytes = await folder.read(name);
    if (!bytes) continue;
    if (name === 'spiece.model') files.spieceModel = bytes;
    else files.tokenizerJson = bytes;
    break;
  }
  if (!files.spieceModel && !files.tokenizerJson) {
    throw new TokenizerError('IO', `${folder.base}: no spiece.model or tokenizer.json`);
  }
  files.tokenizerConfig = (await folder.read('tokenizer_config.json')) ?? undefined;
  files.specialTokensMap = (await folder.read('special_tokens_map.json')) ?? undefined;
  return loadFiles(files, opts);
}
