import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};

/** A URL prefix served from a folder, or exact paths answered with generated content. */
export type Route =
  | { prefix: string; folder: string }
  | { paths: string[]; type: string; body: () => string };

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** The file under `root` that `rel` names, or null when it escapes `root` or is not a file. */
function fileInside(root: string, rel: string): string | null {
  const file = resolve(root, `.${rel.endsWith('/') ? `${rel}index.html` : rel}`);
  if (file !== root && !file.startsWith(root + sep)) return null;
  return statSync(file, { throwIfNoEntry: false })?.isFile() ? file : null;
}

/** A read-only HTTP server for local use: GET/HEAD only, no directory listings, nothing outside its folders. */
export async function startServer(routes: Route[], host: string, port: number): Promise<RunningServer> {
  const folders = routes
    .filter((r): r is { prefix: string; folder: string } => 'prefix' in r)
    .map((r) => ({ prefix: r.prefix, folder: resolve(r.folder) }))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  const exact = new Map<string, { type: string; body: () => string }>();
  for (const r of routes) if ('paths' in r) for (const p of r.paths) exact.set(p, r);
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://local').pathname);
    } catch {
      res.writeHead(400).end('bad path');
      return;
    }
    const made = exact.get(path);
    if (made) {
      res.writeHead(200, { 'content-type': made.type, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : made.body());
      return;
    }
    const route = folders.find((r) => path.startsWith(r.prefix));
    const file = route ? fileInside(route.folder, `/${path.slice(route.prefix.length)}`) : null;
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const size = statSync(file).size;
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': size,
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok());
  });
  const addr = server.address() as AddressInfo;
  return {
    url: `http://${addr.address}:${addr.port}/`,
    close: () =>
      new Promise<void>((ok, fail) => {
        server.closeAllConnections();
        server.close((e) => (e ? fail(e) : ok()));
      }),
  };
}
