/**
 * Node entry: reading `.model` files from disk. The main entry works in browsers too and takes
 * bytes; `SentencePieceProcessor.load` / `AlbertTokenizer.fromFile(path)` also work in Node (they
 * import this module's file reader lazily).
 */
import { readFileSync } from 'node:fs';
import { AlbertTokenizer, type AlbertTokenizerOptions } from './albert/albert-tokenizer.js';
import { TokenizerError } from './errors.js';
import { readModelFile } from './node-fs.js';
import { type LoadOptions, SentencePieceProcessor } from './processor.js';

export * from './index.js';
export { readModelFile };

/** `SentencePieceProcessor.load(path)`. */
export async function loadSentencePiece(
  path: string,
  options?: LoadOptions,
): Promise<SentencePieceProcessor> {
  return SentencePieceProcessor.fromBytes(await readModelFile(path), options);
}

/** Synchronous variant of `loadSentencePiece`. */
export function loadSentencePieceSync(path: string, options?: LoadOptions): SentencePieceProcessor {
  return SentencePieceProcessor.fromBytes(readModelFileSync(path), options);
}

/** `AlbertTokenizer.fromFile(path, options)`. */
export async function loadAlbertTokenizer(
  path: string,
  options?: AlbertTokenizerOptions,
): Promise<AlbertTokenizer> {
  return AlbertTokenizer.fromBytes(await readModelFile(path), options);
}

/** Synchronous variant of `loadAlbertTokenizer`. */
export function loadAlbertTokenizerSync(path: string, options?: AlbertTokenizerOptions): AlbertTokenizer {
  return AlbertTokenizer.fromBytes(readModelFileSync(path), options);
}

/** Synchronous variant of `readModelFile`. */
export function readModelFileSync(path: string): Uint8Array {
  if (typeof path !== 'string') {
    throw new TokenizerError('INVALID_INPUT', `expected a file path string, got ${typeof path}`);
  }
  try {
    const buf = readFileSync(path);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (e) {
    throw new TokenizerError('IO', `cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
}
