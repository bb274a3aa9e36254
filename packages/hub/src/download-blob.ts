import { HubError } from './errors.js';
import { nodeFs, nodePath } from './fs.js';
import { getFollow, hubHttpError } from './http.js';
import type { HubProgress } from './options.js';
import type { HubRepo } from './repo-id.js';

type Hash = { update(b: Uint8Array): void; digest(enc: 'hex'): string };

async function nodeCrypto(): Promise<typeof import('node:crypto')> {
  const spec = 'node:crypto';
  return (await import(/* @vite-ignore */ spec)) as typeof import('node:crypto');
}

/** What a blob download needs of the resolution's settings. */
export interface BlobSettings {
  endpoint: string;
  token: string | undefined;
  progress: ((p: HubProgress) => void) | null;
  fetch: typeof fetch;
}

/**
 * Streams `url` into `<blob>.incomplete` (resuming one a cut connection left, with a Range
 * request, as huggingface_hub does), checks its size (and sha256 for LFS blobs) and only then
 * renames it to `<blob>`: a cut connection never leaves a file that looks complete.
 */
export async function downloadBlob(
  s: BlobSettings,
  repo: HubRepo,
  file: string,
  url: string,
  blob: string,
  etag: string,
  size: number | null,
): Promise<void> {
  const fs = await nodeFs();
  const path = await nodePath();
  const crypto = await nodeCrypto();
  await fs.mkdir(path.dirname(blob), { recursive: true });
  const tmp = `${blob}.incomplete`;
  const fail = (msg: string, cause?: unknown): HubError =>
    new HubError('IO', `${repo.repoId}@${repo.revision}: downloading ${file}: ${msg}`, { cause });
  let have = 0;
  try {
    have = (await fs.stat(tmp)).size;
  } catch {
    have = 0;
  }
  if (size !== null && have >= size) have = 0;
  let res: Response;
  try {
    const range: Record<string, string> = have > 0 ? { range: `bytes=${have}-` } : {};
    res = await getFollow(s.fetch, url, s.endpoint, s.token, range);
  } catch (e) {
    if (e instanceof HubError) throw e;
    throw fail((e as Error).message, e);
  }
  if (!res.ok || !res.body) throw hubHttpError(res, repo.repoId, repo.revision, file, !!s.token);
  // Resume only when the server answered the range asked for; else start over.
  const resumed = have > 0 && res.status === 206 && contentRangeStart(res) === have;
  if (res.status === 206 && !resumed) {
    await res.body.cancel();
    await fs.rm(tmp, { force: true });
    throw fail(`unexpected partial response ${res.headers.get('content-range')}`);
  }
  const lenHeader = Number(res.headers.get('content-length') ?? Number.NaN);
  const total = size ?? (Number.isSafeInteger(lenHeader) ? lenHeader + (resumed ? have : 0) : null);
  const hash: Hash | null = /^[0-9a-f]{64}$/.test(etag) ? crypto.createHash('sha256') : null;
  let loaded = resumed ? have : 0;
  if (resumed && hash) {
    const prev = await fs.open(tmp, 'r');
    try {
      const buf = new Uint8Array(1 << 20);
      for (let pos = 0; pos < have; ) {
        const { bytesRead } = await prev.read(buf, 0, Math.min(buf.length, have - pos), pos);
        if (bytesRead === 0) break;
        hash.update(buf.subarray(0, bytesRead));
        pos += bytesRead;
      }
    } finally {
      await prev.close();
    }
  }
  const out = await fs.open(tmp, resumed ? 'a' : 'w');
  try {
    const reader = res.body.getReader();
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (e) {
        throw fail(
          `connection lost after ${loaded} bytes (${(e as Error).message}); ${tmp} is kept to resume`,
          e,
        );
      }
      if (chunk.done) break;
      await out.write(chunk.value);
      hash?.update(chunk.value);
      loaded += chunk.value.byteLength;
      s.progress?.({ repoId: repo.repoId, file, loaded, total, done: false });
    }
  } finally {
    await out.close();
  }
  if (total !== null && loaded !== total) throw fail(`received ${loaded} bytes, expected ${total}`);
  if (hash) {
    const got = hash.digest('hex');
    if (got !== etag) {
      await fs.rm(tmp, { force: true });
      throw fail(`sha256 ${got} does not match the Hub's ${etag} (the partial file was removed)`);
    }
  }
  await fs.rename(tmp, blob);
  s.progress?.({ repoId: repo.repoId, file, loaded, total, done: true });
}

/** The first byte of a 206 answer's `Content-Range: bytes <start>-<end>/<total>`. */
function contentRangeStart(res: Response): number | null {
  const m = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(res.headers.get('content-range') ?? '');
  return m ? Number(m[1]) : null;
}
