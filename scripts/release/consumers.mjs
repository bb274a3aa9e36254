// Consumer tests: clean folders outside the workspace that install from the registry, as a user
// would, and run every code block of every package README there.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { writeExampleFiles } from './example-files.mjs';
import { startExampleHub, withHub } from './example-hub.mjs';
import { blockKind, readmeBlocks } from './readme-blocks.mjs';
import { workspacePackages } from './workspace.mjs';

const BLOCK_TIMEOUT_MS = 240_000;
const INSTALL_TIMEOUT_MS = 600_000;
const PNPM_ALLOW = ['--allow-build=protobufjs', '--allow-build=@albert-ts/backend-native'];

function sh(cmd, args, opts) {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    timeout: BLOCK_TIMEOUT_MS,
    maxBuffer: 64 << 20,
    ...opts,
  });
  return {
    code: r.status ?? (r.signal ? 128 : 1),
    out: `${r.stdout ?? ''}`,
    err: `${r.stderr ?? ''}${r.error ? `\n${r.error.message}` : ''}`,
  };
}

/** `sh` without blocking, so installs (network- and disk-bound) overlap. */
function shAsync(cmd, args, opts) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), INSTALL_TIMEOUT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: 1, out, err: `${err}\n${cmd}: ${e.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), out, err: signal ? `${err}\nkilled by ${signal}` : err });
    });
  });
}

/** Runs `jobs` (functions returning promises) with at most `n` at a time, results in order. */
async function pool(jobs, n) {
  const results = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, jobs.length) }, worker));
  return results;
}

function consumerFolder(dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "name": "consumer", "private": true, "type": "module" }\n');
  return dir;
}

/** Lines of a shell block that are workspace (developer) commands, not a consumer's. */
const WORKSPACE_LINE = /^(pnpm (?!add\b|dlx\b)|git |cd |ALBERT_\w+=\S+ pnpm |turbo )/;

function isComment(l) {
  return l.trim() === '' || l.trim().startsWith('#');
}

/** Runs one README block in `dir`; returns `{ status: 'ran' | 'skipped' | 'workspace', ok, detail }`. */
export function runBlock(block, dir, env) {
  if (block.skip) return { status: 'skipped', ok: true, detail: block.skip };
  const kind = blockKind(block.lang);
  if (kind === 'other') return { status: 'text', ok: true, detail: 'not code' };
  if (kind === 'shell') {
    const lines = block.code.split('\n').filter((l) => !isComment(l));
    if (lines.length && lines.every((l) => WORKSPACE_LINE.test(l.trim()))) {
      return {
        status: 'workspace',
        ok: true,
        detail: 'workspace commands (.ci/run runs the workspace build and tests)',
      };
    }
    const r = sh('bash', ['-euo', 'pipefail', '-c', block.code], { cwd: dir, env });
    return {
      status: 'ran',
      ok: r.code === 0,
      detail: r.code === 0 ? '' : `exit ${r.code}: ${(r.err || r.out).slice(-1500)}`,
      out: r.out,
    };
  }
  const js = ts.transpileModule(block.code, {
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: false,
    },
  }).outputText;
  const file = join(dir, `readme-block-${block.line}.mjs`);
  writeFileSync(file, js);
  const r = sh(process.execPath, [file], { cwd: dir, env });
  let ok = r.code === 0;
  let detail = ok ? '' : `exit ${r.code}: ${(r.err || r.out).slice(-1500)}`;
  if (ok && block.expect !== undefined) {
    const norm = (s) => s.replace(/[ \t]+$/gm, '').trim();
    if (norm(r.out) !== norm(block.expect)) {
      ok = false;
      detail = `printed\n${r.out}\nbut the README says\n${block.expect}`;
    }
  }
  return { status: 'ran', ok, detail, out: r.out };
}

function installed(dir, scope) {
  return existsSync(join(dir, 'node_modules', scope)) ? readdirSync(join(dir, 'node_modules', scope)) : [];
}

export async function runConsumers({ registry, work, packages, npmrc }) {
  mkdirSync(work, { recursive: true }); // the global install runs there from the start
  const results = [];
  const env = {
    ...process.env,
    npm_config_registry: registry,
    npm_config_userconfig: npmrc,
    HF_HUB_OFFLINE: '1',
    FORCE_COLOR: '0',
    CI: process.env.CI ?? '',
  };
  delete env.npm_config_prefix;
  const record = (r) => {
    results.push(r);
    console.log(
      `${r.ok ? 'ok  ' : 'FAIL'} ${r.what}${r.detail ? `\n     ${r.detail.replace(/\n/g, '\n     ')}` : ''}`,
    );
  };
  const libs = packages.filter((p) => p.name !== '@albert-ts/cli');
  const readmes = new Map(workspacePackages().map((p) => [p.manifest.name, join(p.dir, 'README.md')]));

  // Each library alone, with npm and with pnpm, several installs at a time (they mostly wait on
  // the registry and the disk); then the README blocks, one at a time, in the npm folders.
  const installs = libs.flatMap((p) =>
    ['npm', 'pnpm'].map((pm) => async () => {
      const dir = consumerFolder(join(work, pm, p.name.replace('/', '+')));
      const spec = `${p.name}@${p.version}`;
      const t0 = Date.now();
      const r =
        pm === 'npm'
          ? await shAsync('npm', ['install', '--no-audit', '--no-fund', spec], { cwd: dir, env })
          : // pnpm ≥ 11 fails an install whose tree has unapproved build scripts; the READMEs say
            // which to allow (protobufjs's version check, our addon's compile-if-no-prebuild).
            await shAsync('pnpm', ['add', spec, `--registry=${registry}`, ...PNPM_ALLOW], { cwd: dir, env });
      return { p, pm, dir, spec, r, seconds: (Date.now() - t0) / 1000 };
    }),
  );
  const cli = packages.find((p) => p.name === '@albert-ts/cli');
  const prefix = join(work, 'global');
  const genv = { ...env, npm_config_prefix: prefix, PATH: `${join(prefix, 'bin')}:${env.PATH}` };
  const globalInstall = cli
    ? shAsync('npm', ['install', '-g', '--no-audit', '--no-fund', `${cli.name}@${cli.version}`], {
        cwd: work,
        env: genv,
      })
    : null;
  // Hub ids in the README blocks resolve against a local test Hub (see example-hub.mjs).
  const hub = await startExampleHub();
  const blockEnv = withHub(env, hub);
  for (const { p, pm, dir, spec, r, seconds } of await pool(installs, 4)) {
    record({
      what: `${pm} install ${spec} (alone, ${seconds.toFixed(0)} s)`,
      ok: r.code === 0,
      detail: r.code ? r.err.slice(-1500) : '',
    });
    if (r.code) continue;
    const load = sh(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import('${p.name}'); console.log(Object.keys(m).length)`,
      ],
      { cwd: dir, env },
    );
    record({
      what: `${pm}: import('${p.name}') in a clean folder`,
      ok: load.code === 0,
      detail: load.code ? load.err.slice(-800) : `${load.out.trim()} exports`,
    });
    if (pm === 'npm' && p.name === '@albert-ts/tokenizer') {
      const tf = installed(dir, '@tensorflow');
      record({
        what: 'npm i @albert-ts/tokenizer installs no tfjs',
        ok: tf.length === 0,
        detail: tf.length ? `found @tensorflow/${tf.join(', @tensorflow/')}` : '',
      });
    }
    if (pm !== 'npm') continue;
    await writeExampleFiles(dir);
    for (const block of readmeBlocks(readmes.get(p.name))) {
      const b = runBlock(block, dir, blockEnv);
      record({
        what: `README ${p.name} block at line ${block.line} (${block.lang || 'text'}): ${b.status}`,
        ok: b.ok,
        detail: b.detail,
      });
    }
  }

  // The CLI, installed globally (into its own prefix), then its README and a prediction.
  if (cli) {
    const g = await globalInstall;
    record({
      what: `npm i -g ${cli.name}@${cli.version}`,
      ok: g.code === 0,
      detail: g.code ? g.err.slice(-1500) : '',
    });
    const dir = consumerFolder(join(work, 'cli'));
    await writeExampleFiles(dir);
    const checks = [
      ['albert', ['--help']],
      ['albert', ['predict', 'fill-mask', '-m', 'masked-lm', 'the man went to the [MASK] of the city.']],
      ['npx', ['--yes', '@albert-ts/cli', 'demo', '--help']],
    ];
    for (const [cmd, args] of checks) {
      const r = sh(cmd, args, { cwd: dir, env: genv });
      record({
        what: `${cmd} ${args.join(' ')}`,
        ok: r.code === 0,
        detail: r.code
          ? `exit ${r.code}: ${(r.err || r.out).slice(-1500)}`
          : r.out.split('\n').slice(0, 3).join(' | '),
      });
    }
    for (const block of readmeBlocks(readmes.get(cli.name))) {
      const r = runBlock(block, dir, withHub(genv, hub));
      record({
        what: `README ${cli.name} block at line ${block.line} (${block.lang || 'text'}): ${r.status}`,
        ok: r.ok,
        detail: r.detail,
      });
    }
  }

  hub.stop();
  const failed = results.filter((r) => !r.ok);
  console.log(`\nconsumer checks: ${results.length}, failed ${failed.length}`);
  if (failed.length) {
    throw new Error(`consumer tests failed:\n${failed.map((f) => `  ${f.what}`).join('\n')}`);
  }
  return results;
}
