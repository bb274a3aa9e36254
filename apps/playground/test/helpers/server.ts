import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

export interface StaticServer {
  url: string;
  /** Paths the browser asked for (to check the page loads nothing from elsewhere). */
  requests: string[];
  close(): Promise<void>;
}

/** The file under `root` for a URL path, or null when it escapes `root` or is not a file. */
function inside(root: string, path: string): string | null {
  const file = resolve(root, `.${path.endsWith('/') ? `${path}index.html` : path}`);
  if (!(file + sep).startsWith(root + sep)) return null;
  return statSync(file, { throwIfNoEntry: false })?.isFile() ? file : null;
}

/**
 * A static server on 127.0.0.1: `mounts` maps URL prefixes to folders; `memory` serves generated
 * bytes at exact paths. Anything else is a 404.
 */
export async function serve(
  mounts: Record<string, string>,
  memory: Record<string, Uint8Array> = {},
): Promise<StaticServer> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(path);
    const bytes = memory[path];
    if (bytes) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(bytes);
      return;
    }
    const prefix = Object.keys(mounts)
      .filter((p) => path.startsWith(p))
      .sort((a, b) => b.length - a.length)[0];
    const file = prefix === undefined ? null : inside(mounts[prefix], `/${path.slice(prefix.length)}`);
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((ok, fail) => {
        server.closeAllConnections();
        server.close((e) => (e ? fail(e) : ok()));
      }),
  };
}
