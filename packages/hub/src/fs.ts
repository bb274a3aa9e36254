import { HubError } from './errors.js';

type Fs = typeof import('node:fs/promises');
type Path = typeof import('node:path');

/**
 * node:fs, imported on first use through a computed specifier so that browser bundles of the main
 * entry never try to resolve it.
 */
export async function nodeFs(): Promise<Fs> {
  const spec = 'node:fs/promises';
  try {
    return (await import(/* @vite-ignore */ spec)) as Fs;
  } catch (e) {
    throw new HubError('IO', 'the hub cache needs Node.js (in a browser files go to Cache Storage)', {
      cause: e,
    });
  }
}

/** node:path, imported lazily for the same reason as {@link nodeFs}. */
export async function nodePath(): Promise<Path> {
  const spec = 'node:path';
  return (await import(/* @vite-ignore */ spec)) as Path;
}

export async function readBytes(path: string): Promise<Uint8Array> {
  const fs = await nodeFs();
  try {
    const buf = await fs.readFile(path);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (e) {
    throw new HubError('IO', `cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
}
