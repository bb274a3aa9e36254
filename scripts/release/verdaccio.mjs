// A real npm registry on 127.0.0.1 for the dry release: Verdaccio with its own storage in a temp
// folder, our scope published locally, everything else proxied from the public registry.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from './workspace.mjs';

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

async function waitUp(url, child, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited with ${child.exitCode} before answering`);
    try {
      const r = await fetch(`${url}-/ping`);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`verdaccio did not answer ${url}-/ping within ${ms} ms`);
}

/** Starts Verdaccio; returns `{ url, stop() }`. Its log goes to `<dir>/verdaccio.log`. */
export async function startVerdaccio(
  dir,
  { uplink = process.env.npm_config_registry || 'https://registry.npmjs.org/' } = {},
) {
  mkdirSync(join(dir, 'storage'), { recursive: true });
  const port = await freePort();
  const config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    [
      `storage: ${join(dir, 'storage')}`,
      'auth:',
      '  htpasswd:',
      `    file: ${join(dir, 'htpasswd')}`,
      '    max_users: 10',
      'uplinks:',
      '  npmjs:',
      `    url: ${uplink}`,
      '    timeout: 120s',
      '    maxage: 30m',
      'packages:',
      "  '@albert-ts/*':",
      '    access: $all',
      '    publish: $authenticated',
      "  '**':",
      '    access: $all',
      '    proxy: npmjs',
      'log: { type: file, path: ' + join(dir, 'verdaccio.log') + ', level: warn }',
      'max_body_size: 200mb',
      '',
    ].join('\n'),
  );
  const bin = join(repoRoot, 'node_modules', '.bin', 'verdaccio');
  const child = spawn(bin, ['--config', config, '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: false,
  });
  const url = `http://127.0.0.1:${port}/`;
  await waitUp(url, child, 60_000);
  return {
    url,
    stop: () =>
      new Promise((ok) => {
        if (child.exitCode !== null) return ok();
        child.once('exit', () => ok());
        child.kill('SIGTERM');
      }),
  };
}

/** A user on the registry (Verdaccio's htpasswd sign-up, as `npm adduser` does); returns its token. */
export async function registryToken(url, name = 'albert-release', password = 'albert-release-dry-run') {
  const res = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ _id: `org.couchdb.user:${name}`, name, password, type: 'user', roles: [] }),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok || !body.token)
    throw new Error(`could not sign up on ${url}: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body.token;
}

/** An npmrc for `url` with `token` (written to a file passed as --userconfig, never ~/.npmrc). */
export function writeNpmrc(file, url, token) {
  const host = url.replace(/^https?:/, '');
  writeFileSync(
    file,
    `registry=${url}\n${host}:_authToken=${token}\nfund=false\naudit=false\nupdate-notifier=false\n`,
  );
  return file;
}
