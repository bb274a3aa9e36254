/**
 * Where a pretrained tokenizer's files come from: a URL folder (fetch), a directory (Node, through
 * the lazily imported Node file reader), or a Hugging Face Hub id (@albert-ts/hub: the hub cache
 * in Node, Cache Storage in a browser). Each is a folder whose `read` gives null for a file it
 * lacks, so the loader can fall back from `spiece.model` to `tokenizer.json`.
 */
import { HubError, type HubOptions, hubFolder } from '@albert-ts/hub';
import { TokenizerError } from '../errors.js';

export interface TokenizerFolder {
  /** Where the files are, for messages. */
  base: string;
  read(file: string): Promise<Uint8Array | null>;
}

export function isUrl(s: string): boolean {
  return /^(https?|blob|data):/i.test(s);
}

function inNode(): boolean {
  return !!(globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;
}

/** Fetches `url`; null on 404 when `optional`. */
export async function fetchBytes(
  f: typeof fetch,
  url: string,
  optional: boolean,
): Promise<Uint8Array | null> {
  let res: Response;
  try {
    res = await f(url);
  } catch (e) {
    throw new TokenizerError('IO', `cannot fetch ${url}: ${(e as Error).message}`, { cause: e });
  }
  if (optional && res.status === 404) {
    await res.body?.cancel();
    return null;
  }
  if (!res.ok) throw new TokenizerError('IO', `cannot fetch ${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

export function urlFolder(base: string, f: typeof fetch = globalThis.fetch): TokenizerFolder {
  if (typeof f !== 'function') throw new TokenizerError('IO', `no fetch() available to read ${base}`);
  const root = base.endsWith('/') ? base : `${base}/`;
  return { base, read: (file) => fetchBytes(f, new URL(file, root).href, true) };
}

async function dirFolder(dir: string): Promise<TokenizerFolder | null> {
  const { isDirectory, readOptionalFile } = await import('../node-fs.js');
  if (!(await isDirectory(dir))) return null;
  const sep = dir.endsWith('/') || dir.endsWith('\\') ? '' : '/';
  return { base: dir, read: (file) => readOptionalFile(`${dir}${sep}${file}`) };
}

/** A hub error as this package's own (same message; the hub's error is the cause). */
function fromHub(e: unknown): unknown {
  if (!(e instanceof HubError)) return e;
  return new TokenizerError(e.code === 'INVALID_INPUT' ? 'INVALID_INPUT' : 'IO', e.message, { cause: e });
}

/** The folder `source` names: a URL, an existing directory (Node), or a Hub id. */
export async function folderFor(source: string, opts: HubOptions): Promise<TokenizerFolder> {
  if (isUrl(source)) return urlFolder(source, opts.fetch);
  if (inNode()) {
    const dir = await dirFolder(source);
    if (dir) return dir;
  }
  let hub: Awaited<ReturnType<typeof hubFolder>>;
  try {
    hub = await hubFolder(source, opts);
  } catch (e) {
    throw fromHub(e);
  }
  if (hub) {
    const h = hub;
    return {
      base: h.base,
      read: async (file) => {
        try {
          return await h.read(file);
        } catch (e) {
          throw fromHub(e);
        }
      },
    };
  }
  const g = globalThis as { location?: { href?: string } };
  if (!inNode() && typeof g.location?.href === 'string')
    return urlFolder(new URL(source, g.location.href).href, opts.fetch);
  throw new TokenizerError(
    'IO',
    `${JSON.stringify(source)} is neither a directory, a URL nor a Hub id (org/name[@revision])`,
  );
}
