/** File reading for the Node entry (imported lazily so the main entry stays browser-safe). */
import { readFile } from 'node:fs/promises';
import { TokenizerError } from './errors.js';

export async function readModelFile(path: string): Promise<Uint8Array> {
  if (typeof path !== 'string') {
    throw new TokenizerError('INVALID_ARGUMENT', `expected a file path string, got ${typeof path}`);
  }
  try {
    const buf = await readFile(path);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (e) {
    throw new TokenizerError('IO', `cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
}
