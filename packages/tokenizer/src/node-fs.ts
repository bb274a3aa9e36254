/** File reading for the Node entry (imported lazily so the main entry stays browser-safe). */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TokenizerError } from './errors.js';

/**
 * The bytes of the file at `path` (Node). Throws `TokenizerError` (code `IO`) when it cannot be
 * read.
 */
export async function readModelFile(path: string): Promise<Uint8Array> {
  if (typeof path !== 'string') {
    throw new TokenizerError('INVALID_INPUT', `expected a file path string, got ${typeof path}`);
  }
  try {
    const buf = await readFile(path);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (e) {
    throw new TokenizerError('IO', `cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
}

export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** A file's bytes, or null when there is no such file (other failures throw). */
export async function readOptionalFile(path: string): Promise<Uint8Array | null> {
  try {
    if (!(await stat(path)).isFile()) return null;
  } catch {
    return null;
  }
  return readModelFile(path);
}

/** Writes `files` into `dir` (created if needed). */
export async function writeFolder(dir: string, files: Record<string, Uint8Array | string>): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  } catch (e) {
    throw new TokenizerError('IO', `cannot write to ${dir}: ${(e as Error).message}`, { cause: e });
  }
}
