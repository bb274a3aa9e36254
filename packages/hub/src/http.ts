import { HubError } from './errors.js';

/** What a HEAD of `resolve/{revision}/{file}` told about a file. */
export interface FileMetadata {
  /** `X-Repo-Commit`: the commit the revision resolved to. */
  commit: string | null;
  /** `X-Linked-Etag` (LFS: sha256) or `ETag` (git sha1), quotes stripped. */
  etag: string | null;
  /** `X-Linked-Size` or `Content-Length`. */
  size: number | null;
  /** The resolve URL after same-host redirects (a renamed repo); GET this one. */
  url: string;
}

const MAX_REDIRECTS = 10;

function origin(u: string): string {
  return new URL(u).origin;
}

/** The Authorization header goes to the configured endpoint only, never to a CDN or another host. */
export function authHeaders(
  url: string,
  endpoint: string,
  token: string | undefined,
): Record<string, string> {
  return token && origin(url) === origin(endpoint) ? { authorization: `Bearer ${token}` } : {};
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** A typed error for an HTTP failure of the Hub, saying what to do where that is known. */
export function hubHttpError(
  res: Response,
  repoId: string,
  revision: string,
  file: string,
  hasToken: boolean,
): HubError {
  const code = res.headers.get('x-error-code');
  const what = `${repoId}@${revision}: ${file}`;
  if (code === 'GatedRepo' || ((res.status === 401 || res.status === 403) && code !== 'RepoNotFound')) {
    return new HubError(
      'IO',
      `${what}: HTTP ${res.status} — the repository is gated or private; ${
        hasToken
          ? 'the token given has no access to it'
          : 'set HF_TOKEN (or the token option) to a token with access'
      }`,
    );
  }
  if (code === 'RepoNotFound' || (res.status === 401 && code === 'RepoNotFound')) {
    return new HubError(
      'IO',
      `${what}: repository "${repoId}" not found on the Hub${hasToken ? '' : ' (if it is private, set HF_TOKEN)'}`,
    );
  }
  if (code === 'RevisionNotFound') return new HubError('IO', `${what}: revision "${revision}" not found`);
  return new HubError('IO', `${what}: HTTP ${res.status}`);
}

/** True for a 404 that means "this file is not in the repository" (not a missing repo or revision). */
export function isEntryNotFound(res: Response): boolean {
  const code = res.headers.get('x-error-code');
  return res.status === 404 && (code === null || code === 'EntryNotFound');
}

/**
 * HEAD of a resolve URL with redirects followed only within the same host (as huggingface_hub
 * does: a renamed repo); a redirect elsewhere (a CDN) ends the walk and its headers are read.
 * Returns the final response (4xx included) and the URL it came from.
 */
export async function headResolve(
  f: typeof fetch,
  url: string,
  endpoint: string,
  token: string | undefined,
): Promise<{ res: Response; url: string }> {
  let cur = url;
  for (let i = 0; i <= MAX_REDIRECTS; i++) {
    const res = await f(cur, {
      method: 'HEAD',
      redirect: 'manual',
      // identity: sizes and ETags are those of the stored bytes, never of a compressed transfer.
      headers: { 'accept-encoding': 'identity', ...authHeaders(cur, endpoint, token) },
    });
    const loc = res.headers.get('location');
    if (!isRedirect(res.status) || !loc) return { res, url: cur };
    const next = new URL(loc, cur).href;
    if (origin(next) !== origin(cur)) return { res, url: cur };
    cur = next;
  }
  throw new HubError('IO', `${url}: more than ${MAX_REDIRECTS} redirects`);
}

export function metadataOf(res: Response, url: string): FileMetadata {
  const etag = res.headers.get('x-linked-etag') ?? res.headers.get('etag');
  // A redirect's own Content-Length is that of its body, not of the file.
  const size = res.headers.get('x-linked-size') ?? (res.ok ? res.headers.get('content-length') : null);
  const n = size === null ? Number.NaN : Number(size);
  return {
    commit: res.headers.get('x-repo-commit'),
    etag,
    size: Number.isSafeInteger(n) && n >= 0 ? n : null,
    url,
  };
}

/** GET following redirects by hand, so the token is sent to the endpoint's host only. */
export async function getFollow(
  f: typeof fetch,
  url: string,
  endpoint: string,
  token: string | undefined,
  extra: Record<string, string> = {},
): Promise<Response> {
  let cur = url;
  for (let i = 0; i <= MAX_REDIRECTS; i++) {
    const headers = { 'accept-encoding': 'identity', ...extra, ...authHeaders(cur, endpoint, token) };
    const res = await f(cur, { redirect: 'manual', headers });
    const loc = res.headers.get('location');
    if (!isRedirect(res.status) || !loc) return res;
    await res.body?.cancel();
    cur = new URL(loc, cur).href;
  }
  throw new HubError('IO', `${url}: more than ${MAX_REDIRECTS} redirects`);
}
