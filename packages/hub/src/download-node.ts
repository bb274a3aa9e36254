import {
  hubEnvironment,
  normalizeEtag,
  type RepoCachePaths,
  repoCachePaths,
  resolveUrl,
} from './cache-layout.js';
import { downloadBlob } from './download-blob.js';
import { HubError } from './errors.js';
import { nodeFs, nodePath } from './fs.js';
import { headResolve, hubHttpError, isEntryNotFound, metadataOf } from './http.js';
import type { HubOptions, HubProgress } from './options.js';
import { defaultProgress } from './progress.js';
import { COMMIT_SHA, type HubRepo } from './repo-id.js';

async function nodeModule<T>(spec: string): Promise<T> {
  return (await import(/* @vite-ignore */ spec)) as T;
}

async function exists(path: string): Promise<boolean> {
  const fs = await nodeFs();
  try {
    await fs.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Settings of one resolution: options over the environment. */
interface Settings {
  endpoint: string;
  cacheDir: string;
  offline: boolean;
  token: string | undefined;
  progress: ((p: HubProgress) => void) | null;
  fetch: typeof fetch;
}

async function settings(opts: HubOptions): Promise<Settings> {
  const os = await nodeModule<typeof import('node:os')>('node:os');
  const env = hubEnvironment(process.env, os.homedir());
  let token: string | undefined;
  if (opts.token === false) token = undefined;
  else if (typeof opts.token === 'string') token = opts.token;
  else if (env.token) token = env.token;
  else {
    try {
      token = (await (await nodeFs()).readFile(env.tokenPath, 'utf8')).trim() || undefined;
    } catch {
      token = undefined;
    }
  }
  return {
    endpoint: (opts.endpoint ?? env.endpoint).replace(/\/+$/, ''),
    cacheDir: opts.cacheDir ?? env.cacheDir,
    offline: opts.localFilesOnly === true || env.offline,
    token,
    progress: opts.onProgress === false ? null : (opts.onProgress ?? defaultProgress(env.disableProgress)),
    fetch: opts.fetch ?? globalThis.fetch,
  };
}

function networkError(e: unknown): boolean {
  return !(e instanceof HubError);
}

/**
 * One revision of a Hub repo in the local hub cache (huggingface_hub's layout, shared with
 * Python): files are fetched into `blobs/<etag>` through `<etag>.incomplete` + rename, linked from
 * `snapshots/<commit>/<file>`, and `refs/<revision>` records the commit of a branch or tag. A
 * revision that is a commit sha, or offline mode, reads the cache without any request; a file
 * already in the snapshot is never fetched again.
 */
export class HubSnapshot {
  /** The commit, once known (from the revision, refs/ or the first response). */
  private commit: string | null;
  private constructor(
    readonly repo: HubRepo,
    private readonly s: Settings,
    private readonly paths: RepoCachePaths,
    commit: string | null,
  ) {
    this.commit = commit;
  }

  /**
   * Opens `repo` at its revision in the hub cache, resolving a branch or tag to its commit (from
   * `refs/` when offline). Throws `HubError` when offline and the revision is not cached.
   */
  static async open(repo: HubRepo, opts: HubOptions = {}): Promise<HubSnapshot> {
    const s = await settings(opts);
    const paths = repoCachePaths(s.cacheDir, repo.repoId);
    let commit = COMMIT_SHA.test(repo.revision) ? repo.revision : null;
    if (commit === null && s.offline) commit = await HubSnapshot.cachedRef(paths, repo.revision);
    if (commit === null && s.offline) {
      throw new HubError(
        'IO',
        `${repo.repoId}@${repo.revision}: not in the hub cache ${s.cacheDir} and offline ` +
          `(${opts.localFilesOnly ? 'localFilesOnly' : 'HF_HUB_OFFLINE'}); download it once online`,
      );
    }
    if (typeof s.fetch !== 'function' && !s.offline)
      throw new HubError('IO', 'no fetch() available for the Hub');
    return new HubSnapshot(repo, s, paths, commit);
  }

  private static async cachedRef(paths: RepoCachePaths, revision: string): Promise<string | null> {
    try {
      const c = (await (await nodeFs()).readFile(paths.ref(revision), 'utf8')).trim();
      return COMMIT_SHA.test(c) ? c : null;
    } catch {
      return null;
    }
  }

  /** True when no request is made (offline mode or `localFilesOnly`). */
  get offline(): boolean {
    return this.s.offline;
  }

  private get where(): string {
    return `${this.repo.repoId}@${this.repo.revision}`;
  }

  /** The snapshot folder (`snapshots/<commit>`); known after the first file resolved. */
  get dir(): string {
    if (!this.commit) throw new HubError('IO', `${this.where}: no file resolved yet`);
    return this.paths.snapshotDir(this.commit);
  }

  /**
   * The local path of `file` in the snapshot, downloading it if needed; `null` when the repo has
   * no such file (and, offline, when the cache has none).
   */
  async file(file: string): Promise<string | null> {
    if (file.split('/').some((p) => p === '' || p === '.' || p === '..') || file.includes('\\')) {
      throw new HubError('IO', `${this.where}: unsafe file name ${JSON.stringify(file)}`);
    }
    if (this.commit && (await exists(this.paths.snapshotFile(this.commit, file)))) {
      return this.paths.snapshotFile(this.commit, file);
    }
    if (this.s.offline) return null;
    const url = resolveUrl(this.s.endpoint, this.repo.repoId, this.commit ?? this.repo.revision, file);
    let head: Awaited<ReturnType<typeof headResolve>>;
    try {
      head = await headResolve(this.s.fetch, url, this.s.endpoint, this.s.token);
    } catch (e) {
      // As huggingface_hub: when the Hub cannot be reached, fall back to what the cache holds.
      const cached = networkError(e) ? await this.fromCacheAfterFailure(file) : null;
      if (cached) return cached;
      throw new HubError('IO', `${this.where}: cannot reach ${this.s.endpoint}: ${(e as Error).message}`, {
        cause: e,
      });
    }
    const { res } = head;
    if (isEntryNotFound(res)) return null;
    if (res.status >= 400)
      throw hubHttpError(res, this.repo.repoId, this.repo.revision, file, !!this.s.token);
    const meta = metadataOf(res, head.url);
    const etag = normalizeEtag(meta.etag);
    const commit = meta.commit ?? this.commit;
    if (!etag || !commit || !COMMIT_SHA.test(commit)) {
      throw new HubError(
        'IO',
        `${this.where}: ${file}: the server sent no usable ETag / X-Repo-Commit (is ${this.s.endpoint} a Hugging Face Hub?)`,
      );
    }
    if (!this.commit) {
      this.commit = commit;
      if (!COMMIT_SHA.test(this.repo.revision)) await this.writeRef(commit);
    }
    const pointer = this.paths.snapshotFile(this.commit, file);
    const blob = this.paths.blob(etag);
    if (!(await exists(blob))) await downloadBlob(this.s, this.repo, file, meta.url, blob, etag, meta.size);
    await this.link(blob, pointer);
    return pointer;
  }

  /** Whether the repo holds `file` (the snapshot, else a HEAD), without downloading it. */
  async has(file: string): Promise<boolean> {
    if (this.commit && (await exists(this.paths.snapshotFile(this.commit, file)))) return true;
    if (this.s.offline) return false;
    const url = resolveUrl(this.s.endpoint, this.repo.repoId, this.commit ?? this.repo.revision, file);
    try {
      const { res } = await headResolve(this.s.fetch, url, this.s.endpoint, this.s.token);
      return res.status < 400;
    } catch {
      return false;
    }
  }

  private async fromCacheAfterFailure(file: string): Promise<string | null> {
    const commit = this.commit ?? (await HubSnapshot.cachedRef(this.paths, this.repo.revision));
    if (!commit) return null;
    const p = this.paths.snapshotFile(commit, file);
    if (!(await exists(p))) return null;
    this.commit = commit;
    return p;
  }

  private async writeRef(commit: string): Promise<void> {
    const fs = await nodeFs();
    const path = await nodePath();
    const ref = this.paths.ref(this.repo.revision);
    await fs.mkdir(path.dirname(ref), { recursive: true });
    const tmp = `${ref}.${process.pid}.tmp`;
    await fs.writeFile(tmp, commit);
    await fs.rename(tmp, ref);
  }

  private async link(blob: string, pointer: string): Promise<void> {
    const fs = await nodeFs();
    const path = await nodePath();
    await fs.mkdir(path.dirname(pointer), { recursive: true });
    const rel = path.relative(path.dirname(pointer), blob);
    try {
      await fs.symlink(rel, pointer);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return;
      // No symlinks (Windows without developer mode, some file systems): a copy, as huggingface_hub.
      await fs.copyFile(blob, `${pointer}.incomplete`);
      await fs.rename(`${pointer}.incomplete`, pointer);
    }
  }
}
