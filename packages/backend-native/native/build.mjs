#!/usr/bin/env node
// Builds the addon with node-gyp and NEVER fails the surrounding install/build: where there is
// no compiler or no BLAS, it records why in dist/native-build.json (registerNativeKernels()
// then reports {native: false, reason}) and exits 0.
//
//   node native/build.mjs            (package "build" script: compile if sources changed)
//   node native/build.mjs --install  (package "install" script: skipped inside the albert-ts
//                                     workspace, where `pnpm build` compiles)
//   node native/build.mjs --force    (recompile)
// Env: ALBERT_NATIVE_BUILD=0 skips compiling (records the reason).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = dirname(dirname(fileURLToPath(import.meta.url)));
const addonPath = join(pkgDir, 'build', 'Release', 'albert_native.node');
const statusPath = join(pkgDir, 'dist', 'native-build.json');
const args = new Set(process.argv.slice(2));

function record(status) {
  mkdirSync(dirname(statusPath), { recursive: true });
  writeFileSync(
    statusPath,
    `${JSON.stringify({ ...status, node: process.version, platform: process.platform, arch: process.arch }, null, 2)}\n`,
  );
}

function newestSource() {
  let t = statSync(join(pkgDir, 'binding.gyp')).mtimeMs;
  for (const f of readdirSync(join(pkgDir, 'native')))
    t = Math.max(t, statSync(join(pkgDir, 'native', f)).mtimeMs);
  return t;
}

// Two builds of this package at once (e.g. a repo-wide build while the package's own runs)
// would share build/: take a lock directory, waiting for the other build.
const lockDir = join(pkgDir, '.native-build.lock');
function lock() {
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      return;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      try {
        if (Date.now() - statSync(lockDir).mtimeMs > 15 * 60_000)
          rmSync(lockDir, { recursive: true, force: true });
      } catch {}
      if (Date.now() > deadline) throw new Error('timed out waiting for another native build');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
}
function unlock() {
  rmSync(lockDir, { recursive: true, force: true });
}

function findNodeGyp() {
  const candidates = [];
  try {
    candidates.push(createRequire(join(pkgDir, 'package.json')).resolve('node-gyp/bin/node-gyp.js'));
  } catch {}
  if (process.env.npm_config_node_gyp) candidates.push(process.env.npm_config_node_gyp);
  const prefix = dirname(dirname(process.execPath));
  candidates.push(
    join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  );
  candidates.push(join(prefix, 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  return candidates.find((c) => c && existsSync(c)) ?? null;
}

function upToDate() {
  return existsSync(addonPath) && statSync(addonPath).mtimeMs >= newestSource();
}

function main() {
  if (args.has('--install') && existsSync(join(pkgDir, '..', '..', 'pnpm-workspace.yaml'))) {
    console.log('albert-native: inside the albert-ts workspace; `pnpm build` compiles the addon');
    return;
  }
  if (process.env.ALBERT_NATIVE_BUILD === '0') {
    record({ ok: false, reason: 'build skipped (ALBERT_NATIVE_BUILD=0)' });
    console.log('albert-native: build skipped (ALBERT_NATIVE_BUILD=0)');
    return;
  }
  if (!args.has('--force') && upToDate()) {
    record({ ok: true, reason: null, upToDate: true });
    console.log('albert-native: addon up to date');
    return;
  }
  lock();
  try {
    if (!args.has('--force') && upToDate()) {
      record({ ok: true, reason: null, upToDate: true });
      console.log('albert-native: addon up to date (built by a concurrent build)');
      return;
    }
    compile();
  } finally {
    unlock();
  }
}

function compile() {
  const gyp = findNodeGyp();
  if (!gyp) {
    record({ ok: false, reason: 'node-gyp not found' });
    console.warn('albert-native: node-gyp not found; the wasm backend will run without native kernels');
    return;
  }
  const common = [];
  // Use the headers installed next to this node when present (no download).
  const nodeDir = dirname(dirname(process.execPath));
  if (
    existsSync(join(nodeDir, 'include', 'node', 'node_api.h')) &&
    existsSync(join(nodeDir, 'include', 'node', 'common.gypi'))
  ) {
    common.push(`--nodedir=${nodeDir}`);
  }
  const started = Date.now();
  // Configure only when needed, then build incrementally: `rebuild` would delete the working
  // addon first, under the feet of anything using it meanwhile.
  const configGypi = join(pkgDir, 'build', 'config.gypi');
  const needConfigure =
    args.has('--force') ||
    !existsSync(configGypi) ||
    statSync(join(pkgDir, 'binding.gyp')).mtimeMs > statSync(configGypi).mtimeMs;
  let r = { status: 0, stdout: '', stderr: '' };
  if (needConfigure)
    r = spawnSync(process.execPath, [gyp, 'configure', ...common], {
      cwd: pkgDir,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
  if (r.status === 0) {
    r = spawnSync(process.execPath, [gyp, 'build', '--jobs=max', ...common], {
      cwd: pkgDir,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
  }
  const log = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
  if (r.status !== 0 || !existsSync(addonPath)) {
    const tail = log
      .split('\n')
      .filter((l) => /error|not found|cannot|No such/i.test(l))
      .slice(-6)
      .join(' | ');
    record({
      ok: false,
      reason: `node-gyp failed (exit ${r.status ?? r.signal}): ${tail || r.error?.message || 'see build log'}`,
    });
    console.warn(
      `albert-native: native build failed; the wasm backend will run without native kernels.\n${tail}`,
    );
    return;
  }
  // Load it once in a child: a missing shared library (e.g. libopenblas.so.0) shows here.
  const check = spawnSync(
    process.execPath,
    ['-e', `console.log(JSON.stringify(require(${JSON.stringify(addonPath)}).info()))`],
    {
      encoding: 'utf8',
    },
  );
  if (check.status !== 0) {
    record({
      ok: false,
      reason: `addon built but does not load: ${(check.stderr || '').split('\n').find((l) => l.trim()) ?? ''}`,
    });
    console.warn('albert-native: addon built but does not load');
    return;
  }
  record({ ok: true, reason: null, seconds: (Date.now() - started) / 1000, info: JSON.parse(check.stdout) });
  console.log(
    `albert-native: addon built in ${((Date.now() - started) / 1000).toFixed(1)} s (${check.stdout.trim()})`,
  );
}

try {
  main();
} catch (e) {
  try {
    record({ ok: false, reason: `build script error: ${e?.message ?? e}` });
  } catch {}
  console.warn(`albert-native: ${e?.message ?? e}`);
}
