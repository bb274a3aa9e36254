/**
 * A test Hugging Face Hub on 127.0.0.1 (port 0), built from the fixtures: it speaks the endpoints
 * the client uses (`HEAD`/`GET {repo}/resolve/{revision}/{file}` with `X-Repo-Commit`, `ETag`,
 * `X-Linked-Etag`, `X-Linked-Size`, `X-Error-Code`), sends LFS files (`*.safetensors`,
 * `*.bin`) through a 302 to a second server on another port (another origin, like a CDN),
 * answers 401 for a gated repo without its token, 404 for unknown repos/revisions/files, redirects
 * a renamed repo within the host, and can cut the connection in the middle of a download.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HubFile {
  path: string;
  bytes: Uint8Array;
}

export interface HubCommit {
  sha: string;
  files: HubFile[];
}

export interface HubRepoSpec {
  /** Branch and tag names → commit sha. */
  refs: Record<string, string>;
  commits: HubCommit[];
  /** Token required (401 GatedRepo without it, 403 with another). */
  gatedToken?: string;
}

export interface LoggedRequest {
  server: 'hub' | 'cdn';
  method: string;
  url: string;
  authorization: string | undefined;
  range: string | undefined;
}

export interface TestHub {
  endpoint: string;
  cdn: string;
  log: LoggedRequest[];
  /** Cut the next CDN download of a file with this name after half its bytes. */
  cutNext: Set<string>;
  close(): Promise<void>;
}

export function gitBlobSha1(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.byteLength}\0`).update(bytes).digest('hex');
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A fake 40-hex commit sha derived from a label. */
export function commitSha(label: string): string {
  return createHash('sha1').update(label).digest('hex');
}

const isLfs = (path: string): boolean => /\.(safetensors|bin|model)$/.test(path);

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
  });
}

export async function startTestHub(
  repos: Record<string, HubRepoSpec>,
  renamed: Record<string, string> = {},
  /** Extra files served by the Hub itself (a test page, so that its requests are same-origin). */
  pages: Record<string, { type: string; body: string | Uint8Array }> = {},
): Promise<TestHub> {
  const log: LoggedRequest[] = [];
  const cutNext = new Set<string>();
  const blobs = new Map<string, { bytes: Uint8Array; name: string }>();
  for (const r of Object.values(repos)) {
    for (const c of r.commits)
      for (const f of c.files) blobs.set(sha256(f.bytes), { bytes: f.bytes, name: f.path });
  }
  const sockets = new Set<import('node:net').Socket>();

  const cdn = createServer((req: IncomingMessage, res: ServerResponse) => {
    log.push({
      server: 'cdn',
      method: req.method ?? '',
      url: req.url ?? '',
      authorization: req.headers.authorization,
      range: req.headers.range,
    });
    const m = /^\/blobs\/([0-9a-f]{64})$/.exec(req.url ?? '');
    const blob = m ? blobs.get(m[1]) : undefined;
    if (!blob) {
      res.writeHead(404).end();
      return;
    }
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const from = range ? Number(range[1]) : 0;
    if (range && from < blob.bytes.byteLength) {
      const n = blob.bytes.byteLength;
      res.writeHead(206, {
        'content-length': n - from,
        'content-range': `bytes ${from}-${n - 1}/${n}`,
        'access-control-allow-origin': '*',
      });
      res.end(blob.bytes.subarray(from));
      return;
    }
    // Like the Hub's CDN: readable from pages of any origin.
    res.writeHead(200, {
      'content-length': blob.bytes.byteLength,
      'content-type': 'application/octet-stream',
      'access-control-allow-origin': '*',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    if (cutNext.has(blob.name)) {
      cutNext.delete(blob.name);
      res.write(blob.bytes.subarray(0, Math.floor(blob.bytes.byteLength / 2)), () => {
        setTimeout(() => res.socket?.destroy(), 20);
      });
      return;
    }
    res.end(blob.bytes);
  });
  const cdnBase = await listen(cdn);

  const hub = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '';
    const page = pages[url];
    if (page) {
      res.writeHead(200, { 'content-type': page.type }).end(page.body);
      return;
    }
    log.push({
      server: 'hub',
      method: req.method ?? '',
      url,
      authorization: req.headers.authorization,
      range: req.headers.range,
    });
    const m = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url);
    if (!m) {
      res.writeHead(404, { 'x-error-code': 'RepoNotFound' }).end();
      return;
    }
    const [, repoPath, revEnc, fileEnc] = m;
    const repoId = decodeURIComponent(repoPath);
    if (renamed[repoId]) {
      res.writeHead(307, { location: `/${renamed[repoId]}/resolve/${revEnc}/${fileEnc}` }).end();
      return;
    }
    const repo = repos[repoId];
    if (!repo) {
      res.writeHead(401, { 'x-error-code': 'RepoNotFound' }).end();
      return;
    }
    if (repo.gatedToken) {
      const auth = req.headers.authorization;
      if (auth !== `Bearer ${repo.gatedToken}`) {
        res.writeHead(auth ? 403 : 401, { 'x-error-code': 'GatedRepo' }).end();
        return;
      }
    }
    const rev = decodeURIComponent(revEnc);
    const sha = repo.refs[rev] ?? (repo.commits.some((c) => c.sha === rev) ? rev : undefined);
    const commit = repo.commits.find((c) => c.sha === sha);
    if (!commit) {
      res.writeHead(404, { 'x-error-code': 'RevisionNotFound' }).end();
      return;
    }
    const path = decodeURIComponent(fileEnc);
    const file = commit.files.find((f) => f.path === path);
    if (!file) {
      res.writeHead(404, { 'x-error-code': 'EntryNotFound', 'x-repo-commit': commit.sha }).end();
      return;
    }
    if (isLfs(path)) {
      const oid = sha256(file.bytes);
      res
        .writeHead(302, {
          location: `${cdnBase}/blobs/${oid}`,
          'x-repo-commit': commit.sha,
          etag: `"${gitBlobSha1(new TextEncoder().encode(`version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\n`))}"`,
          'x-linked-etag': `"${oid}"`,
          'x-linked-size': String(file.bytes.byteLength),
        })
        .end();
      return;
    }
    res.writeHead(200, {
      'x-repo-commit': commit.sha,
      etag: `"${gitBlobSha1(file.bytes)}"`,
      'content-length': file.bytes.byteLength,
      'content-type': 'application/octet-stream',
    });
    res.end(req.method === 'HEAD' ? undefined : file.bytes);
  });
  hub.on('connection', (s) => sockets.add(s));
  cdn.on('connection', (s) => sockets.add(s));
  const endpoint = await listen(hub);
  return {
    endpoint,
    cdn: cdnBase,
    log,
    cutNext,
    close: async () => {
      for (const s of sockets) s.destroy();
      await Promise.all([new Promise((r) => hub.close(r)), new Promise((r) => cdn.close(r))]);
    },
  };
}
