import { AlbertError } from '../errors.js';

type Fs = typeof import('node:fs/promises');

/**
 * node:fs, imported on first use through a computed specifier so that browser bundles of the main
 * entry never try to resolve it.
 */
export async function nodeFs(): Promise<Fs> {
  const spec = 'node:fs/promises';
  try {
    return (await import(/* @vite-ignore */ spec)) as Fs;
  } catch (e) {
    throw new AlbertError(
      'IO',
      'file system access needs Node.js (use a URL or {config, weights} in the browser)',
      {
        cause: e,
      },
    );
  }
}

type Path = typeof import('node:path');

/** node:path, imported lazily for the same reason as {@link nodeFs}. */
export async function nodePath(): Promise<Path> {
  const spec = 'node:path';
  return (await import(/* @vite-ignore */ spec)) as Path;
}

export function joinPath(dir: string, file: string): string {
  return dir.endsWith('/') || dir.endsWith('\\') ? dir + file : `${dir}/${file}`;
}

/**
 * The bytes of the file at `path` (Node). Throws `AlbertError` (code `IO`) naming the file when it
 * cannot be read.
 */
export async function readBytes(path: string): Promise<Uint8Array> {
  const fs = await nodeFs();
  try {
    const buf = await fs.readFile(path);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (e) {
    throw new AlbertError('IO', `cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * Writes each file (name → content) into `dir`, creating it. Throws `AlbertError` (code `IO`) on
 * failure.
 */
export async function writeFiles(dir: string, files: Record<string, Uint8Array | string>): Promise<void> {
  const fs = await nodeFs();
  try {
    await fs.mkdir(dir, { recursive: true });
    for (const [name, content] of Object.entries(files)) await fs.writeFile(joinPath(dir, name), content);
  } catch (e) {
    throw new AlbertError('IO', `cannot write to ${dir}: ${(e as Error).message}`, { cause: e });
  }
}
