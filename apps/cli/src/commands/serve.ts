import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Register, withConfig } from '../program.js';
import { findRunModels, latestDemoRun } from '../serve/find-models.js';
import { startServer } from '../serve/static-server.js';
import { CliFailure, UsageError } from '../util/errors.js';
import { int } from '../util/parse.js';

interface ServeOptions {
  port: number;
  host: string;
}

/** The playground's static build, copied beside the CLI's own files when the CLI is built. */
function playgroundDir(): string {
  const dir = process.env.ALBERT_PLAYGROUND_DIR ?? fileURLToPath(new URL('../playground/', import.meta.url));
  if (!existsSync(join(dir, 'index.html'))) {
    throw new CliFailure(
      `the playground is not built into this CLI (${dir} has no index.html): run \`pnpm --filter @albert-ts/cli... build\``,
    );
  }
  return dir;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export const registerServe: Register = (program, context) => {
  const cmd = program
    .command('serve')
    .description(
      "open a run's models in the browser playground (fill-mask, classify, answer, attention maps)",
    )
    .argument('[run-dir]', 'a folder with model folders (default: the newest runs/demo-*)')
    .option('-p, --port <n>', 'port (0 picks a free one)', int(0, 65535), 8370)
    .option(
      '--host <addr>',
      'address to listen on (loopback only: the server has no access control)',
      '127.0.0.1',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  albert serve                      # the latest demo run, on http://127.0.0.1:8370/\n  albert serve runs/demo-2026-12-06 --port 0',
    );
  withConfig(cmd).action(async (runArg: string | undefined, o: ServeOptions) => {
    const { out } = context(cmd);
    if (!LOOPBACK.has(o.host)) {
      throw new UsageError(
        `--host ${o.host}: only loopback addresses are served (127.0.0.1, ::1, localhost)`,
      );
    }
    const run = resolve(runArg ?? latestDemoRun(process.cwd()));
    if (!existsSync(run)) throw new UsageError(`run folder ${run} does not exist`);
    const models = findRunModels(run);
    if (models.length === 0) {
      throw new UsageError(
        `${run}: no model folders (config.json + model.safetensors with a spiece.model or tokenizer.json) found`,
      );
    }
    const listing = () => ({
      run,
      models: findRunModels(run).map((m) => ({
        name: m.name,
        architecture: m.architecture,
        url: `models/${m.folder ? `${m.folder}/` : ''}`,
        tokenizerUrl: `models/${m.tokenizer}`,
      })),
    });
    const page = playgroundDir();
    // The page asks for the listing only when it is marked so: on a plain static host it asks nothing.
    const index = readFileSync(join(page, 'index.html'), 'utf8').replace(
      '<head>',
      '<head>\n    <meta name="albert-models" content="api/models.json" />',
    );
    const server = await startServer(
      [
        { paths: ['/api/models.json'], type: 'application/json', body: () => JSON.stringify(listing()) },
        { paths: ['/', '/index.html'], type: 'text/html; charset=utf-8', body: () => index },
        { prefix: '/models/', folder: run },
        { prefix: '/', folder: page },
      ],
      o.host,
      o.port,
    );
    out.result(
      { event: 'serving', url: server.url, run, models: models.map((m) => m.name) },
      `serving ${server.url} — ${models.length} model${models.length === 1 ? '' : 's'} of ${run}: ${models
        .map((m) => m.name)
        .join(', ')}\n(Ctrl-C stops)`,
    );
    await new Promise<void>((done) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        done();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await server.close();
  });
};
