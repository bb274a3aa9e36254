import { repoFolderName } from './repo-id.js';

/** The public Hub, used when `HF_ENDPOINT` is unset. */
export const DEFAULT_ENDPOINT = 'https://huggingface.co';

/** The Hub settings read from the environment, as huggingface_hub's `constants.py` reads them. */
export interface HubEnvironment {
  /** `HF_ENDPOINT` without trailing slashes, else {@link DEFAULT_ENDPOINT}. */
  endpoint: string;
  /** `HF_HUB_CACHE`, else `HUGGINGFACE_HUB_CACHE`, else `HF_HOME/hub`, else `$XDG_CACHE_HOME/huggingface/hub`, else `~/.cache/huggingface/hub`. */
  cacheDir: string;
  /** `HF_HUB_OFFLINE` (or `TRANSFORMERS_OFFLINE`) is 1/ON/YES/TRUE. */
  offline: boolean;
  /** `HF_TOKEN` (or the legacy `HUGGING_FACE_HUB_TOKEN`), trimmed; undefined when empty or unset. */
  token: string | undefined;
  /** Where a token saved by `huggingface-cli login` lives: `HF_TOKEN_PATH`, else `HF_HOME/token`. */
  tokenPath: string;
  /** `HF_HUB_DISABLE_PROGRESS_BARS` is true. */
  disableProgress: boolean;
}

function isTrue(v: string | undefined): boolean {
  return v !== undefined && ['1', 'ON', 'YES', 'TRUE'].includes(v.trim().toUpperCase());
}

function join(a: string, b: string): string {
  return a.endsWith('/') || a.endsWith('\\') ? a + b : `${a}/${b}`;
}

function expandUser(p: string, home: string): string {
  return p === '~' || p.startsWith('~/') || p.startsWith('~\\') ? home + p.slice(1) : p;
}

/** Hub settings from `env` (normally `process.env`) and the user's home folder. */
export function hubEnvironment(env: Record<string, string | undefined>, home: string): HubEnvironment {
  const hfHome = expandUser(
    env.HF_HOME ?? join(env.XDG_CACHE_HOME ?? join(home, '.cache'), 'huggingface'),
    home,
  );
  const cacheDir = expandUser(env.HF_HUB_CACHE ?? env.HUGGINGFACE_HUB_CACHE ?? join(hfHome, 'hub'), home);
  const token = (env.HF_TOKEN ?? env.HUGGING_FACE_HUB_TOKEN)?.trim();
  return {
    endpoint: (env.HF_ENDPOINT ?? DEFAULT_ENDPOINT).replace(/\/+$/, ''),
    cacheDir,
    offline: isTrue(env.HF_HUB_OFFLINE ?? env.TRANSFORMERS_OFFLINE),
    token: token ? token : undefined,
    tokenPath: expandUser(env.HF_TOKEN_PATH ?? join(hfHome, 'token'), home),
    disableProgress: isTrue(env.HF_HUB_DISABLE_PROGRESS_BARS),
  };
}

/** Paths inside a hub cache for one repo (huggingface_hub's layout, shared with Python). */
export interface RepoCachePaths {
  /** `<cache>/models--org--name` */
  root: string;
  /** `<root>/blobs/<etag>`: the file's bytes, named by its blob id. */
  blob(etag: string): string;
  /** `<root>/refs/<revision>`: the commit a branch or tag pointed to when last resolved. */
  ref(revision: string): string;
  /** `<root>/snapshots/<commit>/<file>`: a relative symlink to the blob (a copy where links fail). */
  snapshotFile(commit: string, file: string): string;
  /** `<root>/snapshots/<commit>`: the folder of one revision's files. */
  snapshotDir(commit: string): string;
}

/**
 * The cache paths of `repoId` (`org/name`) under `cacheDir` (e.g. `~/.cache/huggingface/hub`), laid
 * out as huggingface_hub lays them out.
 */
export function repoCachePaths(cacheDir: string, repoId: string): RepoCachePaths {
  const root = join(cacheDir, repoFolderName(repoId));
  return {
    root,
    blob: (etag) => `${root}/blobs/${etag}`,
    ref: (revision) => `${root}/refs/${revision}`,
    snapshotFile: (commit, file) => `${root}/snapshots/${commit}/${file}`,
    snapshotDir: (commit) => `${root}/snapshots/${commit}`,
  };
}

/** `{endpoint}/{org}/{name}/resolve/{revision}/{file}` (revision URL-encoded, `/` in it included). */
export function resolveUrl(endpoint: string, repoId: string, revision: string, file: string): string {
  const repo = repoId.split('/').map(encodeURIComponent).join('/');
  const path = file.split('/').map(encodeURIComponent).join('/');
  return `${endpoint}/${repo}/resolve/${encodeURIComponent(revision)}/${path}`;
}

/** A blob id from an `ETag`/`X-Linked-Etag` header: weak prefix and quotes removed. */
export function normalizeEtag(v: string | null): string | null {
  if (!v) return null;
  const e = v.replace(/^W\//, '').replace(/^"+|"+$/g, '');
  // A blob id becomes a file name: never `.`/`..`, a path, or anything but a hash-like token.
  return /^(?!.*\.\.)[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$/.test(e) ? e : null;
}
