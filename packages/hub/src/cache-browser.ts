import { DEFAULT_ENDPOINT, resolveUrl } from './cache-layout.js';
import { HubError } from './errors.js';
import { authHeaders, hubHttpError, isEntryNotFound } from './http.js';
import type { HubFolder, HubOptions } from './options.js';
import type { HubRepo } from './repo-id.js';

/** The Cache Storage bucket Hub files are kept in (one entry per resolve URL). */
export const BROWSER_CACHE_NAME = 'albert-ts-hub';

/**
 * A Hub repo in the browser: each file is fetched from `{endpoint}/{repo}/resolve/{revision}/{file}`
 * once and kept in Cache Storage (`caches`, where available) under that URL; later loads, and
 * `localFilesOnly`, read it from there. The browser follows redirects itself and drops the
 * Authorization header on a redirect to another origin (Fetch standard).
 */
export function browserHubFolder(repo: HubRepo, opts: HubOptions = {}): HubFolder {
  const endpoint = (opts.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
  const token = typeof opts.token === 'string' ? opts.token : undefined;
  const f = opts.fetch ?? globalThis.fetch;
  const offline = opts.localFilesOnly === true;
  const storage = (globalThis as { caches?: CacheStorage }).caches;
  const where = `${repo.repoId}@${repo.revision}`;

  async function response(file: string, method: 'GET' | 'HEAD'): Promise<Response | null> {
    const url = resolveUrl(endpoint, repo.repoId, repo.revision, file);
    const cache = storage ? await storage.open(BROWSER_CACHE_NAME) : null;
    const hit = await cache?.match(url);
    if (hit) return hit;
    if (offline) return null;
    if (typeof f !== 'function') throw new HubError('IO', 'no fetch() available for the Hub');
    let res: Response;
    try {
      res = await f(url, { method, headers: authHeaders(url, endpoint, token) });
    } catch (e) {
      throw new HubError('IO', `${where}: cannot fetch ${file}: ${(e as Error).message}`, { cause: e });
    }
    if (isEntryNotFound(res)) return null;
    if (!res.ok) throw hubHttpError(res, repo.repoId, repo.revision, file, !!token);
    if (method === 'GET' && cache) await cache.put(url, res.clone());
    return res;
  }

  return {
    base: resolveUrl(endpoint, repo.repoId, repo.revision, ''),
    offline,
    async read(file) {
      const res = await response(file, 'GET');
      if (!res) return null;
      const bytes = new Uint8Array(await res.arrayBuffer());
      if (opts.onProgress) {
        opts.onProgress({
          repoId: repo.repoId,
          file,
          loaded: bytes.byteLength,
          total: bytes.byteLength,
          done: true,
        });
      }
      return bytes;
    },
    async has(file) {
      return (await response(file, 'HEAD')) !== null;
    },
  };
}
