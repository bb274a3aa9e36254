import { createReadStream, statSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import type { Connect, Plugin } from 'vite';
import { defineConfig } from 'vite';

const TYPES: Record<string, string> = { '.json': 'application/json', '.wasm': 'application/wasm' };

/**
 * Serves a local folder under `/files/` (dev and preview) when ALBERT_PLAYGROUND_FILES names one,
 * so checkpoints on disk can be tried without a separate server: `/files/<model dir>/`.
 */
function localFiles(): Plugin {
  const root = process.env.ALBERT_PLAYGROUND_FILES ? resolve(process.env.ALBERT_PLAYGROUND_FILES) : null;
  const middleware: Connect.NextHandleFunction = (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!root || !url.pathname.startsWith('/files/')) return next();
    const file = resolve(root, `.${decodeURIComponent(url.pathname.slice('/files'.length))}`);
    if (!(file + sep).startsWith(root + sep) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    res.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
    createReadStream(file).pipe(res);
  };
  return {
    name: 'albert-local-files',
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}

export default defineConfig({
  // Relative asset URLs: the built page works from any folder of any static host.
  base: './',
  // One tfjs engine: the backends, core and heads must all share the application's tfjs-core.
  resolve: { dedupe: ['@tensorflow/tfjs-core'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  plugins: [localFiles()],
});
